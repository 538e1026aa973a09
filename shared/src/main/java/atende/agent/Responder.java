package atende.agent;

import static atende.platform.Firestores.await;

import atende.conversation.Author;
import atende.conversation.InstanceSettings;
import atende.conversation.Instances;
import atende.conversation.MessageStatus;
import atende.conversation.Outbox;
import atende.conversation.TicketStore;
import atende.conversation.TicketView;
import atende.escalation.Escalation;
import atende.escalation.EscalationReason;
import atende.escalation.Escalations;
import atende.evolution.SendResult;
import atende.knowledge.KnowledgeBase;
import atende.platform.Firestores;
import atende.platform.Ids;
import atende.platform.Log;
import atende.platform.Sleeper;
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
 * The AI turn for a new customer message (docs/design.md lifecycle 3–6): wait out the burst, claim the
 * run, ask the engine once, apply the policy, record the reply before sending it, send, write the
 * results back and raise the escalation. Every step is safe to repeat: a redelivered event finds its
 * run claimed.
 */
public final class Responder {
  /** How much conversation the engine sees. */
  static final int HISTORY_MESSAGES = 30;
  static final int HISTORY_CHARS = 8000;
  static final Duration RUN_RETENTION = Duration.ofDays(30);
  private static final OfflineClassifier HUMAN_REQUESTS = new OfflineClassifier();

  private final TicketStore store;
  private final Instances instances;
  private final KnowledgeBase knowledge;
  private final Engine engine;
  private final Engine fallback;
  private final Policy defaultPolicy;
  private final Outbox outbox;
  private final Escalations escalations;
  private final Sleeper sleeper;

  public Responder(TicketStore store, Instances instances, KnowledgeBase knowledge, Engine engine, Engine fallback,
      Policy defaultPolicy, Outbox outbox, Escalations escalations, Sleeper sleeper) {
    this.store = store;
    this.instances = instances;
    this.knowledge = knowledge;
    this.engine = engine;
    this.fallback = fallback;
    this.defaultPolicy = defaultPolicy;
    this.outbox = outbox;
    this.escalations = escalations;
    this.sleeper = sleeper;
  }

  /** Answers the burst that {@code messageId} (a new inbound customer message) belongs to. */
  public TurnOutcome onNewMessage(String ticketId, String messageId) throws InterruptedException {
    DocumentSnapshot message = await(store.message(ticketId, messageId).get());
    if (!message.exists()) return new TurnOutcome.Skipped("message gone");
    InstanceSettings settings = instances.get(message.getString("instance"));
    if (!settings.enabled()) return skip(ticketId, List.of(messageId), "instance_disabled");
    sleeper.sleep(Duration.ofSeconds(settings.debounceSeconds()));

    TicketView ticket = TicketView.of(await(store.ticket(ticketId).get()));
    if (ticket.humanOwned()) return skip(ticketId, List.of(messageId), "ai_paused");
    Long npsScore = message.getLong("npsScore");
    if (ticket.status().finished() && npsScore != null) return thankForRating(ticket, messageId, npsScore.intValue());
    if (ticket.status().finished()) return skip(ticketId, List.of(messageId), "ticket_" + ticket.status().wire());

    List<QueryDocumentSnapshot> recent = recentMessages(ticketId);
    Optional<QueryDocumentSnapshot> newest = recent.stream().filter(Responder::isCustomer).findFirst();
    if (newest.isPresent() && !newest.get().getId().equals(messageId)) {
      return new TurnOutcome.Superseded(newest.get().getId());
    }
    String runId = Ids.slug(ticketId + "_" + messageId);
    if (!claim(ticketId, runId, messageId)) return new TurnOutcome.AlreadyClaimed(runId);

    List<String> burstIds = unanswered(recent).stream().map(DocumentSnapshot::getId).toList();
    setStatus(ticketId, burstIds, MessageStatus.PROCESSING, Map.of("runId", runId));
    return run(new Run(settings, ticket, runId, messageId, burstIds, Mode.ANSWER), recent);
  }

  /** The customer answered the NPS question of a resolved ticket: one thank-you, nothing else. */
  private TurnOutcome thankForRating(TicketView ticket, String messageId, int score) throws InterruptedException {
    String thanksId = "nps-thanks";
    Optional<SendResult> sent = outbox.send(new Outbox.Outgoing(ticket.id(), thanksId, ticket.instance(), ticket.customerJid(),
        Author.SYSTEM, ReplyTemplates.npsThanks(score), Map.of("replyTo", messageId, "kind", "nps_thanks")));
    if (sent.isEmpty()) return skip(ticket.id(), List.of(messageId), "nps_already_thanked");
    boolean ok = sent.get() instanceof SendResult.Sent;
    setStatus(ticket.id(), List.of(messageId), ok ? MessageStatus.ANSWERED : MessageStatus.FAILED,
        ok ? Map.of("answeredBy", thanksId) : Map.of("error", Outbox.error((SendResult.Failed) sent.get())));
    return ok ? new TurnOutcome.Answered(thanksId, thanksId, false) : new TurnOutcome.Failed(thanksId, "send_failed");
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
    // Cleared by writing false: the local emulator ignores FieldValue.delete() (EmulatorConformanceTest).
    await(store.message(ticketId, messageId).update("reprocess", false));
    InstanceSettings settings = instances.get(message.getString("instance"));
    Mode mode = preview ? Mode.PREVIEW : Mode.RESEND;
    return run(new Run(settings, TicketView.of(ticket), runId, messageId, List.of(messageId), mode), recentMessages(ticketId));
  }

  /** ANSWER a new message; RESEND on a console command (a person asked, so a paused AI still sends); PREVIEW sends nothing. */
  private enum Mode { ANSWER, RESEND, PREVIEW }

  /** One claimed run: the ticket as read before the turn, the message that runs it and the burst it answers. */
  private record Run(InstanceSettings settings, TicketView ticket, String runId, String messageId, List<String> burstIds, Mode mode) {
    List<String> touched() {
      List<String> ids = new ArrayList<>(burstIds);
      if (!ids.contains(messageId)) ids.add(messageId);
      return ids;
    }
  }

  private TurnOutcome run(Run run, List<QueryDocumentSnapshot> recent) throws InterruptedException {
    long started = System.nanoTime();
    try {
      Turn turn = turn(run.ticket(), recent);
      Judged judged = judge(run, turn);
      if (run.mode() == Mode.PREVIEW) {
        Map<String, Object> ai = aiFields(judged.decision(), judged.answer());
        ai.put("preview", true);
        await(store.message(run.ticket().id(), run.messageId()).update("ai", ai));
        finishRun(run, "previewed");
        return new TurnOutcome.Answered(run.runId(), null, judged.decision().escalate());
      }
      return deliver(run, judged, started);
    } catch (RuntimeException e) {
      // The run is claimed, so a redelivery would stop at the claim: make the failure visible instead.
      Log.error("message.failed", e, "ticketId", run.ticket().id(), "runId", run.runId(), "code", "internal");
      Map<String, Object> error = Map.of("code", "internal", "message", String.valueOf(e.getMessage()));
      setStatus(run.ticket().id(), run.touched(), MessageStatus.FAILED, Map.of("error", error));
      finishRun(run, "failed");
      return new TurnOutcome.Failed(run.runId(), "internal");
    }
  }

  /** A decision after the policy, with the engine answer it came from. */
  private record Judged(Decision decision, EngineAnswer answer) {}

  private Judged judge(Run run, Turn turn) {
    Decided decided = decide(turn);
    Decision engineDecision = withHumanClassification(decided.answer().decision(), run.ticket());
    Policy policy = defaultPolicy.forInstance(run.settings());
    Decision decision = policy.apply(engineDecision, new Policy.Facts(turn.vip(), recurrence(turn, run.ticket(), engineDecision),
        asksForHuman(turn), decided.failure(), turn.pendingCustomerTexts()));
    // Once a human must take over, the customer is told so instead of getting an answer that may
    // contradict what the person will say.
    if (decision.escalate()) {
      decision = decision.withReply(ReplyTemplates.escalationHolding(decision.classification(), OfflineEngine.firstName(turn.customerName())));
    }
    return new Judged(decision, decided.answer());
  }

  /** A person's category/priority (console correction) outranks the model's, for the policy too. */
  private static Decision withHumanClassification(Decision decision, TicketView ticket) {
    if (!ticket.classifiedByHuman()) return decision;
    Classification c = decision.classification();
    Classification corrected = new Classification(
        ticket.category().flatMap(v -> WireEnum.parse(Category.class, v)).orElse(c.category()),
        ticket.priority().flatMap(v -> WireEnum.parse(Priority.class, v)).orElse(c.priority()),
        c.sentiment(), c.confidence());
    return new Decision(corrected, decision.reply(), decision.escalate(), decision.reasons(), decision.followUpIn(), decision.resolved());
  }

  private TurnOutcome deliver(Run run, Judged judged, long started) throws InterruptedException {
    String ticketId = run.ticket().id();
    Decision decision = judged.decision();
    // Read again: a person may have taken over or reclassified while the model was thinking.
    TicketView current = TicketView.of(await(store.ticket(ticketId).get()));
    if (run.mode() == Mode.ANSWER && current.humanOwned()) {
      setStatus(ticketId, run.touched(), MessageStatus.SKIPPED, Map.of("skipReason", "ai_paused"));
      finishRun(run, "skipped");
      return new TurnOutcome.Skipped("ai_paused");
    }
    String outboundId = "ai-" + run.runId();
    Optional<SendResult> result = outbox.send(new Outbox.Outgoing(ticketId, outboundId, current.instance(),
        current.customerJid(), Author.AI, decision.reply(), Map.of("replyTo", run.messageId(), "runId", run.runId())));
    if (result.isEmpty()) return new TurnOutcome.AlreadyClaimed(run.runId());
    Map<String, Object> ai = aiFields(decision, judged.answer());
    return switch (result.get()) {
      case SendResult.Sent sent -> {
        TicketAfterTurn after = complete(current, decision, run, true, MessageStatus.ANSWERED, Map.of("answeredBy", outboundId), ai);
        if (after.newlyEscalated()) escalate(current, decision, run, true);
        logAnswered(run, judged, after, started);
        yield new TurnOutcome.Answered(run.runId(), outboundId, decision.escalate());
      }
      case SendResult.Failed failed -> {
        List<EscalationReason> reasons = new ArrayList<>(decision.reasons());
        reasons.add(EscalationReason.SEND_FAILED);
        Decision unsent = decision.withEscalation(reasons);
        TicketAfterTurn after = complete(current, unsent, run, false, MessageStatus.FAILED, Map.of("error", Outbox.error(failed)), ai);
        if (after.newlyEscalated()) escalate(current, unsent, run, false);
        Log.error("message.failed", null, "ticketId", ticketId, "runId", run.runId(), "code", "send_failed",
            "httpStatus", failed.httpStatus(), "category", decision.classification().category().wire());
        yield new TurnOutcome.Failed(run.runId(), "send_failed");
      }
    };
  }

  private void logAnswered(Run run, Judged judged, TicketAfterTurn after, long started) {
    Classification c = judged.decision().classification();
    String category = c.category().wire();
    String priority = c.priority().wire();
    long turnMs = (System.nanoTime() - started) / 1_000_000;
    Log.info("turn.completed", "ticketId", run.ticket().id(), "runId", run.runId(), "engine", judged.answer().engine(),
        "category", category, "priority", priority, "escalated", judged.decision().escalate(),
        "latencyMs", turnMs, "modelMs", judged.answer().latencyMs(), "burst", run.burstIds().size());
    if (after.firstResponseMs().isPresent()) {
      Log.info("reply.sent", "ticketId", run.ticket().id(), "category", category, "priority", priority,
          "firstResponseMs", after.firstResponseMs().getAsLong());
    } else {
      Log.info("reply.sent", "ticketId", run.ticket().id(), "category", category, "priority", priority);
    }
    if (after.resolved()) Log.info("ticket.resolved", "ticketId", run.ticket().id(), "resolvedBy", "ai", "category", category);
  }

  /** {@code customerTold}: the holding reply reached the customer, so the notifier sends no handoff message. */
  private void escalate(TicketView ticket, Decision decision, Run run, boolean customerTold) {
    Classification c = decision.classification();
    escalations.raise(new Escalation(Escalations.idFor(ticket.id(), run.runId()), ticket.id(), ticket.instance(),
        c.category().wire(), c.priority().wire(), decision.reasons(), run.runId(), store.now().toDate().toInstant(), customerTold));
  }

  /** The engine's answer, or the fallback's when the engine fails (the policy then escalates with the reason). */
  private record Decided(EngineAnswer answer, Optional<EscalationReason> failure) {}

  private Decided decide(Turn turn) {
    try {
      return new Decided(engine.answer(turn), Optional.empty());
    } catch (RuntimeException e) {
      if (engine == fallback) throw e;
      EscalationReason reason = e instanceof EngineFailure failure ? failure.reason() : EscalationReason.MODEL_UNAVAILABLE;
      Log.error("engine.failed", e, "reason", reason.wire());
      return new Decided(fallback.answer(turn), Optional.of(reason));
    }
  }

  /**
   * The turn's results in one batch: the ticket (read again right before: a person may have taken
   * over or resolved it during the send), the burst's final status with the decision on the message
   * that ran the turn, and the run's outcome.
   */
  private TicketAfterTurn complete(TicketView before, Decision decision, Run run, boolean replied, MessageStatus status,
      Map<String, Object> extra, Map<String, Object> ai) {
    TicketView ticket = TicketView.of(await(store.ticket(before.id()).get()));
    TicketAfterTurn after = TicketAfterTurn.of(ticket, decision, run.runId(), replied, store.now());
    var batch = store.db().batch();
    store.update(batch, ticket.id(), after.update());
    for (String id : run.touched()) {
      Map<String, Object> update = new HashMap<>(extra);
      update.put("status", status.wire());
      if (id.equals(run.messageId())) update.put("ai", ai);
      batch.update(store.message(ticket.id(), id), update);
    }
    batch.update(runRef(run), "status", replied ? "answered" : "failed", "finishedAt", store.now());
    await(batch.commit());
    return after;
  }

  private Turn turn(TicketView ticket, List<QueryDocumentSnapshot> recentNewestFirst) {
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
    DocumentSnapshot customer = await(store.db().collection(TicketStore.CUSTOMERS).document(ticket.customerId()).get());
    boolean vip = "vip".equals(customer.getString("tier"));
    Turn draft = new Turn(ticket.instance(), ticket.customerName(), vip, (int) (ticket.sequence() - 1), lines, List.of());
    String query = String.join(" ", draft.pendingCustomerTexts());
    return new Turn(ticket.instance(), draft.customerName(), vip, draft.previousTickets(), lines, knowledge.search(query, 3));
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
    return Firestores.createIfAbsent(store.ticket(ticketId).collection(TicketStore.RUNS).document(runId).create(run));
  }

  private void finishRun(Run run, String outcome) {
    await(runRef(run).update("status", outcome, "finishedAt", store.now()));
  }

  private com.google.cloud.firestore.DocumentReference runRef(Run run) {
    return store.ticket(run.ticket().id()).collection(TicketStore.RUNS).document(run.runId());
  }

  private TurnOutcome skip(String ticketId, List<String> messageIds, String reason) {
    setStatus(ticketId, messageIds, MessageStatus.SKIPPED, Map.of("skipReason", reason));
    return new TurnOutcome.Skipped(reason);
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
    ai.put("reason", String.join(",", EscalationReason.wire(decision.reasons())));
    ai.put("followUp", decision.followUpIn().map(d -> d.toMinutes() + "m").orElse(null));
    ai.put("resolved", decision.resolved());
    ai.put("engine", answer.engine());
    ai.put("model", answer.model());
    ai.put("promptVersion", answer.promptVersion().orElse(null));
    ai.put("latencyMs", answer.latencyMs());
    ai.put("inputTokens", answer.inputTokens());
    ai.put("outputTokens", answer.outputTokens());
    ai.put("thoughtTokens", answer.thoughtTokens());
    return ai;
  }

  /**
   * Interactions on this subject (seed 5.1.6: 3+): the replies already given in this ticket, or this
   * customer's tickets in the same category, this one included.
   */
  private int recurrence(Turn turn, TicketView ticket, Decision decision) {
    int replies = (int) turn.history().stream().filter(l -> l.author() == Author.AI).count();
    if (turn.previousTickets() == 0) return replies;
    String category = decision.classification().category().wire();
    long sameCategory = await(store.db().collection(TicketStore.TICKETS)
        .whereEqualTo("customerId", ticket.customerId())
        .whereEqualTo("category", category)
        .count().get()).getCount();
    boolean thisOneCounted = ticket.category().filter(category::equals).isPresent();
    return (int) Math.max(replies, sameCategory + (thisOneCounted ? 0 : 1));
  }

  private static boolean asksForHuman(Turn turn) {
    return turn.pendingCustomerTexts().stream().anyMatch(HUMAN_REQUESTS::asksForHuman);
  }
}
