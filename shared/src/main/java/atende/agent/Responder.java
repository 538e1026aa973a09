package atende.agent;

import static atende.platform.Firestores.await;

import atende.conversation.Author;
import atende.conversation.Direction;
import atende.conversation.InstanceSettings;
import atende.conversation.Instances;
import atende.conversation.MessageStatus;
import atende.conversation.TicketStatus;
import atende.conversation.TicketStore;
import atende.evolution.EvolutionClient;
import atende.evolution.SendResult;
import atende.knowledge.KnowledgeBase;
import atende.platform.Ids;
import atende.platform.Log;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AI turn for a new customer message (DESIGN.md lifecycle 3–6): wait out the burst, claim the
 * run, ask the engine once, apply the policy, record the reply before sending it, send, and write the
 * results back. Every step is safe to repeat: a redelivered event finds its run claimed.
 */
public final class Responder {
  /** How much conversation the engine sees. */
  static final int HISTORY_MESSAGES = 30;
  static final int HISTORY_CHARS = 8000;
  static final Duration RUN_RETENTION = Duration.ofDays(30);
  static final int SEND_ATTEMPTS = 3;
  private static final OfflineClassifier HUMAN_REQUESTS = new OfflineClassifier();

  /** Waits; a real sleep in production, replaceable in tests. */
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final TicketStore store;
  private final Instances instances;
  private final KnowledgeBase knowledge;
  private final Engine engine;
  private final Engine fallback;
  private final Policy policy;
  private final EvolutionClient evolution;
  private final Sleeper sleeper;

  public Responder(TicketStore store, Instances instances, KnowledgeBase knowledge, Engine engine, Engine fallback,
      Policy policy, EvolutionClient evolution, Sleeper sleeper) {
    this.store = store;
    this.instances = instances;
    this.knowledge = knowledge;
    this.engine = engine;
    this.fallback = fallback;
    this.policy = policy;
    this.evolution = evolution;
    this.sleeper = sleeper;
  }

  /** Answers the burst that {@code messageId} (a new inbound customer message) belongs to. */
  public TurnOutcome onNewMessage(String ticketId, String messageId) throws InterruptedException {
    DocumentSnapshot message = await(store.message(ticketId, messageId).get());
    if (!message.exists()) return new TurnOutcome.Skipped("message gone");
    String instance = message.getString("instance");
    InstanceSettings settings = instances.get(instance);
    if (!settings.enabled()) return skip(ticketId, List.of(messageId), "instance_disabled");
    sleeper.sleep(Duration.ofSeconds(settings.debounceSeconds()));

    DocumentSnapshot ticket = await(store.ticket(ticketId).get());
    TicketStatus status = WireEnum.parse(TicketStatus.class, ticket.getString("status")).orElse(TicketStatus.OPEN);
    if (Boolean.TRUE.equals(ticket.getBoolean("aiPaused")) || status == TicketStatus.HUMAN) {
      return skip(ticketId, List.of(messageId), "ai_paused");
    }
    if (status.finished()) return skip(ticketId, List.of(messageId), "ticket_" + status.wire());

    List<QueryDocumentSnapshot> recent = recentMessages(ticketId);
    Optional<QueryDocumentSnapshot> newest = recent.stream().filter(Responder::isCustomer).findFirst();
    if (newest.isPresent() && !newest.get().getId().equals(messageId)) {
      return new TurnOutcome.Superseded(newest.get().getId());
    }
    String runId = Ids.slug(ticketId + "_" + messageId);
    if (!claim(ticketId, runId, messageId)) return new TurnOutcome.AlreadyClaimed(runId);

    List<String> burstIds = unanswered(recent).stream().map(DocumentSnapshot::getId).toList();
    setStatus(ticketId, burstIds, MessageStatus.PROCESSING, Map.of("runId", runId));
    Turn turn = turn(instance, ticket, recent);
    Judged judged = decideWithPolicy(turn);
    return deliver(instance, ticket, runId, messageId, burstIds, judged.decision(), judged.answer());
  }

  /**
   * Console command on a customer message: run the turn again on the conversation as it is now; send
   * the new reply, or (preview) only store the decision in {@code ai}. The flag is cleared either way.
   * {@code requestId} (the event id) makes redeliveries of the same edit one run.
   */
  public TurnOutcome reprocess(String ticketId, String messageId, boolean preview, String requestId)
      throws InterruptedException {
    DocumentSnapshot ticket = await(store.ticket(ticketId).get());
    DocumentSnapshot message = await(store.message(ticketId, messageId).get());
    if (!ticket.exists() || !message.exists()) return new TurnOutcome.Skipped("message gone");
    String runId = Ids.slug(ticketId + "_" + messageId + "_re-" + Ids.shortHash(requestId));
    if (!claim(ticketId, runId, messageId)) return new TurnOutcome.AlreadyClaimed(runId);
    Turn turn = turn(message.getString("instance"), ticket, recentMessages(ticketId));
    Judged judged = decideWithPolicy(turn);
    if (preview) {
      Map<String, Object> ai = aiFields(judged.decision(), judged.answer());
      ai.put("preview", true);
      await(store.message(ticketId, messageId).update("ai", ai, "reprocess", false));
      finishRun(ticketId, runId, "previewed");
      return new TurnOutcome.Answered(runId, null, judged.decision().escalate());
    }
    // Cleared by writing false: the local emulator ignores FieldValue.delete() (EmulatorConformanceTest).
    await(store.message(ticketId, messageId).update("reprocess", false));
    return deliver(message.getString("instance"), ticket, runId, messageId, List.of(messageId), judged.decision(), judged.answer());
  }

  /** A decision after the policy, with the engine answer it came from. */
  private record Judged(Decision decision, EngineAnswer answer) {}

  private Judged decideWithPolicy(Turn turn) {
    Decided decided = decide(turn);
    Decision decision = policy.apply(decided.answer().decision(), new Policy.Facts(
        turn.vip(), recurrence(turn), asksForHuman(turn), decided.modelFailed(), turn.pendingCustomerTexts()));
    // Once a human must take over, the customer is told so instead of getting an answer that may
    // contradict what the person will say.
    if (decision.escalate()) {
      decision = decision.withReply(ReplyTemplates.escalationHolding(decision.classification(), OfflineEngine.firstName(turn.customerName())));
    }
    return new Judged(decision, decided.answer());
  }

  private TurnOutcome deliver(String instance, DocumentSnapshot ticket, String runId, String messageId, List<String> burstIds,
      Decision decision, EngineAnswer answer) throws InterruptedException {
    String ticketId = ticket.getId();
    String chat = ticket.getString("customerJid");
    String outboundId = "ai-" + runId;
    Map<String, Object> outbound = new LinkedHashMap<>();
    outbound.put("instance", instance);
    outbound.put("direction", Direction.OUTBOUND.wire());
    outbound.put("author", Author.AI.wire());
    outbound.put("type", "text");
    outbound.put("text", decision.reply());
    outbound.put("chatJid", chat);
    outbound.put("replyTo", messageId);
    outbound.put("runId", runId);
    outbound.put("status", MessageStatus.SENDING.wire());
    outbound.put("createdAt", store.now());
    // Recorded before sending, so Evolution's echo (which can beat its own HTTP answer) is known as ours.
    if (!store.createMessage(ticketId, outboundId, outbound)) return new TurnOutcome.AlreadyClaimed(runId);

    SendResult result = send(instance, chat, decision.reply());
    Map<String, Object> ai = aiFields(decision, answer);
    switch (result) {
      case SendResult.Sent sent -> {
        store.indexKey(instance, sent.keyId(), new TicketStore.KeyEntry(ticketId, outboundId, Direction.OUTBOUND));
        markSent(ticketId, outboundId, sent.keyId());
        updateTicket(ticket, decision, runId, true);
        finishBurst(ticketId, burstIds, messageId, MessageStatus.ANSWERED, Map.of("answeredBy", outboundId), ai);
        finishRun(ticketId, runId, "answered");
        Log.info("turn.completed", "ticketId", ticketId, "runId", runId, "engine", answer.engine(),
            "category", decision.classification().category().wire(), "priority", decision.classification().priority().wire(),
            "escalated", decision.escalate(), "latencyMs", answer.latencyMs());
        return new TurnOutcome.Answered(runId, outboundId, decision.escalate());
      }
      case SendResult.Failed failed -> {
        Map<String, Object> error = Map.of("code", "send_failed", "message",
            "Evolution answered " + failed.httpStatus() + ": " + failed.reason());
        await(store.message(ticketId, outboundId).update("status", MessageStatus.FAILED.wire(), "error", error));
        List<String> reasons = new ArrayList<>(decision.reasons());
        reasons.add("send_failed");
        updateTicket(ticket, decision.withEscalation(reasons), runId, false);
        finishBurst(ticketId, burstIds, messageId, MessageStatus.FAILED, Map.of("error", error), ai);
        finishRun(ticketId, runId, "failed");
        Log.error("turn.send_failed", null, "ticketId", ticketId, "runId", runId, "httpStatus", failed.httpStatus());
        return new TurnOutcome.Failed(runId, "send_failed");
      }
    }
  }

  private record Decided(EngineAnswer answer, boolean modelFailed) {}

  /** The engine's answer, or the fallback's when the engine fails (the policy then escalates). */
  private Decided decide(Turn turn) {
    try {
      return new Decided(engine.answer(turn), false);
    } catch (RuntimeException e) {
      if (engine == fallback) throw e;
      Log.error("engine.failed", e);
      return new Decided(fallback.answer(turn), true);
    }
  }

  private SendResult send(String instance, String chat, String text) throws InterruptedException {
    SendResult result = null;
    Duration backoff = Duration.ofSeconds(1);
    for (int attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      result = evolution.sendText(instance, chat, text, typingMillis(text));
      if (!(result instanceof SendResult.Failed failed) || !failed.retryable()) return result;
      if (attempt < SEND_ATTEMPTS) sleeper.sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
    return result;
  }

  /** "Composing…" for a moment proportional to the reply, as a person would type, capped. */
  static int typingMillis(String text) {
    return Math.min(2500, 600 + 15 * text.length());
  }

  private void markSent(String ticketId, String outboundId, String keyId) {
    var ref = store.message(ticketId, outboundId);
    DocumentSnapshot current = await(ref.get());
    Map<String, Object> update = new HashMap<>();
    update.put("evolutionKeyId", keyId);
    MessageStatus now = WireEnum.parse(MessageStatus.class, current.getString("status")).orElse(MessageStatus.SENDING);
    if (now == MessageStatus.SENDING) {
      update.put("status", MessageStatus.SENT.wire());
      update.put("sentAt", store.now());
    }
    await(ref.update(update));
  }

  private void updateTicket(DocumentSnapshot before, Decision decision, String runId, boolean replied) {
    // Read again: a person may have taken over or reclassified while the model was thinking.
    DocumentSnapshot ticket = await(before.getReference().get());
    boolean humanOwned = Boolean.TRUE.equals(ticket.getBoolean("aiPaused"))
        || WireEnum.parse(TicketStatus.class, ticket.getString("status")).orElse(TicketStatus.OPEN) == TicketStatus.HUMAN;
    Map<String, Object> update = new HashMap<>();
    Classification c = decision.classification();
    if (!"human".equals(ticket.getString("classificationSource"))) {
      update.put("category", c.category().wire());
      update.put("priority", c.priority().wire());
      update.put("classificationSource", "ai");
    }
    update.put("confidence", c.confidence());
    update.put("sentiment", c.sentiment().wire());
    Timestamp now = store.now();
    if (decision.escalate()) {
      if (!humanOwned) update.put("status", TicketStatus.ESCALATED.wire());
      Map<String, Object> escalation = new HashMap<>();
      escalation.put("required", true);
      escalation.put("reasons", decision.reasons());
      escalation.put("at", now);
      escalation.put("runId", runId);
      update.put("escalation", escalation);
    } else if (humanOwned) {
      // the human's status stands
    } else if (decision.resolved()) {
      update.put("status", TicketStatus.RESOLVED.wire());
      update.put("resolvedAt", now);
      update.put("resolvedBy", "ai");
    } else {
      update.put("status", TicketStatus.WAITING_CUSTOMER.wire());
    }
    decision.followUpIn().ifPresent(in -> update.put("followUp", Map.of(
        "dueAt", Timestamp.ofTimeMicroseconds((now.toDate().getTime() + in.toMillis()) * 1000), "attempts", 0)));
    if (replied) {
      if (ticket.get("firstResponseAt") == null) update.put("firstResponseAt", now);
      update.put("lastOutboundAt", now);
    }
    update.put("updatedAt", now);
    await(store.ticket(ticket.getId()).update(update));
  }

  private Turn turn(String instance, DocumentSnapshot ticket, List<QueryDocumentSnapshot> recentNewestFirst) {
    List<Turn.Line> lines = new ArrayList<>();
    int chars = 0;
    for (QueryDocumentSnapshot doc : recentNewestFirst) {
      String text = Optional.ofNullable(doc.getString("text")).orElse("[" + doc.getString("type") + "]");
      if (chars + text.length() > HISTORY_CHARS && !lines.isEmpty()) break;
      chars += text.length();
      Author author = WireEnum.parse(Author.class, doc.getString("author")).orElse(Author.CUSTOMER);
      Timestamp at = doc.getTimestamp("createdAt");
      lines.add(0, new Turn.Line(author, text, at == null ? null : at.toDate().toInstant()));
    }
    DocumentSnapshot customer = await(store.db().collection(TicketStore.CUSTOMERS).document(ticket.getString("customerId")).get());
    boolean vip = "vip".equals(customer.getString("tier"));
    Long sequence = ticket.getLong("sequence");
    Turn draft = new Turn(instance, ticket.getString("customerName"), vip, sequence == null ? 0 : (int) (sequence - 1), lines, List.of());
    String query = String.join(" ", draft.pendingCustomerTexts());
    return new Turn(instance, draft.customerName(), vip, draft.previousTickets(), lines, knowledge.search(query, 3));
  }

  private List<QueryDocumentSnapshot> recentMessages(String ticketId) {
    return await(store.ticket(ticketId).collection(TicketStore.MESSAGES)
        .orderBy("createdAt", Query.Direction.DESCENDING)
        .limit(HISTORY_MESSAGES)
        .get()).getDocuments();
  }

  /** Customer messages after our last reply that nobody answered yet (newest first in, oldest first out). */
  private static List<QueryDocumentSnapshot> unanswered(List<QueryDocumentSnapshot> recentNewestFirst) {
    List<QueryDocumentSnapshot> burst = new ArrayList<>();
    for (QueryDocumentSnapshot doc : recentNewestFirst) {
      if (!isCustomer(doc)) break;
      String status = doc.getString("status");
      if ("received".equals(status) || "processing".equals(status)) burst.add(0, doc);
    }
    return burst;
  }

  private static boolean isCustomer(DocumentSnapshot doc) {
    return "inbound".equals(doc.getString("direction")) && "customer".equals(doc.getString("author"));
  }

  private boolean claim(String ticketId, String runId, String messageId) {
    Map<String, Object> run = new HashMap<>();
    run.put("messageId", messageId);
    run.put("status", "running");
    run.put("startedAt", store.now());
    run.put("expireAt", Timestamp.ofTimeMicroseconds((store.now().toDate().getTime() + RUN_RETENTION.toMillis()) * 1000));
    return atende.platform.Firestores.createIfAbsent(
        store.ticket(ticketId).collection(TicketStore.RUNS).document(runId).create(run));
  }

  private void finishRun(String ticketId, String runId, String outcome) {
    await(store.ticket(ticketId).collection(TicketStore.RUNS).document(runId)
        .update("status", outcome, "finishedAt", store.now()));
  }

  private TurnOutcome skip(String ticketId, List<String> messageIds, String reason) {
    setStatus(ticketId, messageIds, MessageStatus.SKIPPED, Map.of("skipReason", reason));
    return new TurnOutcome.Skipped(reason);
  }

  /** The burst's final status in one batch; the message that ran the turn also gets the decision. */
  private void finishBurst(String ticketId, List<String> burstIds, String messageId, MessageStatus status,
      Map<String, Object> extra, Map<String, Object> ai) {
    var batch = store.db().batch();
    List<String> ids = new ArrayList<>(burstIds);
    if (!ids.contains(messageId)) ids.add(messageId);
    for (String id : ids) {
      Map<String, Object> update = new HashMap<>(extra);
      update.put("status", status.wire());
      if (id.equals(messageId)) update.put("ai", ai);
      batch.update(store.message(ticketId, id), update);
    }
    await(batch.commit());
  }

  private void setStatus(String ticketId, List<String> messageIds, MessageStatus status, Map<String, Object> extra) {
    var batch = store.db().batch();
    for (String id : messageIds) {
      Map<String, Object> update = new HashMap<>(extra);
      update.put("status", status.wire());
      batch.update(store.message(ticketId, id), update);
    }
    if (!messageIds.isEmpty()) await(batch.commit());
  }

  private static Map<String, Object> aiFields(Decision decision, EngineAnswer answer) {
    Classification c = decision.classification();
    Map<String, Object> ai = new LinkedHashMap<>();
    ai.put("category", c.category().wire());
    ai.put("priority", c.priority().wire());
    ai.put("confidence", c.confidence());
    ai.put("sentiment", c.sentiment().wire());
    ai.put("reply", decision.reply());
    ai.put("escalate", decision.escalate());
    ai.put("reason", String.join(",", decision.reasons()));
    ai.put("followUp", decision.followUpIn().map(d -> d.toMinutes() + "m").orElse(null));
    ai.put("resolved", decision.resolved());
    ai.put("engine", answer.engine());
    ai.put("model", answer.model());
    ai.put("latencyMs", answer.latencyMs());
    ai.put("inputTokens", answer.inputTokens());
    ai.put("outputTokens", answer.outputTokens());
    return ai;
  }

  /** Interactions on this subject so far: the replies already given in this ticket (seed 5.1.6: 3+). */
  private static int recurrence(Turn turn) {
    return (int) turn.history().stream().filter(l -> l.author() == Author.AI).count();
  }

  private static boolean asksForHuman(Turn turn) {
    return turn.pendingCustomerTexts().stream().anyMatch(HUMAN_REQUESTS::asksForHuman);
  }
}
