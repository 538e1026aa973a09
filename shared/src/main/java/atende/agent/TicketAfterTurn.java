package atende.agent;

import atende.escalation.EscalationReason;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStatus;
import atende.conversation.TicketView;
import com.google.cloud.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an AI turn changes on its ticket (pure: no I/O). A person's choices stand: a human-owned
 * ticket keeps its status and a human classification is never overwritten; the escalation is recorded
 * either way, because the person must still hear about it.
 */
public record TicketAfterTurn(Map<String, Object> update, boolean newlyEscalated, boolean resolved, OptionalLong firstResponseMs) {
  /** The latest a follow-up is scheduled: inside WhatsApp's 24-hour customer-service window. */
  static final Duration LATEST_FOLLOW_UP = Duration.ofHours(23);

  public static TicketAfterTurn of(TicketView ticket, Decision decision, String runId, boolean replied, Timestamp now) {
    Map<String, Object> update = new HashMap<>();
    Classification c = decision.classification();
    if (!ticket.classifiedByHuman()) {
      update.put(TicketSchema.CATEGORY, c.category().wire());
      update.put(TicketSchema.PRIORITY, c.priority().wire());
      update.put(TicketSchema.CLASSIFICATION_SOURCE, TicketSchema.SOURCE_AI);
    }
    update.put(TicketSchema.CONFIDENCE, c.confidence());
    update.put(TicketSchema.SENTIMENT, c.sentiment().wire());
    boolean newlyEscalated = false;
    boolean resolved = false;
    // A person's status stands: a paused ticket stays theirs, a resolved or closed one stays finished.
    boolean statusIsOurs = !ticket.humanOwned() && !ticket.status().finished();
    if (decision.escalate()) {
      if (statusIsOurs) update.put(TicketSchema.STATUS, TicketStatus.ESCALATED.wire());
      // The first escalation starts the SLA clock; later turns of the same ticket leave it (and what the
      // notifier recorded next to it) alone.
      newlyEscalated = !ticket.escalationRequired();
      if (newlyEscalated) update.putAll(escalation(decision.reasons(), now, runId));
    } else if (statusIsOurs && decision.resolved()) {
      update.put(TicketSchema.STATUS, TicketStatus.RESOLVED.wire());
      update.put(TicketSchema.RESOLVED_AT, now);
      update.put(TicketSchema.RESOLVED_BY, TicketSchema.RESOLVED_BY_AI);
      resolved = true;
    } else if (statusIsOurs && ticket.status() != TicketStatus.ESCALATED) {
      update.put(TicketSchema.STATUS, TicketStatus.WAITING_CUSTOMER.wire());
    }
    // WhatsApp allows free-form messages only within 24 h of the customer's last one: a follow-up the
    // engine wants "tomorrow" goes out just before that window closes, not just after.
    Optional<Duration> followUpIn = decision.followUpIn().map(in -> in.compareTo(LATEST_FOLLOW_UP) > 0 ? LATEST_FOLLOW_UP : in);
    followUpIn.ifPresent(in -> update.put(TicketSchema.FOLLOW_UP,
        Map.of(TicketSchema.FOLLOW_UP_KEY_DUE_AT, plus(now, in.toMillis()), TicketSchema.FOLLOW_UP_KEY_ATTEMPTS, 0)));
    // FollowUpSweep queries this top-level mirror of followUp.dueAt (the emulator cannot filter on a
    // dotted path). Every turn decides the follow-up anew: none now cancels the one an earlier turn
    // scheduled (null, not a delete: the emulator ignores FieldValue.delete()).
    update.put(TicketSchema.FOLLOW_UP_DUE_AT, followUpIn.map(in -> plus(now, in.toMillis())).orElse(null));
    OptionalLong firstResponseMs = OptionalLong.empty();
    if (replied) {
      if (ticket.firstResponseAt().isEmpty()) {
        update.put(TicketSchema.FIRST_RESPONSE_AT, now);
        if (ticket.createdAt() != null) {
          firstResponseMs = OptionalLong.of(Math.max(0, millis(now) - millis(ticket.createdAt())));
          update.put(TicketSchema.FIRST_RESPONSE_MS, firstResponseMs.getAsLong());
        }
      }
      update.put(TicketSchema.LAST_OUTBOUND_AT, now);
    }
    return new TicketAfterTurn(update, newlyEscalated, resolved, firstResponseMs);
  }

  /**
   * The escalation block docs/design.md names ({@code required, reasons, at}) plus the run that raised it,
   * as field paths so an update keeps {@code notifiedAt} and the rest of what is already there.
   */
  public static Map<String, Object> escalation(List<EscalationReason> reasons, Timestamp at, String runId) {
    // "escalated" mirrors escalation.required at the top level, where the metrics can filter on it;
    // "escalatedAt" (escalation.at) and "slaBreached" are the mirrors FollowUpSweep's SLA query uses.
    return Map.of(TicketSchema.ESCALATION_REQUIRED, true, TicketSchema.ESCALATION_REASONS, EscalationReason.wire(reasons),
        TicketSchema.ESCALATION_AT, at, TicketSchema.ESCALATION_RUN_ID, runId,
        TicketSchema.ESCALATED, true, TicketSchema.ESCALATED_AT, at, TicketSchema.SLA_BREACHED, false);
  }

  private static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  private static Timestamp plus(Timestamp t, long millis) {
    return Timestamp.ofTimeMicroseconds((millis(t) + millis) * 1000);
  }
}
