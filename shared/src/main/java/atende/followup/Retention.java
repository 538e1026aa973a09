package atende.followup;

import static atende.platform.Firestores.await;

import atende.conversation.MessageSchema;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStore;
import atende.media.MediaStorage;
import atende.media.StoredMedia;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code instances/{i}.retentionDays} (docs/design.md "Guards and personal data"): a ticket's messages
 * older than that, and their media objects, are deleted; the ticket keeps its classification, timings
 * and counts (they identify no one, and Metrics reads them). Tickets say when to look next
 * ({@link TicketSchema#RETENTION_DUE_AT}), so a tick reads only the tickets that have something to
 * delete, oldest due first, and never rescans the rest.
 */
public final class Retention {
  /** Messages deleted per ticket and tick: a ticket with more stays due and goes on next tick. */
  static final int MESSAGES_PER_TICKET = 200;

  /** What one ticket's pass did. */
  record Purged(int messages, int mediaObjects) {}

  private final Firestore db;
  private final TicketStore tickets;
  private final MediaStorage media;

  public Retention(Firestore db, TicketStore tickets, MediaStorage media) {
    this.db = db;
    this.tickets = tickets;
    this.media = media;
  }

  /** Ids and instances of tickets due a retention pass, oldest due first. */
  List<QueryDocumentSnapshot> due(Instant now, int limit) {
    return await(db.collection(TicketSchema.COLLECTION)
        .whereLessThanOrEqualTo(TicketSchema.RETENTION_DUE_AT, SweepStore.timestamp(now))
        .orderBy(TicketSchema.RETENTION_DUE_AT)
        .limit(limit).get()).getDocuments();
  }

  /**
   * Deletes the ticket's messages created before {@code now - retention} (objects first, so a failure
   * leaves the message that names its object) and moves the ticket's next look to when its oldest kept
   * message comes due, or one retention from now when none is left.
   */
  Purged purge(String ticketId, Duration retention, Instant now) {
    CollectionReference messages = tickets.ticket(ticketId).collection(TicketSchema.MESSAGES);
    List<QueryDocumentSnapshot> old = await(messages
        .whereLessThan(MessageSchema.CREATED_AT, SweepStore.timestamp(now.minus(retention)))
        .orderBy(MessageSchema.CREATED_AT).limit(MESSAGES_PER_TICKET).get()).getDocuments();
    int objects = 0;
    for (QueryDocumentSnapshot message : old) {
      Optional<StoredMedia> stored = MessageSchema.storedObject(message.getData());
      if (stored.isPresent()) {
        media.delete(stored.get());
        objects++;
      }
      await(message.getReference().delete());
    }
    Instant next;
    if (old.size() == MESSAGES_PER_TICKET) {
      next = now; // more to delete: stays due
    } else {
      List<QueryDocumentSnapshot> oldest = await(messages.orderBy(MessageSchema.CREATED_AT).limit(1).get()).getDocuments();
      Timestamp kept = oldest.isEmpty() ? null : oldest.getFirst().getTimestamp(MessageSchema.CREATED_AT);
      next = (kept == null ? now : SweepStore.instant(kept)).plus(retention);
    }
    tickets.update(ticketId, TicketSchema.RETENTION_DUE_AT, SweepStore.timestamp(next));
    return new Purged(old.size(), objects);
  }
}
