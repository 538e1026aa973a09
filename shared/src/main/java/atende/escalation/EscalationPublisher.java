package atende.escalation;

/**
 * Hands an escalation to whoever notifies humans: Pub/Sub topic {@code ticket-escalations} in
 * production. Throws when the message could not be handed over, so the caller can record that.
 */
public interface EscalationPublisher {
  /** Publishes with attributes {@code ticketId}, {@code priority} and {@code escalationId}; returns the message id. */
  String publish(Escalation escalation);
}
