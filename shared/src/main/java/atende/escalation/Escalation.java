package atende.escalation;

import java.time.Instant;
import java.util.List;

/**
 * A request for a human, as published on {@code ticket-escalations}. {@code escalationId} is
 * deterministic (ticket + the run that escalated), so a redelivered turn publishes the same id and
 * {@code NotifyEscalation} notifies once.
 *
 * <p>{@code customerNotified} says whether the customer has already been told that a person takes
 * over. The AI turn has (its reply is the holding message, {@code ReplyTemplates.escalationHolding}),
 * so the notifier sends nothing more to the customer; an escalation raised without a reply (an SLA
 * breach found by the sweep, a console edit) passes {@code false} and the notifier sends the customer
 * exactly one handoff message (the Notifier's {@code handoffText}).
 */
public record Escalation(
    String escalationId,
    String ticketId,
    String instance,
    String category,
    String priority,
    List<EscalationReason> reasons,
    String runId,
    Instant at,
    boolean customerNotified) {

  public Escalation {
    reasons = List.copyOf(reasons);
  }

  /** The AI turn's escalation: its holding reply has already told the customer ({@code customerNotified}). */
  public Escalation(String escalationId, String ticketId, String instance, String category, String priority,
      List<EscalationReason> reasons, String runId, Instant at) {
    this(escalationId, ticketId, instance, category, priority, reasons, runId, at, true);
  }
}
