package atende.escalation;

import static atende.escalation.EscalationSchema.CHANNELS;
import static atende.platform.Firestores.await;
import static atende.platform.Firestores.createIfAbsent;

import atende.conversation.MessageSchema;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStore;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code escalations/{id}} ({@link EscalationSchema}) for the raiser ({@link Escalations}: recorded,
 * then marked published) and the notifier: one entry per channel in {@code channels.{key}}, the send
 * claims {@code escalations/{id}/sends/{key}-{attempt}} (create-if-absent, so two deliveries never send
 * the same attempt), and the ticket's {@code escalation.notifiedAt}/{@code escalation.notifyFailed}
 * (through {@link TicketStore#update}).
 */
public final class EscalationStore {
  /** A channel's recorded state; {@code attempts} counts finished attempts. */
  public record ChannelState(ChannelStatus status, int attempts, String error) {
    static final ChannelState NONE = new ChannelState(null, 0, null);

    public boolean sent() {
      return status == ChannelStatus.SENT;
    }
  }

  /** The escalation document as the notifier needs it. */
  public record EscalationDoc(String id, String ticketId, String instance, String category, String priority,
      List<EscalationReason> reasons, String runId, Instant at, boolean customerNotified, boolean notified, boolean notifyFailed,
      Map<String, ChannelState> channels) {

    public ChannelState channel(String key) {
      return channels.getOrDefault(key, ChannelState.NONE);
    }
  }

  /** The ticket fields a notice uses. */
  public record TicketView(String ticketId, String instance, String customerName, String customerPhone, String customerJid,
      String category, String priority, String escalationRunId) {}

  private final Firestore db;
  private final TicketStore tickets;
  private final Clock clock;

  public EscalationStore(Firestore db, TicketStore tickets, Clock clock) {
    this.db = db;
    this.tickets = tickets;
    this.clock = clock;
  }

  // ------------------------------------------------------------------------------------ raising

  /** Records a raised escalation, not yet published; false when it was recorded before. */
  public boolean create(Escalation e) {
    Map<String, Object> fields = EscalationSchema.fields(e, timestamp(e.at()));
    // "published" is the top-level flag FollowUpSweep queries for escalations whose publish failed.
    fields.put(EscalationSchema.PUBLISHED, false);
    return createIfAbsent(escalation(e.escalationId()).create(fields));
  }

  public boolean published(String id) {
    return await(escalation(id).get()).get(EscalationSchema.PUBLISHED_AT) != null;
  }

  public void markPublished(String id, String messageId) {
    await(escalation(id).update(EscalationSchema.PUBLISHED_AT, now(), EscalationSchema.MESSAGE_ID, messageId,
        EscalationSchema.PUBLISHED, true));
  }

  public void markPublishFailed(String id, String error) {
    await(escalation(id).update(EscalationSchema.PUBLISH_ERROR, error));
  }

  // ------------------------------------------------------------------------------------ reading

  /** Creates {@code escalations/{id}} from the published escalation unless the publisher already did. */
  public void ensure(Escalation e, String messageId) {
    Map<String, Object> fields = EscalationSchema.fields(e, e.at() == null ? now() : timestamp(e.at()));
    fields.put(EscalationSchema.MESSAGE_ID, messageId);
    fields.put(CHANNELS, Map.of());
    createIfAbsent(escalation(e.escalationId()).create(fields));
  }

  public Optional<EscalationDoc> read(String id) {
    DocumentSnapshot doc = await(escalation(id).get());
    if (!doc.exists() || doc.getString(EscalationSchema.TICKET_ID) == null) return Optional.empty();
    return Optional.of(new EscalationDoc(id, doc.getString(EscalationSchema.TICKET_ID), doc.getString(EscalationSchema.INSTANCE),
        doc.getString(EscalationSchema.CATEGORY), doc.getString(EscalationSchema.PRIORITY),
        EscalationReason.fromStored(doc.get(EscalationSchema.REASONS)), doc.getString(EscalationSchema.RUN_ID),
        instant(doc.getTimestamp(EscalationSchema.CREATED_AT)),
        !Boolean.FALSE.equals(doc.getBoolean(EscalationSchema.CUSTOMER_NOTIFIED)),
        doc.get(EscalationSchema.NOTIFIED_AT) != null, Boolean.TRUE.equals(doc.getBoolean(EscalationSchema.NOTIFY_FAILED)),
        channels(doc.get(CHANNELS))));
  }

  private static Map<String, ChannelState> channels(Object stored) {
    Map<String, ChannelState> channels = new HashMap<>();
    if (stored instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (v instanceof Map<?, ?> c) {
          Object status = c.get(EscalationSchema.CHANNEL_STATUS);
          Object attempts = c.get(EscalationSchema.CHANNEL_ATTEMPTS);
          Object error = c.get(EscalationSchema.CHANNEL_ERROR);
          channels.put(String.valueOf(k), new ChannelState(
              status == null ? null : WireEnum.parse(ChannelStatus.class, String.valueOf(status)).orElse(null),
              attempts instanceof Number n ? n.intValue() : 0,
              error == null ? null : String.valueOf(error)));
        }
      });
    }
    return channels;
  }

  public Optional<TicketView> ticket(String ticketId) {
    DocumentSnapshot t = await(tickets.ticket(ticketId).get());
    if (!t.exists()) return Optional.empty();
    return Optional.of(new TicketView(ticketId, t.getString(TicketSchema.INSTANCE), t.getString(TicketSchema.CUSTOMER_NAME),
        t.getString(TicketSchema.CUSTOMER_PHONE), t.getString(TicketSchema.CUSTOMER_JID), t.getString(TicketSchema.CATEGORY),
        t.getString(TicketSchema.PRIORITY), t.getString(TicketSchema.ESCALATION_RUN_ID)));
  }

  /** The ticket's last {@code limit} messages, oldest first. */
  public List<Notice.Line> lastMessages(String ticketId, int limit) {
    List<QueryDocumentSnapshot> docs = await(tickets.ticket(ticketId).collection(TicketSchema.MESSAGES)
        .orderBy(MessageSchema.CREATED_AT, Query.Direction.DESCENDING)
        .limit(limit)
        .get()).getDocuments();
    List<Notice.Line> lines = new ArrayList<>();
    for (QueryDocumentSnapshot doc : docs) {
      lines.add(0, new Notice.Line(doc.getString(MessageSchema.AUTHOR), doc.getString(MessageSchema.TYPE),
          doc.getString(MessageSchema.TEXT), instant(doc.getTimestamp(MessageSchema.CREATED_AT)), mediaSeen(doc)));
    }
    return lines;
  }

  /** What the AI turn stored on a media message ({@code media.seconds}, {@code mediaText}, {@code media.unread}). */
  private static Optional<Notice.MediaSeen> mediaSeen(DocumentSnapshot doc) {
    if (!(doc.get(MessageSchema.MEDIA) instanceof Map<?, ?> media)) return Optional.empty();
    Integer seconds = media.get(MessageSchema.MEDIA_SECONDS) instanceof Number n ? n.intValue() : null;
    String unread = media.get(MessageSchema.MEDIA_UNREAD) instanceof String u ? u : null;
    return Optional.of(new Notice.MediaSeen(seconds, doc.getString(MessageSchema.MEDIA_TEXT), unread));
  }

  // ------------------------------------------------------------------------------------ sending

  /** Claims attempt {@code attempt} of a channel; false when another delivery already claimed it. */
  public boolean claim(String id, String channelKey, int attempt, String messageId, int deliveryAttempt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(EscalationSchema.CLAIM_CHANNEL, channelKey);
    fields.put(EscalationSchema.CLAIM_ATTEMPT, attempt);
    fields.put(EscalationSchema.CLAIMED_AT, now());
    fields.put(EscalationSchema.MESSAGE_ID, messageId);
    fields.put(EscalationSchema.CLAIM_DELIVERY_ATTEMPT, deliveryAttempt);
    return createIfAbsent(claimRef(id, channelKey, attempt).create(fields));
  }

  /** When a claim was made; empty when it is gone. */
  public Optional<Instant> claimedAt(String id, String channelKey, int attempt) {
    DocumentSnapshot claim = await(claimRef(id, channelKey, attempt).get());
    return Optional.ofNullable(claim.exists() ? instant(claim.getTimestamp(EscalationSchema.CLAIMED_AT)) : null);
  }

  private DocumentReference claimRef(String id, String channelKey, int attempt) {
    return escalation(id).collection(EscalationSchema.SENDS).document(channelKey + "-" + attempt);
  }

  /** The outcome of a channel's attempt ({@code error} only when it failed). */
  public void record(String id, Channel channel, int attempt, ChannelStatus status, String error) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put(EscalationSchema.CHANNEL_STATUS, status.wire());
    state.put(EscalationSchema.CHANNEL_AT, now());
    state.put(EscalationSchema.CHANNEL_ATTEMPTS, attempt);
    if (status == ChannelStatus.FAILED) state.put(EscalationSchema.CHANNEL_ERROR, error);
    if (channel.target() != null) state.put(EscalationSchema.CHANNEL_TARGET, channel.target());
    await(escalation(id).update(FieldPath.of(CHANNELS, channel.key()), state));
  }

  /** The customer's handoff went out: the ticket's last outbound time moves like after any reply. */
  public void handoffSent(String ticketId) {
    tickets.update(ticketId, TicketSchema.LAST_OUTBOUND_AT, tickets.now());
  }

  // ------------------------------------------------------------------------------------ outcome

  /** Every channel sent: the escalation and (unless a newer escalation replaced it) the ticket show it. */
  public void markNotified(EscalationDoc e, TicketView ticket) {
    Timestamp now = now();
    Map<String, Object> update = new HashMap<>();
    update.put(EscalationSchema.NOTIFIED_AT, now);
    if (e.notifyFailed()) update.put(EscalationSchema.NOTIFY_FAILED, false);
    await(escalation(e.id()).update(update));
    if (sameEscalation(e, ticket)) {
      Map<String, Object> fields = new HashMap<>();
      fields.put(TicketSchema.ESCALATION_NOTIFIED_AT, now);
      fields.put(TicketSchema.ESCALATION_ID, e.id());
      if (e.notifyFailed()) fields.put(TicketSchema.ESCALATION_NOTIFY_FAILED, false);
      tickets.update(ticket.ticketId(), fields);
    }
  }

  /** Given up (or nobody to notify): visible on the escalation and the ticket for the console. */
  public void markFailed(EscalationDoc e, TicketView ticket, String error) {
    Timestamp now = now();
    await(escalation(e.id()).update(EscalationSchema.NOTIFY_FAILED, true, EscalationSchema.ERROR, error,
        EscalationSchema.FAILED_AT, now));
    if (sameEscalation(e, ticket)) {
      tickets.update(ticket.ticketId(), TicketSchema.ESCALATION_NOTIFY_FAILED, true, TicketSchema.ESCALATION_NOTIFY_ERROR, error,
          TicketSchema.ESCALATION_NOTIFY_FAILED_AT, now, TicketSchema.ESCALATION_ID, e.id());
    }
  }

  /** A later escalation of the same ticket rewrote {@code escalation}; this one must not mark it. */
  private static boolean sameEscalation(EscalationDoc e, TicketView ticket) {
    return e.runId() == null || ticket.escalationRunId() == null || e.runId().equals(ticket.escalationRunId());
  }

  private DocumentReference escalation(String id) {
    return db.collection(EscalationSchema.COLLECTION).document(id);
  }

  private Timestamp now() {
    return timestamp(clock.instant());
  }

  /** Milliseconds, like the publisher's {@code at}. */
  private static Timestamp timestamp(Instant at) {
    return Timestamp.ofTimeMicroseconds(at.toEpochMilli() * 1000);
  }

  private static Instant instant(Timestamp at) {
    return at == null ? null : at.toDate().toInstant();
  }
}
