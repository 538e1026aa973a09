package atende.conversation;

import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import java.util.Optional;

/** The ticket fields the AI turn and the console commands decide on, read from {@code tickets/{id}}. */
public record TicketView(
    String id,
    String instance,
    String customerId,
    String customerJid,
    String customerName,
    TicketStatus status,
    boolean aiPaused,
    Optional<String> category,
    Optional<String> priority,
    Optional<String> classificationSource,
    Optional<String> sentiment,
    boolean escalationRequired,
    Timestamp createdAt,
    Optional<Timestamp> firstResponseAt,
    long sequence) {

  public static TicketView of(DocumentSnapshot ticket) {
    Long sequence = ticket.getLong(TicketSchema.SEQUENCE);
    return new TicketView(
        ticket.getId(),
        ticket.getString(TicketSchema.INSTANCE),
        ticket.getString(TicketSchema.CUSTOMER_ID),
        ticket.getString(TicketSchema.CUSTOMER_JID),
        ticket.getString(TicketSchema.CUSTOMER_NAME),
        WireEnum.parse(TicketStatus.class, ticket.getString(TicketSchema.STATUS)).orElse(TicketStatus.OPEN),
        Boolean.TRUE.equals(ticket.getBoolean(TicketSchema.AI_PAUSED)),
        Optional.ofNullable(ticket.getString(TicketSchema.CATEGORY)),
        Optional.ofNullable(ticket.getString(TicketSchema.PRIORITY)),
        Optional.ofNullable(ticket.getString(TicketSchema.CLASSIFICATION_SOURCE)),
        Optional.ofNullable(ticket.getString(TicketSchema.SENTIMENT)),
        Boolean.TRUE.equals(ticket.getBoolean(TicketSchema.ESCALATION_REQUIRED)),
        ticket.getTimestamp(TicketSchema.CREATED_AT),
        Optional.ofNullable(ticket.getTimestamp(TicketSchema.FIRST_RESPONSE_AT)),
        sequence == null ? 1 : sequence);
  }

  /** A person took the conversation over (WhatsApp reply from the business phone, or the console). */
  public boolean humanOwned() {
    return aiPaused;
  }

  /** A person corrected the classification in the console: the AI must not overwrite it. */
  public boolean classifiedByHuman() {
    return classificationSource.filter(TicketSchema.SOURCE_HUMAN::equals).isPresent();
  }
}
