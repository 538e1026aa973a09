package atende.escalation;

import atende.platform.Ids;
import atende.platform.Log;

/**
 * Raises an escalation: records {@code escalations/{id}} once, then publishes it for
 * {@code NotifyEscalation}. Raising the same id again (a redelivered turn, the sweep retrying an
 * unpublished one) publishes again only while it is not yet published.
 */
public final class Escalations {
  /** Where escalations are kept; {@link EscalationSchema#COLLECTION}, named here for FollowUpSweep's republish query. */
  public static final String COLLECTION = EscalationSchema.COLLECTION;

  private final EscalationStore store;
  private final EscalationPublisher publisher;

  public Escalations(EscalationStore store, EscalationPublisher publisher) {
    this.store = store;
    this.publisher = publisher;
  }

  /** A deterministic id: one escalation per ticket and the run (or command) that raised it. */
  public static String idFor(String ticketId, String runId) {
    return Ids.slug(ticketId + "_" + runId);
  }

  /** True when it is published (now or before); false when publishing failed (recorded, retried by the sweep). */
  public boolean raise(Escalation escalation) {
    String id = escalation.escalationId();
    if (!store.create(escalation) && store.published(id)) return true;
    try {
      store.markPublished(id, publisher.publish(escalation));
      Log.info("ticket.escalated", "ticketId", escalation.ticketId(), "escalationId", id,
          "category", escalation.category(), "priority", escalation.priority(), "reasons", EscalationReason.wire(escalation.reasons()));
      return true;
    } catch (RuntimeException e) {
      Log.error("escalation.publish_failed", e, "ticketId", escalation.ticketId(), "escalationId", id);
      store.markPublishFailed(id, String.valueOf(e.getMessage()));
      return false;
    }
  }
}
