package atende.escalation;

import static atende.platform.Firestores.await;

import atende.platform.Firestores;
import atende.platform.Ids;
import atende.platform.Log;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Raises an escalation: records {@code escalations/{id}} once, then publishes it for
 * {@code NotifyEscalation}. Raising the same id again (a redelivered turn, the sweep retrying an
 * unpublished one) publishes again only while it is not yet published.
 */
public final class Escalations {
  public static final String COLLECTION = "escalations";

  private final Firestore db;
  private final EscalationPublisher publisher;
  private final Clock clock;

  public Escalations(Firestore db, EscalationPublisher publisher, Clock clock) {
    this.db = db;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** A deterministic id: one escalation per ticket and the run (or command) that raised it. */
  public static String idFor(String ticketId, String runId) {
    return Ids.slug(ticketId + "_" + runId);
  }

  /** True when it is published (now or before); false when publishing failed (recorded, retried by the sweep). */
  public boolean raise(Escalation escalation) {
    DocumentReference ref = db.collection(COLLECTION).document(escalation.escalationId());
    Map<String, Object> fields = new HashMap<>();
    fields.put("ticketId", escalation.ticketId());
    fields.put("instance", escalation.instance());
    fields.put("category", escalation.category());
    fields.put("priority", escalation.priority());
    fields.put("reasons", EscalationReason.wire(escalation.reasons()));
    fields.put("runId", escalation.runId());
    fields.put("createdAt", Timestamp.of(java.util.Date.from(escalation.at())));
    // Kept so a republish (FollowUpSweep) sends the same thing; "published" is the top-level flag the
    // sweep queries for escalations whose publish failed (a missing field cannot be queried).
    fields.put("customerNotified", escalation.customerNotified());
    fields.put("published", false);
    if (!Firestores.createIfAbsent(ref.create(fields))) {
      DocumentSnapshot existing = await(ref.get());
      if (existing.get("publishedAt") != null) return true;
    }
    try {
      String messageId = publisher.publish(escalation);
      await(ref.update("publishedAt", Timestamp.of(java.util.Date.from(clock.instant())), "messageId", messageId,
          "published", true));
      Log.info("ticket.escalated", "ticketId", escalation.ticketId(), "escalationId", escalation.escalationId(),
          "category", escalation.category(), "priority", escalation.priority(), "reasons", EscalationReason.wire(escalation.reasons()));
      return true;
    } catch (RuntimeException e) {
      Log.error("escalation.publish_failed", e, "ticketId", escalation.ticketId(), "escalationId", escalation.escalationId());
      await(ref.update("publishError", String.valueOf(e.getMessage())));
      return false;
    }
  }
}
