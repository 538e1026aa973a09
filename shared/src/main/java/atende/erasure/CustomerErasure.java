package atende.erasure;

import static atende.platform.Firestores.await;

import atende.agent.RunSchema;
import atende.conversation.CustomerSchema;
import atende.conversation.MessageSchema;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStatus;
import atende.conversation.TicketStore;
import atende.escalation.EscalationSchema;
import atende.knowledge.KnowledgeGaps;
import atende.media.MediaStorage;
import atende.media.StoredMedia;
import atende.platform.Log;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LGPD right to erasure (docs/design.md "Guards and personal data"): {@code customers/{id}.erase:
 * true} removes what identifies the customer from every document and the media bucket, and leaves a
 * tombstone. What stays is what no one can be found by: each ticket's classification, timings, counts
 * and statuses (so Metrics still counts them), messages reduced to their direction, type, status,
 * times and the AI's classification, media reduced to type, length and size. Ticket ids were drawn at
 * random and their prefix lived only on the customer document, so nothing links them to the number
 * afterwards; the customer id is a keyed hash ({@code atende.platform.ContactIds}), kept only as the
 * tombstone's id.
 *
 * <p>Safe to run twice, also at once: every step rewrites to the same reduced form, a deleted object
 * stays deleted, and the tombstone is written last, so an erasure that failed midway runs again whole.
 */
public final class CustomerErasure {
  /** What the customer document shows when done. */
  public record Result(int tickets, int messages, int mediaObjects, int knowledgeGaps) {}

  /** Ticket fields that identify no one: state, classification, escalation facts, timings, satisfaction. */
  static final List<String> TICKET_KEEPS = List.of(TicketSchema.INSTANCE, TicketSchema.SEQUENCE, TicketSchema.STATUS,
      TicketSchema.AI_PAUSED, TicketSchema.HUMAN_TAKEOVER_AT, TicketSchema.RESUMED_AT, TicketSchema.CATEGORY,
      TicketSchema.PRIORITY, TicketSchema.CONFIDENCE, TicketSchema.SENTIMENT, TicketSchema.CLASSIFICATION_SOURCE,
      TicketSchema.CORRECTED_FROM, TicketSchema.CORRECTED_AT, TicketSchema.ESCALATION, TicketSchema.ESCALATED,
      TicketSchema.ESCALATED_AT, TicketSchema.SLA_BREACHED, TicketSchema.SLA_BREACHED_AT,
      TicketSchema.LAST_FOLLOW_UP_AT, TicketSchema.CREATED_AT, TicketSchema.FIRST_RESPONSE_AT,
      TicketSchema.FIRST_RESPONSE_MS, TicketSchema.LAST_INBOUND_AT, TicketSchema.LAST_OUTBOUND_AT,
      TicketSchema.RESOLVED_AT, TicketSchema.RESOLVED_BY, TicketSchema.CLOSE_REASON, TicketSchema.NPS_ASKED_AT,
      TicketSchema.NPS_ANSWERED_AT, TicketSchema.NPS, TicketSchema.RETENTION_DUE_AT);

  /** The escalation block's texts: an Evolution error may quote the customer's JID. */
  private static final List<String> ESCALATION_TEXTS = List.of("notifyError");

  /** Message fields that identify no one (texts, names, JIDs, file names and captions are not among them). */
  static final List<String> MESSAGE_KEEPS = List.of(MessageSchema.INSTANCE, MessageSchema.DIRECTION, MessageSchema.AUTHOR,
      MessageSchema.TYPE, MessageSchema.STATUS, MessageSchema.CREATED_AT, MessageSchema.TIMESTAMP, MessageSchema.SOURCE,
      MessageSchema.RUN_ID, MessageSchema.ANSWERED_BY, MessageSchema.SKIP_REASON, MessageSchema.REPROCESS,
      MessageSchema.RETRIED_BY_SWEEP_AT, MessageSchema.KIND, MessageSchema.REPLY_TO, MessageSchema.ESCALATION_ID,
      MessageSchema.NPS_SCORE, MessageSchema.ATTEMPT, MessageSchema.DUE_AT, "sentAt", "deliveredAt", "readAt", "failedAt",
      "sendingAt", "answeredAt", "skippedAt");

  /** What is kept of {@code media}: its kind and size, what the model spent, why it was not understood. */
  static final List<String> MEDIA_KEEPS = List.of(MessageSchema.MEDIA_MIMETYPE, MessageSchema.MEDIA_SECONDS,
      MessageSchema.MEDIA_PTT, MessageSchema.MEDIA_FILE_LENGTH, MessageSchema.MEDIA_SIZE, MessageSchema.MEDIA_PAGES,
      MessageSchema.MEDIA_TOKENS, MessageSchema.MEDIA_UNREAD, MessageSchema.MEDIA_STORED_AT, MessageSchema.MEDIA_STORE_MS,
      MessageSchema.MEDIA_FETCH_MS);

  /** The AI's decision without its reply (a reply may quote the customer's name or words). */
  static final List<String> AI_KEEPS = List.of(MessageSchema.Ai.CATEGORY, MessageSchema.Ai.PRIORITY,
      MessageSchema.Ai.CONFIDENCE, MessageSchema.Ai.SENTIMENT, MessageSchema.Ai.ESCALATE, MessageSchema.Ai.REASON,
      MessageSchema.Ai.FOLLOW_UP, MessageSchema.Ai.RESOLVED, MessageSchema.Ai.ENGINE, MessageSchema.Ai.MODEL,
      MessageSchema.Ai.PROMPT_VERSION, MessageSchema.Ai.LATENCY_MS, MessageSchema.Ai.INPUT_TOKENS,
      MessageSchema.Ai.OUTPUT_TOKENS, MessageSchema.Ai.THOUGHT_TOKENS, MessageSchema.Ai.PREVIEW);

  /** How many of the customer's tickets one query hands over; the loop goes on until none is left. */
  private static final int TICKETS_PER_QUERY = 50;

  private final Firestore db;
  private final TicketStore tickets;
  private final MediaStorage media;
  private final KnowledgeGaps gaps;

  public CustomerErasure(Firestore db, TicketStore tickets, MediaStorage media, KnowledgeGaps gaps) {
    this.db = db;
    this.tickets = tickets;
    this.media = media;
    this.gaps = gaps;
  }

  /**
   * Erases {@code customers/{customerId}} when it asks for it ({@code erase: true}); otherwise (already
   * erased, or the flag withdrawn) does nothing. A failure is recorded on the customer
   * ({@code erasure.status: failed}) and thrown, so the trigger retries.
   */
  public void eraseIfAsked(String customerId) {
    DocumentReference customer = db.collection(CustomerSchema.COLLECTION).document(customerId);
    if (!Boolean.TRUE.equals(await(customer.get()).getBoolean(CustomerSchema.ERASE))) return;
    long started = System.nanoTime();
    try {
      Result result = erase(customerId);
      Map<String, Object> tombstone = new HashMap<>();
      tombstone.put(CustomerSchema.ERASED_AT, tickets.now());
      tombstone.put(CustomerSchema.ERASURE, Map.of(CustomerSchema.ERASURE_STATUS, CustomerSchema.ERASURE_DONE,
          CustomerSchema.ERASURE_AT, tickets.now(), CustomerSchema.ERASURE_TICKETS, result.tickets()));
      replace(customer, tombstone); // phone, name, JID, tier, ticket prefix gone
      Log.info("customer.erased", "customerId", customerId, "tickets", result.tickets(), "messages", result.messages(),
          "mediaObjects", result.mediaObjects(), "knowledgeGaps", result.knowledgeGaps(),
          "ms", (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      Log.error("erasure.failed", e, "customerId", customerId);
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      await(customer.update(CustomerSchema.ERASURE, Map.of(CustomerSchema.ERASURE_STATUS, CustomerSchema.ERASURE_FAILED,
          CustomerSchema.ERASURE_ERROR, error.length() > 300 ? error.substring(0, 300) : error,
          CustomerSchema.ERASURE_AT, tickets.now())));
      throw e;
    }
  }

  private Result erase(String customerId) {
    List<String> erased = new ArrayList<>();
    int messages = 0;
    int objects = 0;
    while (true) {
      List<QueryDocumentSnapshot> batch = await(db.collection(TicketSchema.COLLECTION)
          .whereEqualTo(TicketSchema.CUSTOMER_ID, customerId).limit(TICKETS_PER_QUERY).get()).getDocuments();
      if (batch.isEmpty()) break;
      for (QueryDocumentSnapshot ticket : batch) {
        for (QueryDocumentSnapshot message : await(ticket.getReference().collection(TicketSchema.MESSAGES).get()).getDocuments()) {
          objects += deleteMedia(message);
          replace(message.getReference(), reduced(message.getData()));
          messages++;
        }
        eraseRunErrors(ticket.getReference());
        eraseEscalationTexts(ticket.getId());
        // Last, so a failure above leaves the ticket findable by customerId for the retry.
        replace(ticket.getReference(), reducedTicket(ticket));
        erased.add(ticket.getId());
      }
    }
    int changedGaps = gaps.forget(erased);
    return new Result(erased.size(), messages, objects, changedGaps);
  }

  /** Deletes the message's object in the media bucket; a missing one is already gone. */
  private int deleteMedia(DocumentSnapshot message) {
    Optional<StoredMedia> stored = MessageSchema.storedObject(message.getData());
    stored.ifPresent(media::delete);
    return stored.isPresent() ? 1 : 0;
  }

  static Map<String, Object> reduced(Map<String, Object> message) {
    Map<String, Object> kept = only(message, MESSAGE_KEEPS);
    if (message.get(MessageSchema.MEDIA) instanceof Map<?, ?> mediaFields) kept.put(MessageSchema.MEDIA, only(mediaFields, MEDIA_KEEPS));
    if (message.get(MessageSchema.AI) instanceof Map<?, ?> ai) kept.put(MessageSchema.AI, only(ai, AI_KEEPS));
    if (message.get(MessageSchema.ERROR) instanceof Map<?, ?> error) kept.put(MessageSchema.ERROR, only(error, List.of(MessageSchema.ERROR_CODE)));
    return kept;
  }

  /**
   * The ticket without its customer: {@code customerId} becomes {@link TicketSchema#CUSTOMER_ERASED}, and an
   * unfinished ticket is closed (no follow-up may go to a customer we no longer know). {@code updatedAt}
   * moves, so TicketEdited sees our write, not a console edit.
   */
  private Map<String, Object> reducedTicket(DocumentSnapshot ticket) {
    Map<String, Object> kept = only(ticket.getData(), TICKET_KEEPS);
    if (kept.get(TicketSchema.ESCALATION) instanceof Map<?, ?> escalation) {
      Map<String, Object> facts = new HashMap<>();
      escalation.forEach((field, value) -> {
        if (!ESCALATION_TEXTS.contains(field)) facts.put(String.valueOf(field), value);
      });
      kept.put(TicketSchema.ESCALATION, facts);
    }
    kept.put(TicketSchema.CUSTOMER_ID, TicketSchema.CUSTOMER_ERASED);
    boolean finished = WireEnum.parse(TicketStatus.class, ticket.getString(TicketSchema.STATUS)).map(TicketStatus::finished).orElse(false);
    if (!finished) {
      kept.put(TicketSchema.STATUS, TicketStatus.CLOSED.wire());
      kept.put(TicketSchema.CLOSE_REASON, TicketSchema.CUSTOMER_ERASED);
    }
    Timestamp now = tickets.now();
    kept.put(TicketSchema.ERASED_AT, now);
    kept.put(TicketSchema.UPDATED_AT, now);
    return kept;
  }

  /** A run's error message may quote what the engine or Evolution said about the customer. */
  private void eraseRunErrors(DocumentReference ticket) {
    for (QueryDocumentSnapshot run : await(ticket.collection(TicketSchema.RUNS).get()).getDocuments()) {
      if (run.get(RunSchema.ERROR) instanceof Map<?, ?> error && error.get(RunSchema.ERROR_MESSAGE) != null) {
        await(run.getReference().update(RunSchema.ERROR, only(error, List.of(RunSchema.ERROR_CODE))));
      }
    }
  }

  /** Escalations hold no customer data but their error texts, which may quote a JID Evolution refused. */
  private void eraseEscalationTexts(String ticketId) {
    for (QueryDocumentSnapshot escalation : await(db.collection(EscalationSchema.COLLECTION)
        .whereEqualTo(EscalationSchema.TICKET_ID, ticketId).get()).getDocuments()) {
      Map<String, Object> update = new HashMap<>();
      update.put(EscalationSchema.ERROR, null);
      update.put(EscalationSchema.PUBLISH_ERROR, null);
      if (escalation.get(EscalationSchema.CHANNELS) instanceof Map<?, ?> channels) {
        channels.keySet().forEach(key -> update.put(EscalationSchema.CHANNELS + "." + key + "." + EscalationSchema.CHANNEL_ERROR, null));
      }
      await(escalation.getReference().update(update));
    }
  }

  /**
   * The document becomes exactly {@code fields}: a delete and a set in one commit, which Firestore applies
   * in order and at once (a commit may write one document more than once: only the BatchWrite RPC of
   * BulkWriter refuses that, UpdateBuilder#allowDuplicateDocs in googleapis/java-firestore). A set alone
   * replaces in Firestore, but the local emulator merges it and ignores {@code FieldValue.delete()}
   * (EmulatorConformanceTest), and erasure must hold on both.
   */
  private void replace(DocumentReference ref, Map<String, Object> fields) {
    await(db.batch().delete(ref).set(ref, fields).commit());
  }

  private static Map<String, Object> only(Map<?, ?> fields, List<String> keep) {
    Map<String, Object> kept = new HashMap<>();
    for (String field : keep) if (fields.get(field) != null) kept.put(field, fields.get(field));
    return kept;
  }
}
