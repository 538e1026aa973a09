package atende.followup;

import atende.escalation.EscalationReason;
import static atende.platform.Firestores.await;
import static atende.platform.Firestores.createIfAbsent;

import atende.agent.ReplyTemplates;
import atende.agent.TicketAfterTurn;
import atende.conversation.Author;
import atende.conversation.Instances;
import atende.conversation.Outbox;
import atende.conversation.TicketStore;
import atende.escalation.Escalation;
import atende.escalation.Escalations;
import atende.evolution.SendResult;
import atende.platform.Log;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One pass of FollowUpSweep over Firestore (docs/design.md: Scheduler → {@code followup-tick} → here):
 * due follow-ups and auto-close, SLA breaches, stuck or never-started AI turns and unanswered
 * customers, and escalations whose publish failed. {@link SweepRules} decides; this class reads with
 * bounded queries on top-level fields (the emulator cannot filter on dotted paths nor run
 * collection-group queries), claims, and acts.
 *
 * <p>Safe to run twice at once or twice in a row: every action is claimed first with a create-if-absent
 * document of a deterministic id, {@code tickets/{t}/sweep/{key}} (the key is the ticket's due time,
 * e.g. {@code followup-<dueAt ms>}, {@code sla-<escalatedAt ms>}, {@code retry-<messageId>}), and
 * messages go through the {@link Outbox} under deterministic ids. A claim whose holder died midway is
 * taken over after {@link #STALE_CLAIM} and finished without sending: at most once beats twice.
 * Each step catches its own failures (logged, retried next tick), so a tick always completes.
 */
public final class Sweep {
  /** The per-ticket claims subcollection. */
  public static final String CLAIMS = "sweep";
  static final int FOLLOW_UP_LIMIT = 50;
  static final int SLA_LIMIT = 100;
  static final int UNANSWERED_LIMIT = 100;
  static final int REPUBLISH_LIMIT = 50;
  static final Duration STALE_CLAIM = Duration.ofMinutes(10);
  /** Stop starting new work after this, well inside the function's 300 s timeout. */
  static final Duration BUDGET = Duration.ofSeconds(200);

  /** What one pass did, per step; {@code failed} counts tickets (or steps) whose work threw. */
  public record Report(Map<String, Integer> counts, List<String> failedSteps) {
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>(counts);
      json.put("failedSteps", failedSteps);
      return json;
    }
  }

  private final TicketStore store;
  private final Outbox outbox;
  private final Escalations escalations;

  public Sweep(TicketStore store, Outbox outbox, Escalations escalations) {
    this.store = store;
    this.outbox = outbox;
    this.escalations = escalations;
  }

  /** One pass: the four steps in order, each on its own, within {@link #BUDGET}. */
  public Report run() {
    Pass pass = new Pass();
    pass.step("followUps", this::followUps);
    pass.step("sla", this::slaBreaches);
    pass.step("unanswered", this::unanswered);
    pass.step("republish", this::republish);
    Report report = new Report(Map.copyOf(pass.counts), List.copyOf(pass.failedSteps));
    Log.info("sweep.done", "counts", report.counts(), "failedSteps", report.failedSteps(),
        "ms", (System.nanoTime() - pass.started) / 1_000_000);
    return report;
  }

  /** State of one pass: the time it acts at, settings read once per instance, counts. */
  private final class Pass {
    final long started = System.nanoTime();
    final Map<String, Integer> counts = new LinkedHashMap<>();
    final List<String> failedSteps = new ArrayList<>();
    final Map<String, SweepSettings> settings = new HashMap<>();

    void step(String name, Consumer<Pass> step) {
      try {
        step.accept(this);
      } catch (RuntimeException e) {
        Log.error("sweep.step_failed", e, "step", name);
        failedSteps.add(name);
      }
    }

    void count(String what) {
      counts.merge(what, 1, Integer::sum);
    }

    boolean overBudget() {
      return System.nanoTime() - started > BUDGET.toNanos();
    }

    SweepSettings settings(String instance) {
      if (instance == null) return SweepSettings.DEFAULTS;
      return settings.computeIfAbsent(instance, id -> {
        DocumentSnapshot doc = await(store.db().collection(Instances.COLLECTION).document(id).get());
        return SweepSettings.from(doc.exists() ? doc.getData() : null);
      });
    }

    /** Runs one ticket's work; a failure is logged and counted, the pass goes on. */
    void each(List<? extends DocumentSnapshot> docs, String step, Consumer<DocumentSnapshot> work) {
      for (DocumentSnapshot doc : docs) {
        if (overBudget()) {
          count(step + ".deferred");
          continue;
        }
        try {
          work.accept(doc);
        } catch (RuntimeException e) {
          Log.error("sweep.ticket_failed", e, "step", step, "id", doc.getId());
          count(step + ".failed");
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------ follow-ups

  private void followUps(Pass pass) {
    Timestamp now = store.now();
    List<QueryDocumentSnapshot> due = await(store.db().collection(TicketStore.TICKETS)
        .whereEqualTo("status", "waiting_customer")
        .whereLessThanOrEqualTo("followUpDueAt", now)
        .orderBy("followUpDueAt")
        .limit(FOLLOW_UP_LIMIT)
        .get()).getDocuments();
    pass.each(due, "followUp", doc -> followUp(pass, doc));
  }

  /** Skips that will not go away by themselves. */
  private static final Set<String> CANCELLING = Set.of("instance_disabled", "ai_paused");

  private static SweepRules.FollowUpTicket followUpFacts(DocumentSnapshot t) {
    Long attempts = t.getLong("followUp.attempts");
    return new SweepRules.FollowUpTicket(t.getString("status"), Boolean.TRUE.equals(t.getBoolean("aiPaused")),
        instant(t.getTimestamp("followUpDueAt")), attempts == null ? 0 : attempts.intValue(),
        instant(t.getTimestamp("lastInboundAt")), instant(t.getTimestamp("lastOutboundAt")));
  }

  private void followUp(Pass pass, DocumentSnapshot listed) {
    String ticketId = listed.getId();
    SweepSettings settings = pass.settings(listed.getString("instance"));
    Instant now = instant(store.now());
    SweepRules.FollowUpAction action = SweepRules.followUp(followUpFacts(listed), settings, now);
    if (action instanceof SweepRules.Skip skip) {
      if (CANCELLING.contains(skip.reason())) {
        // Would stay due forever and crowd the bounded query: the follow-up is dropped, visibly.
        Timestamp at = store.now();
        store.update(ticketId, "followUpDueAt", null, "followUpSkipped", skip.reason());
      }
      pass.count("followUp.skipped");
      return;
    }
    Instant dueAt = instant(listed.getTimestamp("followUpDueAt"));
    String key = "followup-" + dueAt.toEpochMilli();
    Map<String, Object> claim = new HashMap<>();
    claim.put("kind", "followup");
    claim.put("dueAt", timestamp(dueAt));
    claim.put("action", describe(action));
    switch (claim(ticketId, key, claim)) {
      case HELD -> {
        pass.count("followUp.alreadyClaimed");
        return;
      }
      case STALE -> {
        // Whoever claimed it stopped midway and may have sent: finish the schedule without sending.
        DocumentSnapshot fresh = await(store.ticket(ticketId).get());
        if (dueAt.equals(instant(fresh.getTimestamp("followUpDueAt")))) {
          store.update(ticketId, afterFollowUp(action, false, Optional.empty()));
        }
        finishClaim(ticketId, key, "recovered");
        Log.warn("followup.recovered", "ticketId", ticketId, "claim", key);
        pass.count("followUp.recovered");
        return;
      }
      case WON -> { }
    }
    // Read again: the customer may have written (or a turn rescheduled) since the query.
    DocumentSnapshot fresh = await(store.ticket(ticketId).get());
    SweepRules.FollowUpAction now2 = SweepRules.followUp(followUpFacts(fresh), settings, instant(store.now()));
    if (!dueAt.equals(instant(fresh.getTimestamp("followUpDueAt"))) || now2 instanceof SweepRules.Skip
        || now2.getClass() != action.getClass()) {
      finishClaim(ticketId, key, "cancelled");
      pass.count("followUp.cancelled");
      return;
    }
    String instance = fresh.getString("instance");
    String chat = fresh.getString("customerJid");
    String name = fresh.getString("customerName");
    Optional<SendResult> sent = Optional.empty();
    switch (action) {
      case SweepRules.Send send -> sent = send(new Outbox.Outgoing(ticketId, "followup-" + send.attempt() + "-" + dueAt.toEpochMilli(),
          instance, chat, Author.SYSTEM, ReplyTemplates.followUpNudge(name),
          Map.of("kind", "follow_up", "attempt", send.attempt(), "dueAt", timestamp(dueAt))));
      case SweepRules.Close close when close.withMessage() -> sent = send(new Outbox.Outgoing(ticketId,
          "followup-close-" + dueAt.toEpochMilli(), instance, chat, Author.SYSTEM, ReplyTemplates.followUpClosing(name),
          Map.of("kind", "follow_up_close", "dueAt", timestamp(dueAt))));
      default -> { }
    }
    boolean delivered = sent.isPresent() && sent.get() instanceof SendResult.Sent;
    store.update(ticketId, afterFollowUp(action, delivered, sent));
    String outcome = switch (action) {
      case SweepRules.Send s -> delivered ? "sent" : "send_failed";
      case SweepRules.Close c -> "closed";
      case SweepRules.Skip s -> "skipped";
    };
    finishClaim(ticketId, key, outcome);
    switch (action) {
      case SweepRules.Send s -> {
        Log.info("followup.sent", "ticketId", ticketId, "attempt", s.attempt(), "delivered", delivered, "nextDueAt", s.nextDueAt().toString());
        pass.count(delivered ? "followUp.sent" : "followUp.sendFailed");
      }
      case SweepRules.Close c -> {
        Log.info("ticket.resolved", "ticketId", ticketId, "resolvedBy", "timeout", "reason", c.reason(), "closingSent", delivered);
        pass.count("followUp.closed");
      }
      case SweepRules.Skip s -> { }
    }
  }

  private Optional<SendResult> send(Outbox.Outgoing out) {
    try {
      return outbox.send(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    }
  }

  /** The ticket after a follow-up step: the next one scheduled, or resolved by timeout. */
  private Map<String, Object> afterFollowUp(SweepRules.FollowUpAction action, boolean delivered, Optional<SendResult> sent) {
    Timestamp now = store.now();
    Map<String, Object> update = new HashMap<>();
    switch (action) {
      case SweepRules.Send send -> {
        Timestamp next = timestamp(send.nextDueAt());
        update.put("followUp", Map.of("dueAt", next, "attempts", send.attempt()));
        update.put("followUpDueAt", next);
        update.put("lastFollowUpAt", now);
      }
      case SweepRules.Close close -> {
        update.put("status", "resolved");
        update.put("resolvedBy", "timeout");
        update.put("resolvedAt", now);
        update.put("closeReason", close.reason());
        update.put("followUpDueAt", null);
      }
      case SweepRules.Skip skip -> { }
    }
    if (delivered) update.put("lastOutboundAt", now);
    if (sent.isPresent() && sent.get() instanceof SendResult.Failed failed) update.put("followUpError", Outbox.error(failed));
    return update;
  }

  private static String describe(SweepRules.FollowUpAction action) {
    return switch (action) {
      case SweepRules.Send s -> "send-" + s.attempt();
      case SweepRules.Close c -> "close-" + c.reason() + (c.withMessage() ? "" : "-silent");
      case SweepRules.Skip s -> "skip";
    };
  }

  // ------------------------------------------------------------------------------------ SLA

  private void slaBreaches(Pass pass) {
    Timestamp now = store.now();
    List<QueryDocumentSnapshot> escalated = await(store.db().collection(TicketStore.TICKETS)
        .whereEqualTo("status", "escalated")
        .whereEqualTo("slaBreached", false)
        .whereLessThanOrEqualTo("escalatedAt", timestamp(instant(now).minus(Duration.ofMinutes(1))))
        .orderBy("escalatedAt")
        .limit(SLA_LIMIT)
        .get()).getDocuments();
    pass.each(escalated, "sla", doc -> sla(pass, doc));
  }

  private void sla(Pass pass, DocumentSnapshot t) {
    Instant escalatedAt = instant(t.getTimestamp("escalatedAt"));
    SweepRules.EscalatedTicket facts = new SweepRules.EscalatedTicket(t.getString("status"), t.getString("priority"),
        escalatedAt, Boolean.TRUE.equals(t.getBoolean("slaBreached")));
    Instant now = instant(store.now());
    if (!SweepRules.slaBreached(facts, pass.settings(t.getString("instance")), now)) return;
    String key = "sla-" + escalatedAt.toEpochMilli();
    if (claim(t.getId(), key, Map.of("kind", "sla", "escalatedAt", timestamp(escalatedAt))) == Claim.HELD) {
      pass.count("sla.alreadyClaimed");
      return;
    }
    // Raised (recorded, then published; a failed publish is retried by the republish step), then
    // flagged, so a crash in between raises the same id again next tick and never a second one.
    escalations.raise(new Escalation(Escalations.idFor(t.getId(), "sla"), t.getId(), t.getString("instance"),
        t.getString("category"), t.getString("priority"), List.of(EscalationReason.SLA_BREACHED), "sla", now, true));
    Timestamp at = store.now();
    store.update(t.getId(), "slaBreached", true, "slaBreachedAt", at, "escalation.slaBreachedAt", at);
    finishClaim(t.getId(), key, "raised");
    Log.warn("sla.breached", "ticketId", t.getId(), "priority", t.getString("priority"),
        "minutes", Duration.between(escalatedAt, now).toMinutes());
    pass.count("sla.breached");
  }

  // ------------------------------------------------------------------------------------ unanswered

  /**
   * Open tickets whose last customer message is 1 minute to 24 hours old, newest first. No
   * collection-group query over {@code runs} (the emulator returns nothing for them): an AI turn that
   * hangs or never starts leaves its ticket {@code open} with {@code lastInboundAt} after
   * {@code lastOutboundAt}, so the tickets are found first and only their runs are read. The cost: open
   * tickets that are legitimately unanswered (an instance with the AI disabled) are read every tick
   * while in the window, and with more than {@link #UNANSWERED_LIMIT} of them the oldest wait.
   */
  private void unanswered(Pass pass) {
    Instant now = instant(store.now());
    List<QueryDocumentSnapshot> open = await(store.db().collection(TicketStore.TICKETS)
        .whereEqualTo("status", "open")
        .whereGreaterThanOrEqualTo("lastInboundAt", timestamp(now.minus(SweepRules.UNANSWERED_LOOKBACK)))
        .whereLessThanOrEqualTo("lastInboundAt", timestamp(now.minus(Duration.ofMinutes(1))))
        .orderBy("lastInboundAt", Query.Direction.DESCENDING)
        .limit(UNANSWERED_LIMIT)
        .get()).getDocuments();
    pass.each(open, "unanswered", doc -> unanswered(pass, doc));
  }

  private void unanswered(Pass pass, DocumentSnapshot t) {
    String ticketId = t.getId();
    boolean aiPaused = Boolean.TRUE.equals(t.getBoolean("aiPaused"));
    Instant lastIn = instant(t.getTimestamp("lastInboundAt"));
    Instant lastOut = instant(t.getTimestamp("lastOutboundAt"));
    if (!SweepRules.maybeUnanswered(t.getString("status"), aiPaused, lastIn, lastOut)) return;
    DocumentReference ticket = store.ticket(ticketId);
    List<SweepRules.RunningRun> running = await(ticket.collection(TicketStore.RUNS).whereEqualTo("status", "running").limit(10)
        .get()).getDocuments().stream()
        .map(r -> new SweepRules.RunningRun(r.getId(), r.getString("messageId"), instant(r.getTimestamp("startedAt"))))
        .toList();
    Optional<SweepRules.CustomerMessage> newest = await(ticket.collection(TicketStore.MESSAGES)
        .orderBy("createdAt", Query.Direction.DESCENDING).limit(10).get()).getDocuments().stream()
        .filter(m -> "inbound".equals(m.getString("direction")) && "customer".equals(m.getString("author")))
        .findFirst()
        .map(m -> new SweepRules.CustomerMessage(m.getId(), m.getString("status"), instant(m.getTimestamp("createdAt"))));
    Set<String> retried = new HashSet<>();
    await(ticket.collection(CLAIMS).whereEqualTo("kind", "retry").limit(50).get()).getDocuments()
        .forEach(c -> retried.add(c.getString("messageId")));
    SweepRules.OpenTicket facts = new SweepRules.OpenTicket(t.getString("status"), aiPaused,
        Boolean.TRUE.equals(t.getBoolean("escalation.required")), lastIn, lastOut, running, newest, retried);
    SweepRules.UnansweredPlan plan = SweepRules.unanswered(facts, pass.settings(t.getString("instance")), instant(store.now()));
    if (plan.isNothing()) return;

    for (SweepRules.RunningRun run : plan.markStuck()) {
      Timestamp now = store.now();
      await(ticket.collection(TicketStore.RUNS).document(run.runId()).update("status", "failed", "finishedAt", now,
          "error", Map.of("code", "stuck", "message", "still running when the sweep looked; retried or escalated")));
      Log.warn("run.stuck", "ticketId", ticketId, "runId", run.runId(), "messageId", run.messageId());
      pass.count("unanswered.stuckRuns");
    }
    if (plan.retryMessage().isPresent()) retry(pass, ticketId, plan.retryMessage().get(), plan.reason());
    if (plan.escalate()) escalateUnanswered(pass, t, lastIn);
  }

  /**
   * Runs the AI turn again through ProcessMessage, the way an operator does: {@code reprocess: true}
   * on the customer message. The sweep itself needs no engine, knowledge or model client (a light
   * function), the turn keeps its one code path with ProcessMessage's timeout and retry policy, and the
   * console shows the retry as an ordinary reprocess. Claimed once per message: a second hang escalates.
   */
  private void retry(Pass pass, String ticketId, String messageId, String reason) {
    String key = "retry-" + messageId;
    // A stale retry claim is not taken over: its holder may have raised the flag already (twice = two replies).
    if (claim(ticketId, key, Map.of("kind", "retry", "messageId", messageId, "reason", reason)) != Claim.WON) return;
    DocumentReference message = store.message(ticketId, messageId);
    DocumentSnapshot current = await(message.get());
    if (!current.exists()) return;
    // ProcessMessage acts on a change of the flag: a leftover true is lowered first.
    if (Boolean.TRUE.equals(current.get("reprocess"))) await(message.update("reprocess", false));
    await(message.update("reprocess", true, "retriedBySweepAt", store.now()));
    finishClaim(ticketId, key, "retried");
    Log.warn("turn.retried", "ticketId", ticketId, "messageId", messageId, "reason", reason);
    pass.count("unanswered.retried");
  }

  /** Seed 5.1.6 "tempo limite excedido": a person takes over; the customer has not been told, so the notifier tells them. */
  private void escalateUnanswered(Pass pass, DocumentSnapshot t, Instant lastInboundAt) {
    String ticketId = t.getId();
    String key = "timeout-" + lastInboundAt.toEpochMilli();
    if (claim(ticketId, key, Map.of("kind", "timeout")) == Claim.HELD) return;
    Timestamp now = store.now();
    List<EscalationReason> reasons = List.of(EscalationReason.NO_RESOLUTION_TIMEOUT);
    escalations.raise(new Escalation(Escalations.idFor(ticketId, "timeout"), ticketId, t.getString("instance"),
        t.getString("category"), t.getString("priority"), reasons, "timeout", instant(now), false));
    Map<String, Object> update = new HashMap<>(TicketAfterTurn.escalation(reasons, now, "timeout"));
    update.put("status", "escalated");
    store.update(ticketId, update);
    finishClaim(ticketId, key, "escalated");
    Log.warn("ticket.unanswered_escalated", "ticketId", ticketId, "lastInboundAt", lastInboundAt.toString());
    pass.count("unanswered.escalated");
  }

  // ------------------------------------------------------------------------------------ republish

  private void republish(Pass pass) {
    Instant now = instant(store.now());
    List<QueryDocumentSnapshot> unpublished = await(store.db().collection(Escalations.COLLECTION)
        .whereEqualTo("published", false)
        .whereLessThanOrEqualTo("createdAt", timestamp(now.minus(SweepRules.REPUBLISH_AFTER)))
        .orderBy("createdAt")
        .limit(REPUBLISH_LIMIT)
        .get()).getDocuments();
    long bucket = now.toEpochMilli() / SweepRules.REPUBLISH_AFTER.toMillis();
    pass.each(unpublished, "republish", doc -> {
      // Two ticks at once publish it once (the notifier would dedupe a second message anyway).
      if (!createIfAbsent(doc.getReference().collection(CLAIMS).document("republish-" + bucket)
          .create(Map.of("claimedAt", store.now())))) {
        pass.count("republish.alreadyClaimed");
        return;
      }
      List<EscalationReason> reasons = EscalationReason.fromStored(doc.get("reasons"));
      boolean ok = escalations.raise(new Escalation(doc.getId(), doc.getString("ticketId"), doc.getString("instance"),
          doc.getString("category"), doc.getString("priority"), reasons, doc.getString("runId"),
          instant(doc.getTimestamp("createdAt")), !Boolean.FALSE.equals(doc.getBoolean("customerNotified"))));
      Log.info("escalation.republished", "escalationId", doc.getId(), "published", ok);
      pass.count(ok ? "republish.published" : "republish.failed");
    });
  }

  // ------------------------------------------------------------------------------------ claims

  private enum Claim { WON, HELD, STALE }

  /** {@code tickets/{t}/sweep/{key}}, create-if-absent; an unfinished claim older than {@link #STALE_CLAIM} is STALE. */
  private Claim claim(String ticketId, String key, Map<String, Object> fields) {
    DocumentReference ref = store.ticket(ticketId).collection(CLAIMS).document(key);
    Map<String, Object> doc = new HashMap<>(fields);
    doc.put("claimedAt", store.now());
    doc.put("status", "claimed");
    if (createIfAbsent(ref.create(doc))) return Claim.WON;
    DocumentSnapshot existing = await(ref.get());
    Instant claimedAt = instant(existing.getTimestamp("claimedAt"));
    boolean unfinished = "claimed".equals(existing.getString("status"));
    boolean stale = unfinished && claimedAt != null && claimedAt.plus(STALE_CLAIM).isBefore(instant(store.now()));
    if (!stale) return Claim.HELD;
    // Two sweeps may both see it stale: the takeover is itself claimed.
    return createIfAbsent(store.ticket(ticketId).collection(CLAIMS).document(key + "-takeover")
        .create(Map.of("claimedAt", store.now(), "status", "claimed"))) ? Claim.STALE : Claim.HELD;
  }

  private void finishClaim(String ticketId, String key, String outcome) {
    await(store.ticket(ticketId).collection(CLAIMS).document(key).update("status", outcome, "finishedAt", store.now()));
  }

  // ------------------------------------------------------------------------------------ time

  static Instant instant(Timestamp t) {
    return t == null ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.ofTimeSecondsAndNanos(i.getEpochSecond(), i.getNano());
  }
}
