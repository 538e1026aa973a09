package atende.escalation;

import static atende.platform.Firestores.await;
import static atende.platform.Firestores.createIfAbsent;

import atende.conversation.TicketStore;
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
 * Firestore side of the notifier: {@code escalations/{id}} with one entry per channel in
 * {@code channels.{key}} ({@code status} sent|failed, {@code at}, {@code attempts}, {@code error}), the
 * send claims {@code escalations/{id}/sends/{key}-{attempt}} (create-if-absent, so two deliveries never
 * send the same attempt), and the ticket's {@code escalation.notifiedAt}/{@code escalation.notifyFailed}.
 */
public final class EscalationStore {
  public static final String ESCALATIONS = "escalations";
  public static final String SENDS = "sends";

  /** A channel's recorded state; {@code attempts} counts finished attempts. */
  public record ChannelState(String status, int attempts, String error) {
    static final ChannelState NONE = new ChannelState(null, 0, null);

    public boolean sent() {
      return "sent".equals(status);
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
  private final Clock clock;
  private final TicketStore tickets;

  public EscalationStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.tickets = new TicketStore(db, clock);
  }

  public Timestamp now() {
    return Timestamp.ofTimeMicroseconds(clock.instant().toEpochMilli() * 1000);
  }

  public DocumentReference escalation(String id) {
    return db.collection(ESCALATIONS).document(id);
  }

  /** Creates {@code escalations/{id}} from the published escalation unless the publisher already did. */
  public void ensure(Escalation e, String messageId) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("ticketId", e.ticketId());
    fields.put("instance", e.instance());
    fields.put("category", e.category());
    fields.put("priority", e.priority());
    fields.put("reasons", EscalationReason.wire(e.reasons()));
    fields.put("runId", e.runId());
    fields.put("customerNotified", e.customerNotified());
    fields.put("createdAt", e.at() == null ? now() : Timestamp.ofTimeMicroseconds(e.at().toEpochMilli() * 1000));
    fields.put("messageId", messageId);
    fields.put("channels", Map.of());
    createIfAbsent(escalation(e.escalationId()).create(fields));
  }

  public Optional<EscalationDoc> read(String id) {
    DocumentSnapshot doc = await(escalation(id).get());
    if (!doc.exists() || doc.getString("ticketId") == null) return Optional.empty();
    Map<String, ChannelState> channels = new HashMap<>();
    if (doc.get("channels") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (v instanceof Map<?, ?> c) {
          Object attempts = c.get("attempts");
          channels.put(String.valueOf(k), new ChannelState(
              c.get("status") == null ? null : String.valueOf(c.get("status")),
              attempts instanceof Number n ? n.intValue() : 0,
              c.get("error") == null ? null : String.valueOf(c.get("error"))));
        }
      });
    }
    List<EscalationReason> reasons = EscalationReason.fromStored(doc.get("reasons"));
    Timestamp created = doc.getTimestamp("createdAt");
    return Optional.of(new EscalationDoc(id, doc.getString("ticketId"), doc.getString("instance"), doc.getString("category"),
        doc.getString("priority"), reasons, doc.getString("runId"), created == null ? null : created.toDate().toInstant(),
        !Boolean.FALSE.equals(doc.getBoolean("customerNotified")), doc.get("notifiedAt") != null,
        Boolean.TRUE.equals(doc.getBoolean("notifyFailed")), channels));
  }

  public Optional<TicketView> ticket(String ticketId) {
    DocumentSnapshot t = await(db.collection(TicketStore.TICKETS).document(ticketId).get());
    if (!t.exists()) return Optional.empty();
    return Optional.of(new TicketView(ticketId, t.getString("instance"), t.getString("customerName"),
        t.getString("customerPhone"), t.getString("customerJid"), t.getString("category"), t.getString("priority"),
        t.getString("escalation.runId")));
  }

  /** The ticket's last {@code limit} messages, oldest first. */
  public List<Notice.Line> lastMessages(String ticketId, int limit) {
    List<QueryDocumentSnapshot> docs = await(db.collection(TicketStore.TICKETS).document(ticketId)
        .collection(TicketStore.MESSAGES)
        .orderBy("createdAt", Query.Direction.DESCENDING)
        .limit(limit)
        .get()).getDocuments();
    List<Notice.Line> lines = new ArrayList<>();
    for (QueryDocumentSnapshot doc : docs) {
      Timestamp at = doc.getTimestamp("createdAt");
      lines.add(0, new Notice.Line(doc.getString("author"), doc.getString("type"), doc.getString("text"),
          at == null ? null : at.toDate().toInstant()));
    }
    return lines;
  }

  /** Claims attempt {@code attempt} of a channel; false when another delivery already claimed it. */
  public boolean claim(String id, String channelKey, int attempt, String messageId, int deliveryAttempt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("channel", channelKey);
    fields.put("attempt", attempt);
    fields.put("claimedAt", now());
    fields.put("messageId", messageId);
    fields.put("deliveryAttempt", deliveryAttempt);
    return createIfAbsent(claimRef(id, channelKey, attempt).create(fields));
  }

  /** When a claim was made; empty when it is gone. */
  public Optional<Instant> claimedAt(String id, String channelKey, int attempt) {
    DocumentSnapshot claim = await(claimRef(id, channelKey, attempt).get());
    Timestamp at = claim.exists() ? claim.getTimestamp("claimedAt") : null;
    return Optional.ofNullable(at).map(t -> t.toDate().toInstant());
  }

  private DocumentReference claimRef(String id, String channelKey, int attempt) {
    return escalation(id).collection(SENDS).document(channelKey + "-" + attempt);
  }

  public void recordSent(String id, String channelKey, int attempt, String target) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("status", "sent");
    state.put("at", now());
    state.put("attempts", attempt);
    if (target != null) state.put("target", target);
    await(escalation(id).update(FieldPath.of("channels", channelKey), state));
  }

  public void recordFailed(String id, String channelKey, int attempt, String target, String error) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("status", "failed");
    state.put("at", now());
    state.put("attempts", attempt);
    state.put("error", error);
    if (target != null) state.put("target", target);
    await(escalation(id).update(FieldPath.of("channels", channelKey), state));
  }

  /** Every channel sent: the escalation and (unless a newer escalation replaced it) the ticket show it. */
  public void markNotified(EscalationDoc e, TicketView ticket) {
    Timestamp now = now();
    Map<String, Object> update = new HashMap<>();
    update.put("notifiedAt", now);
    if (e.notifyFailed()) update.put("notifyFailed", false);
    await(escalation(e.id()).update(update));
    if (sameEscalation(e, ticket)) {
      Map<String, Object> fields = new HashMap<>();
      fields.put("escalation.notifiedAt", now);
      fields.put("escalation.escalationId", e.id());
      if (e.notifyFailed()) fields.put("escalation.notifyFailed", false);
      tickets.update(ticket.ticketId(), fields);
    }
  }

  /** Given up (or nobody to notify): visible on the escalation and the ticket for the console. */
  public void markFailed(EscalationDoc e, TicketView ticket, String error) {
    Timestamp now = now();
    await(escalation(e.id()).update("notifyFailed", true, "error", error, "failedAt", now));
    if (sameEscalation(e, ticket)) {
      tickets.update(ticket.ticketId(), "escalation.notifyFailed", true, "escalation.notifyError", error,
          "escalation.notifyFailedAt", now, "escalation.escalationId", e.id());
    }
  }

  /** A later escalation of the same ticket rewrote {@code escalation}; this one must not mark it. */
  private static boolean sameEscalation(EscalationDoc e, TicketView ticket) {
    return e.runId() == null || ticket.escalationRunId() == null || e.runId().equals(ticket.escalationRunId());
  }
}
