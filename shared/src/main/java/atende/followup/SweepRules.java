package atende.followup;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What FollowUpSweep decides for one ticket, from facts already read (pure: no I/O, no clock). The
 * sweep reads, asks these rules, then claims and acts.
 */
public final class SweepRules {
  private SweepRules() {}

  /** A follow-up scheduled to land after WhatsApp's window closes is brought forward to this before it. */
  static final Duration WINDOW_MARGIN = Duration.ofHours(1);
  /** An escalation whose publish failed is retried once it is this old (the raising code may still be at it). */
  public static final Duration REPUBLISH_AFTER = Duration.ofMinutes(1);
  /** How far back unanswered customer messages are looked at: older ones are outside WhatsApp's window anyway. */
  public static final Duration UNANSWERED_LOOKBACK = Duration.ofHours(24);

  // ------------------------------------------------------------------------------------ follow-ups

  /** A ticket whose follow-up may be due: {@code dueAt} is {@code followUpDueAt}, {@code attempts} {@code followUp.attempts}. */
  public record FollowUpTicket(String status, boolean aiPaused, Instant dueAt, int attempts, Instant lastInboundAt,
      Instant lastOutboundAt) {}

  public sealed interface FollowUpAction {}

  /** Send follow-up number {@code attempt}; the next step is due at {@code nextDueAt}. */
  public record Send(int attempt, Instant nextDueAt) implements FollowUpAction {}

  /**
   * Resolve the ticket ({@code resolvedBy: timeout}); {@code withMessage}: a closing message is sent
   * first (only inside the window). {@code reason}: {@code no_answer} or {@code window_closed}.
   */
  public record Close(boolean withMessage, String reason) implements FollowUpAction {}

  public record Skip(String reason) implements FollowUpAction {}

  public static FollowUpAction followUp(FollowUpTicket t, SweepSettings s, Instant now) {
    if (!"waiting_customer".equals(t.status())) return new Skip("status_" + t.status());
    if (t.aiPaused()) return new Skip("ai_paused");
    if (t.dueAt() == null || t.dueAt().isAfter(now)) return new Skip("not_due");
    // The webhook moves the ticket back to open on a reply; this covers a reply stored in between.
    if (t.lastInboundAt() != null && (t.lastOutboundAt() == null || t.lastInboundAt().isAfter(t.lastOutboundAt()))) {
      return new Skip("customer_wrote");
    }
    if (!s.enabled()) return new Skip("instance_disabled");
    boolean windowOpen = windowOpen(t.lastInboundAt(), s, now);
    if (t.attempts() >= s.maxFollowUps()) return new Close(windowOpen, "no_answer");
    if (!windowOpen) return new Close(false, "window_closed");
    return new Send(t.attempts() + 1, nextDue(t.lastInboundAt(), s, now));
  }

  /** WhatsApp allows a free-form message only within the window after the customer's last message. */
  static boolean windowOpen(Instant lastInboundAt, SweepSettings s, Instant now) {
    return lastInboundAt != null && now.isBefore(lastInboundAt.plus(s.followUpWindow()));
  }

  /**
   * One interval later, but brought forward to an hour before the window closes when that is still
   * more than an hour away: a follow-up that would land after the close could only close the ticket.
   */
  static Instant nextDue(Instant lastInboundAt, SweepSettings s, Instant now) {
    Instant next = now.plus(s.followUpInterval());
    if (lastInboundAt == null) return next;
    Instant latest = lastInboundAt.plus(s.followUpWindow()).minus(WINDOW_MARGIN);
    return next.isAfter(latest) && latest.isAfter(now.plus(WINDOW_MARGIN)) ? latest : next;
  }

  // ------------------------------------------------------------------------------------ SLA

  /** An escalated ticket: {@code escalatedAt} mirrors {@code escalation.at}. */
  public record EscalatedTicket(String status, String priority, Instant escalatedAt, boolean slaBreached) {}

  /** Still {@code escalated} (no person took over: that makes it {@code human}) past its priority's SLA, not yet flagged. */
  public static boolean slaBreached(EscalatedTicket t, SweepSettings s, Instant now) {
    return "escalated".equals(t.status()) && !t.slaBreached() && t.escalatedAt() != null
        && !now.isBefore(t.escalatedAt().plus(s.slaFor(t.priority())));
  }

  // ------------------------------------------------------------------------------------ unanswered

  /** A run of the AI turn still marked {@code running}. */
  public record RunningRun(String runId, String messageId, Instant startedAt) {}

  /** The newest customer message of the ticket. */
  public record CustomerMessage(String id, String status, Instant createdAt) {}

  /**
   * An open ticket whose last customer message may be unanswered. {@code retried}: message ids the
   * sweep already retried once (its {@code retry-<messageId>} claims).
   */
  public record OpenTicket(String status, boolean aiPaused, boolean escalationRequired, Instant lastInboundAt,
      Instant lastOutboundAt, List<RunningRun> running, Optional<CustomerMessage> newest, Set<String> retried) {}

  /**
   * What to do: mark {@code markStuck} runs failed ({@code stuck}), re-trigger the turn on
   * {@code retryMessage}, and/or escalate ({@code no_resolution_timeout}); {@code reason} says why, for logs.
   */
  public record UnansweredPlan(List<RunningRun> markStuck, Optional<String> retryMessage, boolean escalate, String reason) {
    static UnansweredPlan nothing(String reason) {
      return new UnansweredPlan(List.of(), Optional.empty(), false, reason);
    }

    public boolean isNothing() {
      return markStuck.isEmpty() && retryMessage.isEmpty() && !escalate;
    }
  }

  /** Cheap pre-check on the ticket alone, before its runs and messages are read. */
  public static boolean maybeUnanswered(String status, boolean aiPaused, Instant lastInboundAt, Instant lastOutboundAt) {
    return "open".equals(status) && !aiPaused && lastInboundAt != null
        && (lastOutboundAt == null || lastOutboundAt.isBefore(lastInboundAt));
  }

  /**
   * A turn that hangs (its run {@code running} past {@code stuckRunMinutes}) or never started (the
   * newest customer message still {@code received} that long, no run in flight) is retried once per
   * message; a message still unanswered after {@code unresolvedEscalateMinutes}, with no retry pending
   * and nothing in flight, escalates. A run younger than the threshold is left alone: it may still answer.
   */
  public static UnansweredPlan unanswered(OpenTicket t, SweepSettings s, Instant now) {
    if (!maybeUnanswered(t.status(), t.aiPaused(), t.lastInboundAt(), t.lastOutboundAt())) {
      return UnansweredPlan.nothing("answered_or_not_open");
    }
    if (!s.enabled()) return UnansweredPlan.nothing("instance_disabled");
    Instant stuckBefore = now.minus(s.stuckRun());
    List<RunningRun> stuck = t.running().stream()
        .filter(r -> r.startedAt() != null && !r.startedAt().isAfter(stuckBefore))
        .sorted(Comparator.comparing(RunningRun::startedAt).reversed())
        .toList();
    boolean inFlight = t.running().size() > stuck.size();
    Optional<String> target = Optional.empty();
    if (!stuck.isEmpty()) {
      target = Optional.of(stuck.get(0).messageId());
    } else if (!inFlight && t.newest().isPresent() && "received".equals(t.newest().get().status())
        && t.newest().get().createdAt() != null && !t.newest().get().createdAt().isAfter(stuckBefore)) {
      target = Optional.of(t.newest().get().id()); // the turn never started (event lost)
    }
    if (inFlight) return new UnansweredPlan(stuck, Optional.empty(), false, "turn_in_flight");
    if (target.isPresent() && target.get() != null && !t.retried().contains(target.get())) {
      return new UnansweredPlan(stuck, target, false, stuck.isEmpty() ? "turn_never_started" : "run_stuck");
    }
    boolean escalate = s.unresolvedRuleOn() && !t.escalationRequired()
        && !t.lastInboundAt().isAfter(now.minus(s.unresolvedEscalate()));
    return new UnansweredPlan(stuck, Optional.empty(), escalate, escalate ? "no_resolution_timeout" : "waiting");
  }
}
