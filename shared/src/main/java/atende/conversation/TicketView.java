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
    Long sequence = ticket.getLong("sequence");
    return new TicketView(
        ticket.getId(),
        ticket.getString("instance"),
        ticket.getString("customerId"),
        ticket.getString("customerJid"),
        ticket.getString("customerName"),
        WireEnum.parse(TicketStatus.class, ticket.getString("status")).orElse(TicketStatus.OPEN),
        Boolean.TRUE.equals(ticket.getBoolean("aiPaused")),
        Optional.ofNullable(ticket.getString("category")),
        Optional.ofNullable(ticket.getString("priority")),
        Optional.ofNullable(ticket.getString("classificationSource")),
        Optional.ofNullable(ticket.getString("sentiment")),
        Boolean.TRUE.equals(ticket.getBoolean("escalation.required")),
        ticket.getTimestamp("createdAt"),
        Optional.ofNullable(ticket.getTimestamp("firstResponseAt")),
        sequence == null ? 1 : sequence);
  }

  /** A person took the conversation over (WhatsApp reply from the business phone, or the console). */
  public boolean humanOwned() {
    return aiPaused;
  }

  /** A person corrected the classification in the console: the AI must not overwrite it. */
  public boolean classifiedByHuman() {
    return classificationSource.filter("human"::equals).isPresent();
  }
}
