package atende.followup;

import atende.agent.ReplyTemplates;
import atende.conversation.Author;
import atende.conversation.MessageSchema;
import atende.conversation.Outbox;
import atende.conversation.TicketSchema;
import atende.escalation.Escalation;
import atende.escalation.EscalationReason;
import atende.escalation.Escalations;
import atende.evolution.SendResult;
import atende.followup.SweepClaimSchema.Kind;
import atende.followup.SweepClaimSchema.Status;
import atende.followup.SweepStore.Claim;
import atende.followup.SweepStore.Hold;
import atende.followup.SweepStore.SweptTicket;
import atende.platform.Log;
import atende.platform.SendRetry;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One pass of FollowUpSweep (docs/design.md: Scheduler → {@code followup-tick} → here; README "How it
 * works", step 5): due follow-ups and auto-close, SLA breaches, stuck or never-started AI turns and
 * unanswered customers, escalations whose publish failed, and replies Evolution did not take. {@link SweepRules} decides,
 * {@link SweepStore} reads, claims and writes, this class runs the steps and acts.
 *
 * <p>Safe to run twice at once or twice in a row: every action is claimed first with a create-if-absent
 * document of a deterministic id ({@link SweepClaimSchema}: the key is the ticket's due time or the
 * message), and messages go through the {@link Outbox} under deterministic ids. A claim whose holder
 * died midway is taken over after {@link SweepStore#STALE_CLAIM} and finished without sending: at most
 * once beats twice. Each step catches its own failures (logged, retried next tick), so a tick always
 * completes.
 */
public final class Sweep {
  static final int FOLLOW_UP_LIMIT = 50;
  static final int SLA_LIMIT = 100;
  static final int UNANSWERED_LIMIT = 100;
  static final int REPUBLISH_LIMIT = 50;
  static final int RESEND_LIMIT = 50;
  static final int RETENTION_LIMIT = 50;
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

  private final SweepStore store;
  private final Outbox outbox;
  private final Escalations escalations;
  private final Retention retention;

  public Sweep(SweepStore store, Outbox outbox, Escalations escalations, Retention retention) {
    this.store = store;
    this.outbox = outbox;
    this.escalations = escalations;
    this.retention = retention;
  }

  /** One pass: the steps in order, each on its own, within {@link #BUDGET}. */
  public Report run() {
    Pass pass = new Pass();
    pass.step("followUps", this::followUps);
    pass.step("sla", this::slaBreaches);
    pass.step("unanswered", this::unanswered); // stuck runs, then unanswered messages
    pass.step("republish", this::republish);
    pass.step("resend", this::resends);
    pass.step("retention", this::retention); // last: deleting old messages is never urgent within a tick
    Report report = new Report(Map.copyOf(pass.counts), List.copyOf(pass.failedSteps));
    Log.info("sweep.done", "counts", report.counts(), "failedSteps", report.failedSteps(),
        "ms", (System.nanoTime() - pass.started) / 1_000_000);
    return report;
  }

  /** State of one pass: settings read once per instance, counts, the budget. */
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
      count(what, 1);
    }

    void count(String what, int n) {
      counts.merge(what, n, Integer::sum);
    }

    boolean overBudget() {
      return System.nanoTime() - started > BUDGET.toNanos();
    }

    SweepSettings settings(String instance) {
      if (instance == null) return SweepSettings.DEFAULTS;
      return settings.computeIfAbsent(instance, store::settings);
    }

    /** Runs one item's work; a failure is logged and counted, the pass goes on. */
    <T> void each(List<T> items, String step, Function<T, String> id, Consumer<T> work) {
      for (T item : items) {
        if (overBudget()) {
          count(step + ".deferred");
          continue;
        }
        try {
          work.accept(item);
        } catch (RuntimeException e) {
          Log.error("sweep.ticket_failed", e, "step", step, "id", id.apply(item));
          count(step + ".failed");
        }
      }
    }

    void eachTicket(List<SweptTicket> tickets, String step, Consumer<SweptTicket> work) {
      each(tickets, step, SweptTicket::id, work);
    }
  }

  // ------------------------------------------------------------------------------------ follow-ups

  private void followUps(Pass pass) {
    pass.eachTicket(store.dueFollowUps(store.now(), FOLLOW_UP_LIMIT), "followUp", t -> followUp(pass, t));
  }

  private void followUp(Pass pass, SweptTicket listed) {
    SweepSettings settings = pass.settings(listed.instance());
    SweepRules.FollowUpAction decided = SweepRules.followUp(listed.followUp(), settings, store.now());
    if (!(decided instanceof SweepRules.Due action)) {
      SweepRules.SkipReason reason = ((SweepRules.Skip) decided).reason();
      // One that will not go away would stay due forever and crowd the bounded query: it is dropped.
      if (reason.cancels()) store.dropFollowUp(listed.id(), reason);
      pass.count("followUp.skipped");
      return;
    }
    Instant dueAt = listed.followUpDueAt();
    Claim claim = store.claimFollowUp(listed.id(), dueAt, action);
    switch (claim.hold()) {
      case HELD -> pass.count("followUp.alreadyClaimed");
      case STALE -> recoverFollowUp(pass, claim, dueAt, action);
      case WON -> {
        // Read again: the customer may have written (or a turn rescheduled) since the query.
        SweptTicket fresh = store.ticket(listed.id());
        if (stillDue(fresh, dueAt, action, settings)) {
          actOnFollowUp(pass, claim, fresh, dueAt, action);
        } else {
          store.finish(claim, Status.CANCELLED);
          pass.count("followUp.cancelled");
        }
      }
    }
  }

  /** Whoever claimed it stopped midway and may have sent: the schedule is finished without sending. */
  private void recoverFollowUp(Pass pass, Claim claim, Instant dueAt, SweepRules.Due action) {
    if (dueAt.equals(store.ticket(claim.ticketId()).followUpDueAt())) {
      store.recordFollowUp(claim.ticketId(), action, Optional.empty());
    }
    store.finish(claim, Status.RECOVERED);
    Log.warn("followup.recovered", "ticketId", claim.ticketId(), "claim", claim.key());
    pass.count("followUp.recovered");
  }

  /** The same follow-up is still due, and the rules still decide the same kind of step. */
  private boolean stillDue(SweptTicket fresh, Instant dueAt, SweepRules.Due action, SweepSettings settings) {
    SweepRules.FollowUpAction now = SweepRules.followUp(fresh.followUp(), settings, store.now());
    return dueAt.equals(fresh.followUpDueAt()) && now.getClass() == action.getClass();
  }

  private void actOnFollowUp(Pass pass, Claim claim, SweptTicket t, Instant dueAt, SweepRules.Due action) {
    Optional<SendResult> sent = sendFollowUp(t, dueAt, action);
    boolean delivered = sent.isPresent() && sent.get() instanceof SendResult.Sent;
    store.recordFollowUp(t.id(), action, sent);
    switch (action) {
      case SweepRules.Send s -> {
        store.finish(claim, delivered ? Status.SENT : Status.SEND_FAILED);
        Log.info("followup.sent", "ticketId", t.id(), "attempt", s.attempt(), "delivered", delivered, "nextDueAt", s.nextDueAt().toString());
        pass.count(delivered ? "followUp.sent" : "followUp.sendFailed");
      }
      case SweepRules.Close c -> {
        store.finish(claim, Status.CLOSED);
        Log.info("ticket.resolved", "ticketId", t.id(), "resolvedBy", TicketSchema.RESOLVED_BY_TIMEOUT, "reason", c.reason().wire(), "closingSent", delivered);
        pass.count("followUp.closed");
      }
    }
  }

  /** The nudge, or the closing message when the ticket closes inside the window; nothing for a silent close. */
  private Optional<SendResult> sendFollowUp(SweptTicket t, Instant dueAt, SweepRules.Due action) {
    long due = dueAt.toEpochMilli();
    Timestamp dueAtValue = SweepStore.timestamp(dueAt);
    return switch (action) {
      case SweepRules.Send send -> send(new Outbox.Outgoing(t.id(), "followup-" + send.attempt() + "-" + due, t.instance(),
          t.customerJid(), Author.SYSTEM, ReplyTemplates.followUpNudge(t.customerName()), Map.of(
              MessageSchema.KIND, MessageSchema.KIND_FOLLOW_UP, MessageSchema.ATTEMPT, send.attempt(), MessageSchema.DUE_AT, dueAtValue)));
      case SweepRules.Close close when close.withMessage() -> send(new Outbox.Outgoing(t.id(), "followup-close-" + due,
          t.instance(), t.customerJid(), Author.SYSTEM, ReplyTemplates.followUpClosing(t.customerName()), Map.of(
              MessageSchema.KIND, MessageSchema.KIND_FOLLOW_UP_CLOSE, MessageSchema.DUE_AT, dueAtValue)));
      case SweepRules.Close close -> Optional.empty();
    };
  }

  private Optional<SendResult> send(Outbox.Outgoing out) {
    try {
      return outbox.send(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    }
  }

  // ------------------------------------------------------------------------------------ retention

  private void retention(Pass pass) {
    Instant now = store.now();
    pass.each(retention.due(now, RETENTION_LIMIT), "retention", DocumentSnapshot::getId, ticket -> {
      Retention.Purged purged = retention.purge(ticket.getId(), pass.settings(ticket.getString(TicketSchema.INSTANCE)).retention(), now);
      if (purged.messages() > 0) {
        Log.info("retention.purged", "ticketId", ticket.getId(), "messages", purged.messages(), "mediaObjects", purged.mediaObjects());
        pass.count("retention.messages", purged.messages());
      }
      pass.count("retention.tickets");
    });
  }

  // ------------------------------------------------------------------------------------ SLA

  private void slaBreaches(Pass pass) {
    List<SweptTicket> escalated = store.escalatedBefore(store.now().minus(Duration.ofMinutes(1)), SLA_LIMIT);
    pass.eachTicket(escalated, "sla", t -> sla(pass, t));
  }

  private void sla(Pass pass, SweptTicket t) {
    Instant now = store.now();
    if (!SweepRules.slaBreached(t.escalated(), pass.settings(t.instance()), now)) return;
    Claim claim = store.claimSla(t.id(), t.escalatedAt());
    if (claim.hold() == Hold.HELD) {
      pass.count("sla.alreadyClaimed");
      return;
    }
    // Raised (recorded, then published; a failed publish is retried by the republish step), then
    // flagged, so a crash in between raises the same id again next tick and never a second one.
    escalations.raise(sweepEscalation(t, Kind.SLA, EscalationReason.SLA_BREACHED, now, true));
    store.flagSlaBreached(t.id());
    store.finish(claim, Status.RAISED);
    Log.warn("sla.breached", "ticketId", t.id(), "priority", t.priority(),
        "minutes", Duration.between(t.escalatedAt(), now).toMinutes());
    pass.count("sla.breached");
  }

  /** An escalation the sweep raises: its id and run id name the step ({@code <ticket>_sla}, {@code <ticket>_timeout}). */
  private static Escalation sweepEscalation(SweptTicket t, Kind step, EscalationReason reason, Instant at, boolean customerNotified) {
    return new Escalation(Escalations.idFor(t.id(), step.wire()), t.id(), t.instance(), t.category(), t.priority(),
        List.of(reason), step.wire(), at, customerNotified);
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
    Instant now = store.now();
    List<SweptTicket> open = store.openWithInboundBetween(now.minus(SweepRules.UNANSWERED_LOOKBACK),
        now.minus(Duration.ofMinutes(1)), UNANSWERED_LIMIT);
    pass.eachTicket(open, "unanswered", t -> unanswered(pass, t));
  }

  private void unanswered(Pass pass, SweptTicket t) {
    if (!SweepRules.maybeUnanswered(t.status(), t.aiPaused(), t.lastInboundAt(), t.lastOutboundAt())) return;
    SweepRules.UnansweredPlan plan = SweepRules.unanswered(store.unansweredFacts(t), pass.settings(t.instance()), store.now());
    if (plan.isNothing()) return;
    // The retry is claimed before the stuck run is marked: a concurrent tick that no longer sees the run
    // as running then sees the retry as pending, and does not escalate over it.
    Optional<Claim> retry = plan.retryMessage().map(messageId -> store.claimRetry(t.id(), messageId, plan.reason()));
    for (SweepRules.RunningRun run : plan.markStuck()) {
      store.markRunStuck(t.id(), run.runId());
      Log.warn("run.stuck", "ticketId", t.id(), "runId", run.runId(), "messageId", run.messageId());
      pass.count("unanswered.stuckRuns");
    }
    retry.ifPresent(claim -> retry(pass, t.id(), plan.retryMessage().get(), plan.reason(), claim));
    if (plan.escalate()) escalateUnanswered(pass, t);
  }

  /**
   * Runs the AI turn again through ProcessMessage, the way an operator does: {@code reprocess: true}
   * on the customer message. The sweep itself needs no engine, knowledge or model client (a light
   * function), the turn keeps its one code path with ProcessMessage's timeout and retry policy, and the
   * console shows the retry as an ordinary reprocess. Claimed once per message: a second hang escalates.
   */
  private void retry(Pass pass, String ticketId, String messageId, SweepRules.UnansweredReason reason, Claim claim) {
    // A stale retry claim is not taken over: its holder may have raised the flag already (twice = two replies).
    if (claim.hold() != Hold.WON) return;
    if (!store.reprocess(ticketId, messageId)) return;
    store.finish(claim, Status.RETRIED);
    Log.warn("turn.retried", "ticketId", ticketId, "messageId", messageId, "reason", reason.wire());
    pass.count("unanswered.retried");
  }

  /** Seed 5.1.6 "tempo limite excedido": a person takes over; the customer has not been told, so the notifier tells them. */
  private void escalateUnanswered(Pass pass, SweptTicket t) {
    Claim claim = store.claimTimeout(t.id(), t.lastInboundAt());
    if (claim.hold() == Hold.HELD) return;
    Instant now = store.now();
    Escalation escalation = sweepEscalation(t, Kind.TIMEOUT, EscalationReason.NO_RESOLUTION_TIMEOUT, now, false);
    escalations.raise(escalation);
    store.markEscalated(t.id(), escalation.reasons(), now, escalation.runId());
    store.finish(claim, Status.ESCALATED);
    Log.warn("ticket.unanswered_escalated", "ticketId", t.id(), "lastInboundAt", t.lastInboundAt().toString());
    pass.count("unanswered.escalated");
  }

  // ------------------------------------------------------------------------------------ republish

  private void republish(Pass pass) {
    Instant now = store.now();
    long bucket = now.toEpochMilli() / SweepRules.REPUBLISH_AFTER.toMillis();
    List<Escalation> unpublished = store.unpublished(now.minus(SweepRules.REPUBLISH_AFTER), REPUBLISH_LIMIT);
    pass.each(unpublished, "republish", Escalation::escalationId, escalation -> {
      // Two ticks at once publish it once (the notifier would dedupe a second message anyway).
      if (!store.claimRepublish(escalation.escalationId(), bucket)) {
        pass.count("republish.alreadyClaimed");
        return;
      }
      boolean ok = escalations.raise(escalation);
      Log.info("escalation.republished", "escalationId", escalation.escalationId(), "published", ok);
      pass.count(ok ? "republish.published" : "republish.failed");
    });
  }

  // ------------------------------------------------------------------------------------ resend

  /**
   * Replies Evolution refused (down for minutes): each is sent again once it is due, under its own id (so
   * the console shows the one reply going from {@code failed} to {@code sent}), if it is still relevant
   * ({@link SweepRules#resend}); a refusal doubles the pause ({@link SendRetry#resendPause}).
   */
  private void resends(Pass pass) {
    pass.eachTicket(store.dueResends(store.now(), RESEND_LIMIT), "resend", t -> resend(pass, t.id()));
  }

  private void resend(Pass pass, String ticketId) {
    Optional<SweepStore.Unsent> found = store.unsent(ticketId);
    if (found.isEmpty()) return;
    SweepStore.Unsent unsent = found.get();
    SendRetry retry = outbox.retry();
    SweepRules.Resend decided = SweepRules.resend(unsent.facts(), retry.resendMaxAge(), store.now());
    if (decided != SweepRules.Resend.SEND) {
      store.dropResend(ticketId, decided);
      Log.warn("reply.resend_dropped", "ticketId", ticketId, "messageId", unsent.replyId(), "reason", decided.wire());
      pass.count("resend.dropped");
      return;
    }
    int attempt = unsent.resends() + 1;
    // A stale claim is not taken over: its holder may have sent (twice = two replies).
    Claim claim = store.claimResend(ticketId, unsent.replyId(), attempt);
    if (claim.hold() != Hold.WON) {
      pass.count("resend.alreadyClaimed");
      return;
    }
    SweptTicket t = unsent.ticket();
    SendResult result = sendClaimed(new Outbox.Outgoing(ticketId, unsent.replyId(), t.instance(), t.customerJid(), Author.AI,
        unsent.text(), unsent.extra()));
    if (result instanceof SendResult.Failed failed && failed.retryable()) {
      store.resendFailed(unsent, retry.resendPause(attempt));
      store.finish(claim, Status.SEND_FAILED);
      Log.warn("reply.resend_failed", "ticketId", ticketId, "messageId", unsent.replyId(), "attempt", attempt,
          "httpStatus", failed.httpStatus());
      pass.count("resend.failed");
    } else if (result instanceof SendResult.Failed failed) {
      store.dropResend(ticketId, SweepRules.Resend.REFUSED);
      store.finish(claim, Status.SEND_FAILED);
      Log.error("reply.resend_refused", null, "ticketId", ticketId, "messageId", unsent.replyId(), "httpStatus", failed.httpStatus());
      pass.count("resend.refused");
    } else {
      store.resent(unsent);
      store.finish(claim, Status.SENT);
      Log.info("reply.resent", "ticketId", ticketId, "messageId", unsent.replyId(), "attempt", attempt);
      pass.count("resend.sent");
    }
  }

  private SendResult sendClaimed(Outbox.Outgoing out) {
    try {
      return outbox.sendClaimed(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    }
  }
}
