package atende.followup;

import atende.conversation.MessageStatus;
import atende.conversation.Priority;
import atende.conversation.TicketStatus;
import atende.platform.WireEnum;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  public record FollowUpTicket(TicketStatus status, boolean aiPaused, Instant dueAt, int attempts, Instant lastInboundAt,
      Instant lastOutboundAt) {}

  public sealed interface FollowUpAction {}

  /** The follow-up is due: something is sent and/or the ticket closed. */
  public sealed interface Due extends FollowUpAction {}

  /** Send follow-up number {@code attempt}; the next step is due at {@code nextDueAt}. */
  public record Send(int attempt, Instant nextDueAt) implements Due {}

  /** Stored as the ticket's {@code closeReason} when the sweep resolves it. */
  public enum CloseReason implements WireEnum { NO_ANSWER, WINDOW_CLOSED }

  /**
   * Resolve the ticket ({@code resolvedBy: timeout}); {@code withMessage}: a closing message is sent
   * first (only inside the window).
   */
  public record Close(boolean withMessage, CloseReason reason) implements Due {}

  /** Why nothing is done; stored as {@code followUpSkipped} when it {@link #cancels()} the follow-up. */
  public enum SkipReason implements WireEnum {
    NOT_WAITING, AI_PAUSED, NOT_DUE, CUSTOMER_WROTE, INSTANCE_DISABLED;

    /** Skips that will not go away by themselves: the follow-up would stay due forever. */
    public boolean cancels() {
      return this == AI_PAUSED || this == INSTANCE_DISABLED;
    }
  }

  public record Skip(SkipReason reason) implements FollowUpAction {}

  public static FollowUpAction followUp(FollowUpTicket t, SweepSettings s, Instant now) {
    if (t.status() != TicketStatus.WAITING_CUSTOMER) return new Skip(SkipReason.NOT_WAITING);
    if (t.aiPaused()) return new Skip(SkipReason.AI_PAUSED);
    if (t.dueAt() == null || t.dueAt().isAfter(now)) return new Skip(SkipReason.NOT_DUE);
    // The webhook moves the ticket back to open on a reply; this covers a reply stored in between.
    if (t.lastInboundAt() != null && (t.lastOutboundAt() == null || t.lastInboundAt().isAfter(t.lastOutboundAt()))) {
      return new Skip(SkipReason.CUSTOMER_WROTE);
    }
    if (!s.enabled()) return new Skip(SkipReason.INSTANCE_DISABLED);
    boolean windowOpen = windowOpen(t.lastInboundAt(), s, now);
    if (t.attempts() >= s.maxFollowUps()) return new Close(windowOpen, CloseReason.NO_ANSWER);
    if (!windowOpen) return new Close(false, CloseReason.WINDOW_CLOSED);
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
  public record EscalatedTicket(TicketStatus status, Priority priority, Instant escalatedAt, boolean slaBreached) {}

  /** Still {@code escalated} (no person took over: that makes it {@code human}) past its priority's SLA, not yet flagged. */
  public static boolean slaBreached(EscalatedTicket t, SweepSettings s, Instant now) {
    return t.status() == TicketStatus.ESCALATED && !t.slaBreached() && t.escalatedAt() != null
        && !now.isBefore(t.escalatedAt().plus(s.slaFor(t.priority())));
  }

  // ------------------------------------------------------------------------------------ unanswered

  /** A run of the AI turn still marked {@code running}. */
  public record RunningRun(String runId, String messageId, Instant startedAt) {}

  /** The newest customer message of the ticket. */
  public record CustomerMessage(String id, MessageStatus status, Instant createdAt) {}

  /**
   * An open ticket whose last customer message may be unanswered. {@code retried}: message ids the
   * sweep already retried once, and when (its {@code retry-<messageId>} claims).
   */
  public record OpenTicket(TicketStatus status, boolean aiPaused, boolean escalationRequired, Instant lastInboundAt,
      Instant lastOutboundAt, List<RunningRun> running, Optional<CustomerMessage> newest, Map<String, Instant> retried) {}

  /**
   * What to do: mark {@code markStuck} runs failed ({@code stuck}), re-trigger the turn on
   * {@code retryMessage}, and/or escalate ({@code no_resolution_timeout}); {@code reason} says why, for
   * logs and the retry's claim.
   */
  public record UnansweredPlan(List<RunningRun> markStuck, Optional<String> retryMessage, boolean escalate, UnansweredReason reason) {
    static UnansweredPlan nothing(UnansweredReason reason) {
      return new UnansweredPlan(List.of(), Optional.empty(), false, reason);
    }

    public boolean isNothing() {
      return markStuck.isEmpty() && retryMessage.isEmpty() && !escalate;
    }
  }

  public enum UnansweredReason implements WireEnum {
    ANSWERED_OR_NOT_OPEN, INSTANCE_DISABLED, TURN_IN_FLIGHT, RETRY_PENDING, RUN_STUCK, TURN_NEVER_STARTED, NO_RESOLUTION_TIMEOUT,
    WAITING
  }

  /** Cheap pre-check on the ticket alone, before its runs and messages are read. */
  public static boolean maybeUnanswered(TicketStatus status, boolean aiPaused, Instant lastInboundAt, Instant lastOutboundAt) {
    return status == TicketStatus.OPEN && !aiPaused && lastInboundAt != null
        && (lastOutboundAt == null || lastOutboundAt.isBefore(lastInboundAt));
  }

  /**
   * A turn that hangs (its run {@code running} past {@code stuckRunMinutes}) or never started (the
   * newest customer message still {@code received} that long, no run in flight) is retried once per
   * message; a message still unanswered after {@code unresolvedEscalateMinutes}, with no retry pending
   * and nothing in flight, escalates. A run younger than the threshold is left alone: it may still answer,
   * and so is a retry younger than it: the turn it triggers may not have claimed its run yet, and
   * escalating then would send the customer a handoff on top of the retried reply.
   */
  public static UnansweredPlan unanswered(OpenTicket t, SweepSettings s, Instant now) {
    if (!maybeUnanswered(t.status(), t.aiPaused(), t.lastInboundAt(), t.lastOutboundAt())) {
      return UnansweredPlan.nothing(UnansweredReason.ANSWERED_OR_NOT_OPEN);
    }
    if (!s.enabled()) return UnansweredPlan.nothing(UnansweredReason.INSTANCE_DISABLED);
    Instant stuckBefore = now.minus(s.stuckRun());
    List<RunningRun> stuck = t.running().stream()
        .filter(r -> r.startedAt() != null && !r.startedAt().isAfter(stuckBefore))
        .sorted(Comparator.comparing(RunningRun::startedAt).reversed())
        .toList();
    boolean inFlight = t.running().size() > stuck.size();
    Optional<String> target = Optional.empty();
    if (!stuck.isEmpty()) {
      target = Optional.of(stuck.get(0).messageId());
    } else if (!inFlight && t.newest().isPresent() && t.newest().get().status() == MessageStatus.RECEIVED
        && t.newest().get().createdAt() != null && !t.newest().get().createdAt().isAfter(stuckBefore)) {
      target = Optional.of(t.newest().get().id()); // the turn never started (event lost)
    }
    if (inFlight) return new UnansweredPlan(stuck, Optional.empty(), false, UnansweredReason.TURN_IN_FLIGHT);
    if (target.isPresent() && target.get() != null && !t.retried().containsKey(target.get())) {
      return new UnansweredPlan(stuck, target, false,
          stuck.isEmpty() ? UnansweredReason.TURN_NEVER_STARTED : UnansweredReason.RUN_STUCK);
    }
    boolean retryPending = t.retried().values().stream().anyMatch(at -> at != null && at.isAfter(stuckBefore));
    if (retryPending) return new UnansweredPlan(stuck, Optional.empty(), false, UnansweredReason.RETRY_PENDING);
    boolean escalate = s.unresolvedRuleOn() && !t.escalationRequired()
        && !t.lastInboundAt().isAfter(now.minus(s.unresolvedEscalate()));
    return new UnansweredPlan(stuck, Optional.empty(), escalate,
        escalate ? UnansweredReason.NO_RESOLUTION_TIMEOUT : UnansweredReason.WAITING);
  }

  // ------------------------------------------------------------------------------------ resend

  /**
   * An AI reply Evolution did not take, with what decides whether it still makes sense: the ticket's
   * state, its last customer message, and the reply's own status and age.
   */
  public record UnsentReply(TicketStatus status, boolean aiPaused, Instant lastInboundAt, MessageStatus replyStatus,
      Instant replyCreatedAt) {}

  /**
   * Send it again, or why not (stored as the ticket's {@code resendDropped}); {@code REFUSED}: Evolution
   * answered a resend with an error that will not change (a number not on WhatsApp).
   */
  public enum Resend implements WireEnum { SEND, ALREADY_SENT, TAKEN_OVER, TICKET_FINISHED, CUSTOMER_WROTE, STALE, REFUSED }

  /**
   * Still relevant = nobody else spoke since: no person took the conversation over, the ticket is not
   * resolved or closed, the customer has not written again (their new message gets a turn of its own,
   * whose reply answers the whole burst), and the reply is younger than {@code maxAge}.
   */
  public static Resend resend(UnsentReply r, Duration maxAge, Instant now) {
    if (r.replyStatus() != MessageStatus.FAILED) return Resend.ALREADY_SENT;
    if (r.aiPaused() || r.status() == TicketStatus.HUMAN) return Resend.TAKEN_OVER;
    if (r.status() != null && r.status().finished()) return Resend.TICKET_FINISHED;
    if (r.lastInboundAt() != null && r.replyCreatedAt() != null && r.lastInboundAt().isAfter(r.replyCreatedAt())) {
      return Resend.CUSTOMER_WROTE;
    }
    if (r.replyCreatedAt() == null || r.replyCreatedAt().plus(maxAge).isBefore(now)) return Resend.STALE;
    return Resend.SEND;
  }
}
