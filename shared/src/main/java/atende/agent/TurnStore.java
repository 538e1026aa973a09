package atende.agent;

import static atende.platform.Firestores.await;

import atende.conversation.Author;
import atende.conversation.Category;
import atende.conversation.Direction;
import atende.conversation.MessageKeySchema;
import atende.conversation.MessageSchema;
import atende.conversation.MessageStatus;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStatus;
import atende.conversation.TicketStore;
import atende.conversation.TicketView;
import atende.escalation.EscalationReason;
import atende.evolution.MessageType;
import atende.media.StoredMedia;
import atende.platform.Firestores;
import atende.platform.Ids;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the AI turn reads and writes in Firestore: the message that started it, its ticket, the recent
 * conversation, the customer's profile, the run's claim ({@link RunSchema}), the messages' status and
 * the turn's results in one batch. Ticket writes go through {@link TicketStore#update}, which moves
 * {@code updatedAt} (how a console edit is told from ours).
 */
public final class TurnStore {
  /** How much conversation the engine sees, at most (the character cap comes on top). */
  static final int HISTORY_MESSAGES = 30;
  static final Duration RUN_RETENTION = Duration.ofDays(30);

  /** The new message as the turn needs it: its instance, and its 0-10 score when it answers the NPS question. */
  record Incoming(String instance, OptionalInt npsScore) {}

  /**
   * One of the recent messages: whether the customer wrote it, whether it still waits for an answer, its
   * line for the engine, and its {@code media} map as stored (what a {@link atende.media.MediaSource} fetch needs).
   */
  record Recent(String id, boolean fromCustomer, boolean unanswered, Turn.Line line, Map<String, Object> media) {
    Recent withLine(Turn.Line newLine) {
      return new Recent(id, fromCustomer, unanswered, newLine, media);
    }
  }

  /** {@code tickets/{ticketId}/runs/{runId}}, claimed for {@code messageId}. */
  record RunRef(String ticketId, String runId, String messageId) {}

  /** How a message ends up: its status and the one field that says why ({@code runId}, {@code answeredBy}, ...). */
  record Outcome(MessageStatus status, String field, Object value) {
    static Outcome processing(String runId) {
      return new Outcome(MessageStatus.PROCESSING, MessageSchema.RUN_ID, runId);
    }

    static Outcome answered(String replyId) {
      return new Outcome(MessageStatus.ANSWERED, MessageSchema.ANSWERED_BY, replyId);
    }

    static Outcome skipped(String reason) {
      return new Outcome(MessageStatus.SKIPPED, MessageSchema.SKIP_REASON, reason);
    }

    /** {@code error} is {@code {code, message}} ({@link atende.conversation.Outbox#error} builds the send failure's). */
    static Outcome failed(Map<String, Object> error) {
      return new Outcome(MessageStatus.FAILED, MessageSchema.ERROR, error);
    }

    static Outcome failed(String code, String message) {
      return failed(Map.of(MessageSchema.ERROR_CODE, code, MessageSchema.ERROR_MESSAGE, message));
    }

    Map<String, Object> fields() {
      Map<String, Object> fields = new HashMap<>();
      fields.put(field, value);
      fields.put(MessageSchema.STATUS, status.wire());
      return fields;
    }
  }

  private final Firestore db;
  private final TicketStore tickets;
  private final Customers customers;

  public TurnStore(Firestore db, Clock clock) {
    this.db = db;
    this.tickets = new TicketStore(db, clock);
    this.customers = new Customers(db);
  }

  /** The code's clock, as every write of ours stamps it ({@link TicketStore#now}). */
  Timestamp now() {
    return tickets.now();
  }

  /** The reply went unsent: the sweep resends it after {@code pause} ({@link TicketStore#awaitResend}). */
  void awaitResend(String ticketId, String replyId, Duration pause) {
    tickets.awaitResend(ticketId, replyId, 0, pause);
  }

  Optional<Incoming> message(String ticketId, String messageId) {
    DocumentSnapshot message = await(messageRef(ticketId, messageId).get());
    if (!message.exists()) return Optional.empty();
    Long score = message.getLong(MessageSchema.NPS_SCORE);
    return Optional.of(new Incoming(message.getString(MessageSchema.INSTANCE),
        score == null ? OptionalInt.empty() : OptionalInt.of(score.intValue())));
  }

  /** The ticket as stored now (blank fields when it is gone). */
  TicketView ticket(String ticketId) {
    return TicketView.of(await(tickets.ticket(ticketId).get()));
  }

  /** Escalated without a turn's decision (a flood): a person must look; the ticket shows it as the console's escalated. */
  void markEscalated(String ticketId, List<EscalationReason> reasons, String runId) {
    Map<String, Object> update = new HashMap<>(TicketAfterTurn.escalation(reasons, now(), runId));
    update.put(TicketSchema.STATUS, TicketStatus.ESCALATED.wire());
    tickets.update(ticketId, update);
  }

  /** A person owns the ticket: its status says so again (see Responder#keepTakeover). */
  void restoreHumanStatus(String ticketId) {
    tickets.update(ticketId, TicketSchema.STATUS, TicketStatus.HUMAN.wire());
  }

  Optional<TicketView> existingTicket(String ticketId) {
    DocumentSnapshot ticket = await(tickets.ticket(ticketId).get());
    return ticket.exists() ? Optional.of(TicketView.of(ticket)) : Optional.empty();
  }

  /** The ticket's newest {@link #HISTORY_MESSAGES} messages, newest first. */
  List<Recent> recent(String ticketId) {
    return await(tickets.ticket(ticketId).collection(TicketSchema.MESSAGES)
        .orderBy(MessageSchema.CREATED_AT, Query.Direction.DESCENDING)
        .limit(HISTORY_MESSAGES)
        .get()).getDocuments().stream().map(TurnStore::recent).toList();
  }

  private static Recent recent(DocumentSnapshot doc) {
    String author = doc.getString(MessageSchema.AUTHOR);
    String status = doc.getString(MessageSchema.STATUS);
    boolean fromCustomer = Direction.INBOUND.wire().equals(doc.getString(MessageSchema.DIRECTION))
        && Author.CUSTOMER.wire().equals(author);
    boolean unanswered = MessageStatus.RECEIVED.wire().equals(status) || MessageStatus.PROCESSING.wire().equals(status);
    Optional<MessageType> type = WireEnum.parse(MessageType.class, doc.getString(MessageSchema.TYPE));
    Map<String, Object> media = doc.get(MessageSchema.MEDIA) instanceof Map<?, ?> stored ? stringKeys(stored) : Map.of();
    Optional<Turn.Media> attachment = type.filter(MessageType::isMedia).map(t -> media(t, media, doc.getString(MessageSchema.MEDIA_TEXT)));
    String text = doc.getString(MessageSchema.TEXT);
    // A location or contact without text shows the engine its type; media show themselves (Turn.Media).
    if (text == null) text = attachment.isPresent() ? "" : "[" + doc.getString(MessageSchema.TYPE) + "]";
    Timestamp at = doc.getTimestamp(MessageSchema.CREATED_AT);
    Turn.Line line = new Turn.Line(doc.getId(), WireEnum.parse(Author.class, author).orElse(Author.CUSTOMER), text,
        at == null ? null : at.toDate().toInstant(), attachment);
    return new Recent(doc.getId(), fromCustomer, unanswered, line, media);
  }

  private static Turn.Media media(MessageType type, Map<String, Object> media, String mediaText) {
    String mimetype = media.get(MessageSchema.MEDIA_MIMETYPE) instanceof String m ? m : null;
    Long size = number(media.get(MessageSchema.MEDIA_SIZE));
    if (size == null) size = number(media.get(MessageSchema.MEDIA_FILE_LENGTH));
    Optional<StoredMedia> stored = media.get(MessageSchema.MEDIA_OBJECT) instanceof String uri && uri.startsWith("gs://")
        ? Optional.of(new StoredMedia(uri, mimetype == null ? "" : mimetype, size == null ? 0 : size)) : Optional.empty();
    Long seconds = number(media.get(MessageSchema.MEDIA_SECONDS));
    Long pages = number(media.get(MessageSchema.MEDIA_PAGES));
    return new Turn.Media(type, mimetype, stored, seconds == null ? null : seconds.intValue(), pages == null ? null : pages.intValue(),
        size, Optional.ofNullable(mediaText).filter(t -> !t.isBlank()), Optional.empty());
  }

  /** A count as Firestore holds it, or as Evolution sent it (WhatsApp's {@code fileLength} is often a string). */
  private static Long number(Object value) {
    if (value instanceof Number n) return n.longValue();
    if (value instanceof String s && s.matches("\\d{1,18}")) return Long.parseLong(s);
    return null;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> copy = new HashMap<>();
    map.forEach((k, v) -> {
      if (k instanceof String key && v != null) copy.put(key, v);
    });
    return copy;
  }

  /**
   * Where the bytes a fetch got are kept: on the message, so a later turn or a retry need not fetch again;
   * with how long the fetch and upload took ({@code fetchMs}), the turn's share of the media's latency.
   */
  void storeFetched(String ticketId, String messageId, StoredMedia media, long fetchMs) {
    await(messageRef(ticketId, messageId).update(FieldPath.of(MessageSchema.MEDIA, MessageSchema.MEDIA_OBJECT), media.uri(),
        FieldPath.of(MessageSchema.MEDIA, MessageSchema.MEDIA_SIZE), media.size(),
        FieldPath.of(MessageSchema.MEDIA, MessageSchema.MEDIA_STORED_AT), now(),
        FieldPath.of(MessageSchema.MEDIA, MessageSchema.MEDIA_FETCH_MS), fetchMs));
  }

  boolean vip(String customerId) {
    return customers.vip(customerId);
  }

  /** How many of the customer's tickets are classified {@code category}. */
  long ticketsInCategory(String customerId, Category category) {
    return await(db.collection(TicketSchema.COLLECTION)
        .whereEqualTo(TicketSchema.CUSTOMER_ID, customerId)
        .whereEqualTo(TicketSchema.CATEGORY, category.wire())
        .count().get()).getCount();
  }

  /** Creates the run if absent: false when another delivery of the same event claimed it first. */
  boolean claim(RunRef run) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(RunSchema.MESSAGE_ID, run.messageId());
    fields.put(RunSchema.STATUS, RunSchema.RUNNING);
    fields.put(RunSchema.STARTED_AT, now());
    fields.put(RunSchema.EXPIRE_AT, Timestamp.ofTimeMicroseconds((now().toDate().getTime() + RUN_RETENTION.toMillis()) * 1000));
    return Firestores.createIfAbsent(runRef(run).create(fields));
  }

  /** {@code status}: a {@link RunSchema} run status. */
  void finishRun(RunRef run, String status) {
    await(runRef(run).update(RunSchema.STATUS, status, RunSchema.FINISHED_AT, now()));
  }

  void mark(String ticketId, List<String> messageIds, Outcome outcome) {
    WriteBatch batch = db.batch();
    for (String id : messageIds) batch.update(messageRef(ticketId, id), outcome.fields());
    if (!messageIds.isEmpty()) await(batch.commit());
  }

  /** Cleared by writing false: the local emulator ignores FieldValue.delete() (EmulatorConformanceTest). */
  void clearReprocess(String ticketId, String messageId) {
    await(messageRef(ticketId, messageId).update(MessageSchema.REPROCESS, false));
  }

  /** A console preview: the decision on the message that asked for it, nothing sent. */
  void storePreview(RunRef run, Decision decision, EngineAnswer answer) {
    Map<String, Object> ai = aiFields(decision, answer);
    ai.put(MessageSchema.Ai.PREVIEW, true);
    await(messageRef(run.ticketId(), run.messageId()).update(MessageSchema.AI, ai));
  }

  /**
   * The turn's results in one batch: the ticket, the final status of the messages it answered with the
   * decision on the one that ran the turn, what was understood of their media (mirrored on their
   * {@code messageKeys} entries for the metrics), and the run's outcome (answered when the reply was sent).
   */
  void complete(RunRef run, String instance, List<String> messageIds, Map<String, Object> ticketUpdate, Outcome outcome,
      Decision decision, EngineAnswer answer, Map<String, MediaOutcome> media) {
    WriteBatch batch = db.batch();
    tickets.update(batch, run.ticketId(), ticketUpdate);
    for (String id : messageIds) {
      Map<String, Object> fields = outcome.fields();
      if (id.equals(run.messageId())) fields.put(MessageSchema.AI, aiFields(decision, answer));
      if (media.containsKey(id)) {
        fields.putAll(media.get(id).fields());
        // A merge that also names the entry, so a key the webhook failed to index cannot fail the turn
        // and becomes a whole entry (an inbound customer message: only those carry media outcomes).
        Map<String, Object> key = new HashMap<>(media.get(id).keyFields());
        key.put(MessageKeySchema.INSTANCE, instance);
        key.put(MessageKeySchema.TICKET_ID, run.ticketId());
        key.put(MessageKeySchema.MESSAGE_ID, id);
        key.put(MessageKeySchema.DIRECTION, Direction.INBOUND.wire());
        batch.set(db.collection(MessageKeySchema.COLLECTION).document(Ids.messageKey(instance, id)), key, SetOptions.merge());
      }
      batch.update(messageRef(run.ticketId(), id), fields);
    }
    String runStatus = outcome.status() == MessageStatus.ANSWERED ? RunSchema.ANSWERED : RunSchema.FAILED;
    batch.update(runRef(run), RunSchema.STATUS, runStatus, RunSchema.FINISHED_AT, now());
    await(batch.commit());
  }

  /** What the turn learnt of one media message: what was heard or seen and its tokens, or why it was not. */
  sealed interface MediaOutcome {
    record Understood(String mediaText, OptionalInt tokens) implements MediaOutcome {}

    record Unread(MediaProblem why) implements MediaOutcome {}

    /** Dotted keys: a batch update's map keys are field paths, so {@code media}'s other fields stay. */
    default Map<String, Object> fields() {
      return switch (this) {
        case Understood u -> u.tokens().isPresent()
            ? Map.of(MessageSchema.MEDIA_TEXT, u.mediaText(), MessageSchema.MEDIA + "." + MessageSchema.MEDIA_TOKENS, u.tokens().getAsInt())
            : Map.of(MessageSchema.MEDIA_TEXT, u.mediaText());
        case Unread r -> Map.of(MessageSchema.MEDIA + "." + MessageSchema.MEDIA_UNREAD, r.why().wire());
      };
    }

    /** The top-level mirror on the message's {@code messageKeys} entry ({@link MessageKeySchema#MEDIA_UNDERSTOOD}). */
    default Map<String, Object> keyFields() {
      return switch (this) {
        case Understood u -> u.tokens().isPresent()
            ? Map.of(MessageKeySchema.MEDIA_UNDERSTOOD, true, MessageKeySchema.MEDIA_TOKENS, u.tokens().getAsInt())
            : Map.of(MessageKeySchema.MEDIA_UNDERSTOOD, true);
        case Unread r -> Map.of(MessageKeySchema.MEDIA_UNDERSTOOD, false);
      };
    }
  }

  private static Map<String, Object> aiFields(Decision decision, EngineAnswer answer) {
    Classification c = decision.classification();
    Map<String, Object> ai = new LinkedHashMap<>();
    ai.put(MessageSchema.Ai.CATEGORY, c.category().wire());
    ai.put(MessageSchema.Ai.PRIORITY, c.priority().wire());
    ai.put(MessageSchema.Ai.CONFIDENCE, c.confidence());
    ai.put(MessageSchema.Ai.SENTIMENT, c.sentiment().wire());
    ai.put(MessageSchema.Ai.REPLY, decision.reply());
    ai.put(MessageSchema.Ai.ESCALATE, decision.escalate());
    ai.put(MessageSchema.Ai.REASON, String.join(",", EscalationReason.wire(decision.reasons())));
    ai.put(MessageSchema.Ai.FOLLOW_UP, decision.followUpIn().map(d -> d.toMinutes() + "m").orElse(null));
    ai.put(MessageSchema.Ai.RESOLVED, decision.resolved());
    ai.put(MessageSchema.Ai.ENGINE, answer.engine());
    ai.put(MessageSchema.Ai.MODEL, answer.model());
    ai.put(MessageSchema.Ai.PROMPT_VERSION, answer.promptVersion().orElse(null));
    ai.put(MessageSchema.Ai.LATENCY_MS, answer.latencyMs());
    ai.put(MessageSchema.Ai.INPUT_TOKENS, answer.inputTokens());
    ai.put(MessageSchema.Ai.OUTPUT_TOKENS, answer.outputTokens());
    ai.put(MessageSchema.Ai.THOUGHT_TOKENS, answer.thoughtTokens());
    return ai;
  }

  private DocumentReference messageRef(String ticketId, String messageId) {
    return tickets.message(ticketId, messageId);
  }

  private DocumentReference runRef(RunRef run) {
    return tickets.ticket(run.ticketId()).collection(TicketSchema.RUNS).document(run.runId());
  }
}
