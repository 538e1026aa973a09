package atende.agent;

import atende.agent.TurnStore.MediaOutcome;
import atende.agent.TurnStore.Outcome;
import atende.agent.TurnStore.Recent;
import atende.agent.TurnStore.RunRef;
import atende.conversation.Author;
import atende.conversation.Category;
import atende.conversation.InstanceSettings;
import atende.conversation.Instances;
import atende.conversation.MessageSchema;
import atende.conversation.Outbox;
import atende.conversation.Priority;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStatus;
import atende.conversation.TicketView;
import atende.escalation.Escalation;
import atende.escalation.EscalationReason;
import atende.escalation.Escalations;
import atende.evolution.MessageType;
import atende.evolution.SendResult;
import atende.guard.ModelBudget;
import atende.knowledge.GapQuestion;
import atende.knowledge.KnowledgeBase;
import atende.knowledge.KnowledgeGaps;
import atende.knowledge.KnowledgeIndex;
import atende.media.MediaSource;
import atende.media.StoredMedia;
import atende.platform.Ids;
import atende.platform.Log;
import atende.platform.MediaLimits;
import atende.platform.Sleeper;
import atende.platform.WireEnum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The AI turn for a new customer message (docs/architecture.md, step 2; docs/design.md lifecycle 3–6):
 * wait out the burst, claim the run, read the history, the customer's profile and the knowledge, ask
 * the engine once, apply the policy, record the reply before sending it, send, write the results back
 * and raise the escalation. Every step is safe to repeat: a redelivered event finds its run claimed.
 */
public final class Responder {
  /** How much conversation text the engine sees (the newest messages first, {@link TurnStore#HISTORY_MESSAGES} at most). */
  static final int HISTORY_CHARS = 8000;
  private static final OfflineClassifier HUMAN_REQUESTS = new OfflineClassifier();

  private final TurnStore store;
  private final Instances instances;
  private final KnowledgeBase knowledge;
  /** Entries a turn is given: enough for an answer and its context, few enough for a short prompt. */
  private static final int KNOWLEDGE_PER_TURN = 3;
  private final Engine engine;
  private final Engine fallback;
  private final Policy defaultPolicy;
  private final Outbox outbox;
  private final Escalations escalations;
  private final Sleeper sleeper;
  private final MediaSource mediaSource;
  private final MediaLimits mediaLimits;
  private final ModelBudget budget;

  /**
   * {@code mediaSource} fetches the bytes of media whose webhook payload had none; {@code mediaLimits} bound what the model is sent;
   * {@code budget} counts new messages' turns against the instance's {@link atende.guard.ModelLimits}.
   */
  public Responder(TurnStore store, Instances instances, KnowledgeBase knowledge, Engine engine, Engine fallback,
      Policy defaultPolicy, Outbox outbox, Escalations escalations, Sleeper sleeper, MediaSource mediaSource,
      MediaLimits mediaLimits, ModelBudget budget) {
    this.store = store;
    this.instances = instances;
    this.knowledge = knowledge;
    this.engine = engine;
    this.fallback = fallback;
    this.defaultPolicy = defaultPolicy;
    this.outbox = outbox;
    this.escalations = escalations;
    this.sleeper = sleeper;
    this.mediaSource = mediaSource;
    this.mediaLimits = mediaLimits;
    this.budget = budget;
  }

  /** Answers the burst that {@code messageId} (a new inbound customer message) belongs to. */
  public TurnOutcome onNewMessage(String ticketId, String messageId) throws InterruptedException {
    Optional<TurnStore.Incoming> message = store.message(ticketId, messageId);
    if (message.isEmpty()) return new TurnOutcome.Skipped("message gone");
    InstanceSettings settings = instances.get(message.get().instance());
    if (!settings.enabled()) return skip(ticketId, List.of(messageId), "instance_disabled");
    sleeper.sleep(Duration.ofSeconds(settings.debounceSeconds()));

    TicketView ticket = store.ticket(ticketId);
    if (ticket.humanOwned()) return skip(ticketId, List.of(messageId), "ai_paused");
    if (ticket.status().finished() && message.get().npsScore().isPresent()) {
      return thankForRating(ticket, messageId, message.get().npsScore().getAsInt());
    }
    if (ticket.status().finished()) return skip(ticketId, List.of(messageId), "ticket_" + ticket.status().wire());

    List<Recent> recent = store.recent(ticketId);
    Optional<Recent> newest = recent.stream().filter(Recent::fromCustomer).findFirst();
    if (newest.isPresent() && !newest.get().id().equals(messageId)) return new TurnOutcome.Superseded(newest.get().id());
    RunRef ref = new RunRef(ticketId, Ids.slug(ticketId + "_" + messageId), messageId);
    if (!store.claim(ref)) return new TurnOutcome.AlreadyClaimed(ref.runId());

    List<String> burstIds = unanswered(recent);
    store.mark(ticketId, burstIds, Outcome.processing(ref.runId()));
    return run(new Run(settings, ticket, ref, burstIds, Mode.ANSWER), recent);
  }

  /** The customer answered the NPS question of a resolved ticket: one thank-you, nothing else. */
  private TurnOutcome thankForRating(TicketView ticket, String messageId, int score) throws InterruptedException {
    String thanksId = "nps-thanks";
    Optional<SendResult> sent = outbox.send(new Outbox.Outgoing(ticket.id(), thanksId, ticket.instance(), ticket.customerJid(),
        Author.SYSTEM, ReplyTemplates.npsThanks(score),
        Map.of(MessageSchema.REPLY_TO, messageId, MessageSchema.KIND, MessageSchema.KIND_NPS_THANKS)));
    if (sent.isEmpty()) return skip(ticket.id(), List.of(messageId), "nps_already_thanked");
    if (sent.get() instanceof SendResult.Failed failed) {
      store.mark(ticket.id(), List.of(messageId), Outcome.failed(Outbox.error(failed)));
      return new TurnOutcome.Failed(thanksId, "send_failed");
    }
    store.mark(ticket.id(), List.of(messageId), Outcome.answered(thanksId));
    return new TurnOutcome.Answered(thanksId, thanksId, false);
  }

  /**
   * Console command on a customer message: run the turn again on the conversation as it is now; send
   * the new reply, or (preview) only store the decision in {@code ai}. The flag is cleared either way.
   * {@code requestId} (the event id) makes redeliveries of the same edit one run.
   */
  public TurnOutcome reprocess(String ticketId, String messageId, boolean preview, String requestId)
      throws InterruptedException {
    Optional<TicketView> ticket = store.existingTicket(ticketId);
    Optional<TurnStore.Incoming> message = store.message(ticketId, messageId);
    if (ticket.isEmpty() || message.isEmpty()) return new TurnOutcome.Skipped("message gone");
    RunRef ref = new RunRef(ticketId, Ids.slug(ticketId + "_" + messageId + "_re-" + Ids.shortHash(requestId)), messageId);
    if (!store.claim(ref)) return new TurnOutcome.AlreadyClaimed(ref.runId());
    store.clearReprocess(ticketId, messageId);
    InstanceSettings settings = instances.get(message.get().instance());
    Mode mode = preview ? Mode.PREVIEW : Mode.RESEND;
    return run(new Run(settings, ticket.get(), ref, List.of(messageId), mode), store.recent(ticketId));
  }

  /** ANSWER a new message; RESEND on a console command (a person asked, so a paused AI still sends); PREVIEW sends nothing. */
  private enum Mode { ANSWER, RESEND, PREVIEW }

  /** One claimed run: the ticket as read before the turn, the run and the burst it answers. */
  private record Run(InstanceSettings settings, TicketView ticket, RunRef ref, List<String> burstIds, Mode mode) {
    String runId() {
      return ref.runId();
    }

    /** The burst and the message that ran the turn: every message whose status the turn settles. */
    List<String> touched() {
      List<String> ids = new ArrayList<>(burstIds);
      if (!ids.contains(ref.messageId())) ids.add(ref.messageId());
      return ids;
    }
  }

  private TurnOutcome run(Run run, List<Recent> recent) throws InterruptedException {
    long started = System.nanoTime();
    try {
      // A new message's turn is counted (a burst once); a reprocess is not: a person asked, or the sweep retries a stuck turn.
      boolean modelAllowed = true;
      if (run.mode() == Mode.ANSWER) {
        ModelBudget.Admission admission = budget.admit(new ModelBudget.Ask(run.ticket().instance(), run.ticket().customerId(),
            run.ticket().id(), run.runId(), engine != fallback), run.settings().modelLimits());
        if (admission.verdict() == ModelBudget.Verdict.RATE_LIMITED) return rateLimited(run, admission.customerWindow());
        modelAllowed = admission.verdict() == ModelBudget.Verdict.ANSWER;
      }
      Turn draft = draft(run.ticket(), modelAllowed ? withMedia(run, recent) : recent);
      KnowledgeIndex.Retrieval retrieval = knowledge.retrieve(run.ticket().instance(), draft.question(), KNOWLEDGE_PER_TURN);
      Judged judged = judge(run, draft.withKnowledge(retrieval.docs()), retrieval, modelAllowed);
      if (run.mode() != Mode.PREVIEW) return deliver(run, judged, started);
      store.storePreview(run.ref(), judged.decision(), judged.answer());
      store.finishRun(run.ref(), RunSchema.PREVIEWED);
      return new TurnOutcome.Answered(run.runId(), null, judged.decision().escalate());
    } catch (RuntimeException e) {
      // The run is claimed, so a redelivery would stop at the claim: make the failure visible instead.
      Log.error("message.failed", e, "ticketId", run.ticket().id(), "runId", run.runId(), "code", "internal");
      store.mark(run.ticket().id(), run.touched(), Outcome.failed("internal", String.valueOf(e.getMessage())));
      store.finishRun(run.ref(), RunSchema.FAILED);
      return new TurnOutcome.Failed(run.runId(), "internal");
    }
  }

  /** The engine's input before the knowledge is retrieved for it: the conversation and the customer's profile. */
  private Turn draft(TicketView ticket, List<Recent> recentNewestFirst) {
    boolean vip = store.vip(ticket.customerId());
    return new Turn(ticket.instance(), ticket.customerName(), vip, (int) (ticket.sequence() - 1), history(recentNewestFirst), List.of());
  }

  /**
   * The burst's media made ready for an engine that hears and sees: beyond a limit or of a type the model
   * cannot take, marked so; without stored bytes, fetched ({@link MediaSource}) and kept on the message;
   * a failed fetch marked {@link MediaProblem#NOT_FETCHED}. Media a turn already understood is text now.
   */
  private List<Recent> withMedia(Run run, List<Recent> recent) {
    if (!engine.understandsMedia()) return recent;
    List<String> burst = run.touched();
    List<Recent> ready = new ArrayList<>();
    for (Recent r : recent) {
      Optional<Turn.Media> media = r.line().media().filter(m -> !m.understood());
      ready.add(media.isPresent() && r.fromCustomer() && burst.contains(r.id()) ? r.withLine(r.line().withMedia(ready(run, r, media.get()))) : r);
    }
    return ready;
  }

  private Turn.Media ready(Run run, Recent message, Turn.Media media) {
    Optional<MediaProblem> beyond = media.beyond(mediaLimits);
    if (beyond.isPresent()) return media.unusable(beyond.get());
    if (media.stored().isPresent()) return media;
    long started = System.nanoTime();
    Optional<StoredMedia> fetched;
    try {
      fetched = mediaSource.fetch(new MediaSource.Request(run.ticket().instance(), run.ticket().id(), message.id(), message.media()));
    } catch (RuntimeException e) {
      Log.error("media.fetch_failed", e, "ticketId", run.ticket().id(), "messageId", message.id(), "type", media.type().wire());
      fetched = Optional.empty();
    }
    long fetchMs = (System.nanoTime() - started) / 1_000_000;
    if (fetched.isEmpty()) {
      Log.warn("media.unavailable", "ticketId", run.ticket().id(), "messageId", message.id(), "type", media.type().wire(),
          "fetchMs", fetchMs);
      return media.unusable(MediaProblem.NOT_FETCHED);
    }
    store.storeFetched(run.ticket().id(), message.id(), fetched.get(), fetchMs);
    Turn.Media stored = media.storedAt(fetched.get());
    // The payload may not have said how large the file was: the stored bytes do.
    return stored.beyond(mediaLimits).map(stored::unusable).orElse(stored);
  }

  /** The newest messages that fit in {@link #HISTORY_CHARS} (at least one), oldest first. */
  private static List<Turn.Line> history(List<Recent> recentNewestFirst) {
    List<Turn.Line> lines = new ArrayList<>();
    int chars = 0;
    for (Recent recent : recentNewestFirst) {
      int length = recent.line().text().length() + recent.line().media().flatMap(Turn.Media::mediaText).map(String::length).orElse(0);
      if (chars + length > HISTORY_CHARS && !lines.isEmpty()) break;
      chars += length;
      lines.add(0, recent.line());
    }
    return lines;
  }

  /**
   * A decision after the policy, with the engine answer it came from, what the burst's media amounted to, and
   * the question the knowledge was retrieved for and what it found.
   */
  private record Judged(Decision decision, EngineAnswer answer, Map<String, MediaOutcome> media, String question,
      KnowledgeIndex.Retrieval retrieval) {}

  /** {@code modelAllowed} false: the instance's ceiling is reached, the offline engine answers (it costs no model call). */
  private Judged judge(Run run, Turn turn, KnowledgeIndex.Retrieval retrieval, boolean modelAllowed) {
    Decided decided = modelAllowed ? decide(turn) : new Decided(fallback.answer(turn), Optional.empty());
    Decision engineDecision = withHumanClassification(decided.answer().decision(), run.ticket());
    Policy policy = defaultPolicy.forInstance(run.settings());
    Map<String, EngineAnswer.MediaReading> heard = new HashMap<>();
    for (EngineAnswer.MediaReading reading : decided.answer().media()) heard.put(reading.messageId(), reading);
    List<Turn.Line> unheard = turn.customerMediaNotUnderstood().stream().filter(l -> !heard.containsKey(l.id())).toList();
    Decision decision = policy.apply(engineDecision, new Policy.Facts(turn.vip(), recurrence(turn, run.ticket(), engineDecision),
        asksForHuman(turn), decided.failure(), turn.pendingCustomerTexts(), unheard.size()));
    // Once a human must take over, the customer is told so instead of getting an answer that may
    // contradict what the person will say.
    String firstName = OfflineEngine.firstName(turn.customerName());
    if (decision.reasons().contains(EscalationReason.MEDIA_NOT_UNDERSTOOD)) {
      decision = decision.withReply(ReplyTemplates.mediaHandoff(mediaTypes(unheard), firstName));
    } else if (decision.escalate()) {
      decision = decision.withReply(ReplyTemplates.escalationHolding(decision.classification(), firstName));
    }
    return new Judged(decision, decided.answer(), mediaOutcomes(turn, heard), turn.question(), retrieval);
  }

  /** The media of the burst: what was heard or seen (and its tokens), or why not. */
  private static Map<String, MediaOutcome> mediaOutcomes(Turn turn, Map<String, EngineAnswer.MediaReading> heard) {
    Map<String, MediaOutcome> outcomes = new HashMap<>();
    for (Turn.Line line : turn.pendingMedia()) {
      EngineAnswer.MediaReading reading = heard.get(line.id());
      outcomes.put(line.id(), reading != null ? new MediaOutcome.Understood(reading.text(), reading.tokens())
          : new MediaOutcome.Unread(line.media().flatMap(Turn.Media::problem).orElse(MediaProblem.NOT_UNDERSTOOD)));
    }
    return outcomes;
  }

  private static List<MessageType> mediaTypes(List<Turn.Line> lines) {
    return lines.stream().map(l -> l.media().orElseThrow().type()).toList();
  }

  /** The engine's answer, or the fallback's when the engine fails (the policy then escalates with the reason). */
  private record Decided(EngineAnswer answer, Optional<EscalationReason> failure) {}

  private Decided decide(Turn turn) {
    if (nothingForTheModel(turn)) {
      // Only media the model cannot be given (not fetched, too long, a type it cannot take): the honest
      // template says so; a model call would have nothing to go on.
      return new Decided(fallback.answer(turn), Optional.empty());
    }
    try {
      return new Decided(engine.answer(turn), Optional.empty());
    } catch (RuntimeException e) {
      if (engine == fallback) throw e;
      EscalationReason reason = e instanceof EngineFailure failure ? failure.reason() : EscalationReason.MODEL_UNAVAILABLE;
      Log.error("engine.failed", e, "reason", reason.wire());
      return new Decided(fallback.answer(turn), Optional.of(reason));
    }
  }

  private boolean nothingForTheModel(Turn turn) {
    List<Turn.Line> media = turn.pendingMedia();
    return engine.understandsMedia() && !media.isEmpty() && turn.pendingCustomerTexts().isEmpty()
        && media.stream().allMatch(l -> l.media().orElseThrow().problem().isPresent());
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

  /**
   * Interactions on this subject (seed 5.1.6: 3+): the replies already given in this ticket, or this
   * customer's tickets in the same category, this one included.
   */
  private int recurrence(Turn turn, TicketView ticket, Decision decision) {
    int replies = (int) turn.history().stream().filter(l -> l.author() == Author.AI).count();
    if (turn.previousTickets() == 0) return replies;
    Category category = decision.classification().category();
    long sameCategory = store.ticketsInCategory(ticket.customerId(), category);
    boolean thisOneCounted = ticket.category().filter(category.wire()::equals).isPresent();
    return (int) Math.max(replies, sameCategory + (thisOneCounted ? 0 : 1));
  }

  private static boolean asksForHuman(Turn turn) {
    return turn.pendingCustomerTexts().stream().anyMatch(HUMAN_REQUESTS::asksForHuman);
  }

  /** Records the reply before sending it (so Evolution's echo is known as ours), sends it, writes back, escalates. */
  private TurnOutcome deliver(Run run, Judged judged, long started) throws InterruptedException {
    // Read again: a person may have taken over or reclassified while the model was thinking.
    TicketView current = store.ticket(run.ticket().id());
    if (run.mode() == Mode.ANSWER && current.humanOwned()) {
      store.mark(current.id(), run.touched(), Outcome.skipped("ai_paused"));
      store.finishRun(run.ref(), RunSchema.SKIPPED);
      return new TurnOutcome.Skipped("ai_paused");
    }
    String replyId = "ai-" + run.runId();
    Optional<SendResult> result = outbox.send(new Outbox.Outgoing(current.id(), replyId, current.instance(), current.customerJid(),
        Author.AI, judged.decision().reply(), Map.of(MessageSchema.REPLY_TO, run.ref().messageId(), MessageSchema.RUN_ID, run.runId())));
    if (result.isEmpty()) return new TurnOutcome.AlreadyClaimed(run.runId());
    return switch (result.get()) {
      case SendResult.Sent sent -> sent(run, judged, current, replyId, started);
      case SendResult.Failed failed -> sendFailed(run, judged, current, replyId, failed);
    };
  }

  private TurnOutcome sent(Run run, Judged judged, TicketView current, String replyId, long started) {
    TicketAfterTurn after = writeBack(run, judged, judged.decision(), true, Outcome.answered(replyId));
    if (after.newlyEscalated()) escalate(current, judged.decision(), run, true);
    noteKnowledgeGap(run, judged);
    logAnswered(run, judged, after, started);
    return new TurnOutcome.Answered(run.runId(), replyId, judged.decision().escalate());
  }

  /** Categories whose questions the knowledge base is there to answer (a complaint or praise needs a person or thanks). */
  private static final Set<Category> ASKS_KNOWLEDGE = EnumSet.of(Category.TECHNICAL, Category.COMMERCIAL, Category.SUPPORT);

  /**
   * A question the knowledge base did not answer becomes a gap an operator sees ({@code knowledgeGaps/*},
   * Metrics): the turn escalated for lack of knowledge, or it answered a question on a weak retrieval.
   * Only a log line if recording fails: the customer has the reply already.
   */
  private void noteKnowledgeGap(Run run, Judged judged) {
    Decision decision = judged.decision();
    Optional<KnowledgeGaps.Reason> reason = decision.reasons().contains(EscalationReason.NO_KNOWLEDGE)
        ? Optional.of(KnowledgeGaps.Reason.NO_KNOWLEDGE)
        : judged.retrieval().weak() && ASKS_KNOWLEDGE.contains(decision.classification().category())
            ? Optional.of(KnowledgeGaps.Reason.WEAK_RETRIEVAL) : Optional.empty();
    if (reason.isEmpty() || run.mode() == Mode.PREVIEW) return;
    try {
      GapQuestion.of(judged.question()).ifPresent(question -> knowledge.noteGap(
          run.ticket().instance(), question, reason.get(), run.ticket().id(), run.runId()));
    } catch (RuntimeException e) {
      Log.error("knowledge.gap_failed", e, "ticketId", run.ticket().id(), "runId", run.runId());
    }
  }

  /**
   * The customer heard nothing: the team is told, and FollowUpSweep sends the reply once Evolution takes
   * it again, if it is still relevant. That resend is what tells the customer (the notifier sends no
   * handoff on top), so a customer gets one message for the burst.
   */
  private TurnOutcome sendFailed(Run run, Judged judged, TicketView current, String replyId, SendResult.Failed failed) {
    List<EscalationReason> reasons = new ArrayList<>(judged.decision().reasons());
    reasons.add(EscalationReason.SEND_FAILED);
    Decision unsent = judged.decision().withEscalation(reasons);
    TicketAfterTurn after = writeBack(run, judged, unsent, false, Outcome.failed(Outbox.error(failed)));
    // A refusal that will not change (a number not on WhatsApp) is not resent; the notifier tries the handoff.
    boolean resend = failed.retryable();
    if (resend) store.awaitResend(current.id(), replyId, outbox.retry().resendAfter());
    if (after.newlyEscalated()) escalate(current, unsent, run, resend);
    Log.error("message.failed", null, "ticketId", current.id(), "runId", run.runId(), "code", "send_failed",
        "httpStatus", failed.httpStatus(), "category", unsent.classification().category().wire());
    return new TurnOutcome.Failed(run.runId(), "send_failed");
  }

  /**
   * The turn's results in one batch, on the ticket read again right before (a person may have taken
   * over or resolved it during the send). {@code judged} is what the message records as the decision.
   */
  private TicketAfterTurn writeBack(Run run, Judged judged, Decision decision, boolean replied, Outcome outcome) {
    TicketAfterTurn after = TicketAfterTurn.of(store.ticket(run.ticket().id()), decision, run.runId(), replied, store.now());
    store.complete(run.ref(), run.ticket().instance(), run.touched(), after.update(), outcome, judged.decision(), judged.answer(), judged.media());
    if (after.update().containsKey(TicketSchema.STATUS)) keepTakeover(run.ticket().id());
    return after;
  }

  /**
   * A person who took over between that re-read and the batch (their WhatsApp reply landed during the
   * write) keeps the ticket: the batch's status does not stand. Firestore could make read and write one
   * transaction, but the local emulator cannot prove its isolation, so the turn checks after writing.
   */
  private void keepTakeover(String ticketId) {
    TicketView now = store.ticket(ticketId);
    if (now.humanOwned() && now.status() != TicketStatus.HUMAN && !now.status().finished()) {
      store.restoreHumanStatus(ticketId);
      Log.warn("turn.takeover_kept", "ticketId", ticketId);
    }
  }

  /** {@code customerTold}: the holding reply reached the customer, so the notifier sends no handoff message. */
  private void escalate(TicketView ticket, Decision decision, Run run, boolean customerTold) {
    Classification c = decision.classification();
    escalations.raise(new Escalation(Escalations.idFor(ticket.id(), run.runId()), ticket.id(), ticket.instance(),
        c.category().wire(), c.priority().wire(), decision.reasons(), run.runId(), store.now().toDate().toInstant(), customerTold));
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

  /** Customer messages after our last reply that nobody answered yet (newest first in, oldest first out). */
  private static List<String> unanswered(List<Recent> recentNewestFirst) {
    List<String> burst = new ArrayList<>();
    for (Recent recent : recentNewestFirst) {
      if (!recent.fromCustomer()) break;
      if (recent.unanswered()) burst.add(0, recent.id());
    }
    return burst;
  }

  /** The {@code skipReason} of messages the model budget left unanswered (docs/design.md "Guards and personal data"). */
  static final String RATE_LIMITED = "rate_limited";

  /**
   * Over the customer's budget: no model, the burst ends {@code skipped} ({@link #RATE_LIMITED}), kept as
   * it is. The customer is told once per window; a customer who writes again after being told brings the
   * team in, once per window (a FLOOD escalation, the notice having told the customer already).
   */
  private TurnOutcome rateLimited(Run run, String customerWindow) throws InterruptedException {
    TicketView ticket = run.ticket();
    store.mark(ticket.id(), run.touched(), Outcome.skipped(RATE_LIMITED));
    store.finishRun(run.ref(), RunSchema.SKIPPED);
    String window = Ids.shortHash(customerWindow);
    if (budget.claimCustomerNotice(customerWindow)) {
      Optional<SendResult> sent = outbox.send(new Outbox.Outgoing(ticket.id(), "rate-limited-" + window, ticket.instance(),
          ticket.customerJid(), Author.SYSTEM, ReplyTemplates.rateLimited(OfflineEngine.firstName(ticket.customerName())),
          Map.of(MessageSchema.REPLY_TO, run.ref().messageId(), MessageSchema.KIND, MessageSchema.KIND_RATE_LIMITED)));
      Log.info("guard.customer_told", "ticketId", ticket.id(), "sent", sent.map(r -> r instanceof SendResult.Sent).orElse(false));
      return new TurnOutcome.Skipped(RATE_LIMITED);
    }
    List<EscalationReason> reasons = List.of(EscalationReason.FLOOD);
    String runId = "flood-" + window;
    escalations.raise(new Escalation(Escalations.idFor(ticket.id(), runId), ticket.id(), ticket.instance(),
        ticket.category().orElse(Category.SUPPORT.wire()), ticket.priority().orElse(Priority.MEDIUM.wire()), reasons, runId,
        store.now().toDate().toInstant(), true));
    if (!ticket.escalationRequired()) store.markEscalated(ticket.id(), reasons, runId);
    return new TurnOutcome.Skipped(RATE_LIMITED);
  }

  private TurnOutcome skip(String ticketId, List<String> messageIds, String reason) {
    store.mark(ticketId, messageIds, Outcome.skipped(reason));
    return new TurnOutcome.Skipped(reason);
  }
}
