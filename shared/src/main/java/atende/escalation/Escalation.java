package atende.escalation;

import java.time.Instant;
import java.util.List;

/**
 * A request for a human, as published on {@code ticket-escalations}. {@code escalationId} is
 * deterministic (ticket + the run that escalated), so a redelivered turn publishes the same id and
 * {@code NotifyEscalation} notifies once.
 */
public record Escalation(
    String escalationId,
    String ticketId,
    String instance,
    String category,
    String priority,
    List<String> reasons,
    String runId,
    Instant at) {

  public Escalation {
    reasons = List.copyOf(reasons);
  }
}
