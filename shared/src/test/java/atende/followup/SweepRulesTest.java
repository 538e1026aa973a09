package atende.followup;

import static org.assertj.core.api.Assertions.assertThat;

import atende.conversation.MessageStatus;
import atende.conversation.Priority;
import atende.conversation.TicketStatus;
import atende.followup.SweepRules.Close;
import atende.followup.SweepRules.CloseReason;
import atende.followup.SweepRules.CustomerMessage;
import atende.followup.SweepRules.EscalatedTicket;
import atende.followup.SweepRules.FollowUpTicket;
import atende.followup.SweepRules.OpenTicket;
import atende.followup.SweepRules.RunningRun;
import atende.followup.SweepRules.Send;
import atende.followup.SweepRules.Skip;
import atende.followup.SweepRules.SkipReason;
import atende.followup.SweepRules.UnansweredPlan;
import atende.followup.SweepRules.UnansweredReason;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepRulesTest {
  static final Instant NOW = Instant.parse("2026-11-10T15:00:00Z");
  static final SweepSettings S = SweepSettings.DEFAULTS;

  static Instant ago(Duration d) {
    return NOW.minus(d);
  }

  static FollowUpTicket waiting(int attempts, Instant lastIn) {
    return new FollowUpTicket(TicketStatus.WAITING_CUSTOMER, false, ago(Duration.ofMinutes(1)), attempts, lastIn, lastIn.plusSeconds(5));
  }

  // ---------------------------------------------------------------- follow-ups

  @Test
  void aDueFollowUpInsideTheWindowIsSentAndTheNextOneScheduled() {
    Instant lastIn = ago(Duration.ofHours(1));
    assertThat(SweepRules.followUp(waiting(0, lastIn), S, NOW))
        .as("next: 24 h later would miss the window, so an hour before it closes")
        .isEqualTo(new Send(1, lastIn.plus(Duration.ofHours(23))));
  }

  @Test
  void theNextFollowUpKeepsTheIntervalWhenTheWindowCannotBeMet() {
    Instant lastIn = ago(Duration.ofHours(22).plusMinutes(30));
    assertThat(SweepRules.followUp(waiting(1, lastIn), S, NOW)).isEqualTo(new Send(2, NOW.plus(Duration.ofHours(24))));
  }

  @Test
  void afterTheMaximumTheTicketClosesWithAMessageWhileTheWindowIsOpen() {
    assertThat(SweepRules.followUp(waiting(2, ago(Duration.ofHours(3))), S, NOW)).isEqualTo(new Close(true, CloseReason.NO_ANSWER));
    assertThat(SweepRules.followUp(waiting(2, ago(Duration.ofHours(30))), S, NOW)).isEqualTo(new Close(false, CloseReason.NO_ANSWER));
  }

  @Test
  void outsideTheWindowNothingIsSentTheTicketJustCloses() {
    assertThat(SweepRules.followUp(waiting(0, ago(Duration.ofHours(25))), S, NOW)).isEqualTo(new Close(false, CloseReason.WINDOW_CLOSED));
    SweepSettings wide = SweepSettings.from(Map.of("followUpWindowHours", 48));
    assertThat(SweepRules.followUp(waiting(0, ago(Duration.ofHours(25))), wide, NOW)).isInstanceOf(Send.class);
  }

  @Test
  void nothingWhenNotDueNotWaitingPausedOrTheCustomerWrote() {
    Instant lastIn = ago(Duration.ofHours(1));
    FollowUpTicket notDue = new FollowUpTicket(TicketStatus.WAITING_CUSTOMER, false, NOW.plusSeconds(60), 0, lastIn, lastIn.plusSeconds(5));
    assertThat(SweepRules.followUp(notDue, S, NOW)).isEqualTo(new Skip(SkipReason.NOT_DUE));
    FollowUpTicket noDue = new FollowUpTicket(TicketStatus.WAITING_CUSTOMER, false, null, 0, lastIn, lastIn.plusSeconds(5));
    assertThat(SweepRules.followUp(noDue, S, NOW)).isEqualTo(new Skip(SkipReason.NOT_DUE));
    FollowUpTicket open = new FollowUpTicket(TicketStatus.OPEN, false, ago(Duration.ofMinutes(1)), 0, lastIn, lastIn.plusSeconds(5));
    assertThat(SweepRules.followUp(open, S, NOW)).isEqualTo(new Skip(SkipReason.NOT_WAITING));
    FollowUpTicket paused = new FollowUpTicket(TicketStatus.WAITING_CUSTOMER, true, ago(Duration.ofMinutes(1)), 0, lastIn, lastIn.plusSeconds(5));
    assertThat(SweepRules.followUp(paused, S, NOW)).isEqualTo(new Skip(SkipReason.AI_PAUSED));
    FollowUpTicket wrote = new FollowUpTicket(TicketStatus.WAITING_CUSTOMER, false, ago(Duration.ofMinutes(1)), 0, lastIn, lastIn.minusSeconds(5));
    assertThat(SweepRules.followUp(wrote, S, NOW)).isEqualTo(new Skip(SkipReason.CUSTOMER_WROTE));
    assertThat(SweepRules.followUp(waiting(0, lastIn), SweepSettings.from(Map.of("enabled", false)), NOW))
        .isEqualTo(new Skip(SkipReason.INSTANCE_DISABLED));
  }

  @Test
  void zeroFollowUpsClosesAtTheFirstDueTime() {
    assertThat(SweepRules.followUp(waiting(0, ago(Duration.ofHours(1))), SweepSettings.from(Map.of("maxFollowUps", 0)), NOW))
        .isEqualTo(new Close(true, CloseReason.NO_ANSWER));
  }

  // ---------------------------------------------------------------- SLA

  @Test
  void slaPerPriorityWithInstanceOverrides() {
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.CRITICAL, ago(Duration.ofMinutes(2)), false), S, NOW)).isTrue();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.CRITICAL, ago(Duration.ofSeconds(90)), false), S, NOW)).isFalse();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.HIGH, ago(Duration.ofMinutes(14)), false), S, NOW)).isFalse();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.MEDIUM, ago(Duration.ofMinutes(61)), false), S, NOW)).isTrue();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.LOW, ago(Duration.ofMinutes(239)), false), S, NOW)).isFalse();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, null, ago(Duration.ofMinutes(61)), false), S, NOW))
        .as("unknown priority counts as medium").isTrue();
    SweepSettings strict = SweepSettings.from(Map.of("slaMinutes", Map.of("low", 10L, "bogus", 1L, "high", -3L)));
    assertThat(strict.slaFor(Priority.LOW)).isEqualTo(Duration.ofMinutes(10));
    assertThat(strict.slaFor(Priority.HIGH)).as("invalid values keep the default").isEqualTo(Duration.ofMinutes(15));
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.LOW, ago(Duration.ofMinutes(11)), false), strict, NOW)).isTrue();
  }

  @Test
  void noSlaNoticeOnceAPersonTookOverOrItWasAlreadySent() {
    Instant long_ago = ago(Duration.ofHours(5));
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.HUMAN, Priority.CRITICAL, long_ago, false), S, NOW)).isFalse();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.ESCALATED, Priority.CRITICAL, long_ago, true), S, NOW)).isFalse();
    assertThat(SweepRules.slaBreached(new EscalatedTicket(TicketStatus.RESOLVED, Priority.CRITICAL, long_ago, false), S, NOW)).isFalse();
  }

  // ---------------------------------------------------------------- unanswered

  static OpenTicket open(Duration sinceInbound, List<RunningRun> running, Optional<CustomerMessage> newest, Map<String, Instant> retried) {
    Instant lastIn = ago(sinceInbound);
    return new OpenTicket(TicketStatus.OPEN, false, false, lastIn, lastIn.minusSeconds(60), running, newest, retried);
  }

  /** The race a loaded machine showed: the next tick came after the retry, before its turn claimed a run. */
  @Test
  void aFreshRetryIsNotEscalatedOverWhileItsTurnStarts() {
    CustomerMessage received = new CustomerMessage("m1", MessageStatus.RECEIVED, ago(Duration.ofMinutes(7)));
    UnansweredPlan plan = SweepRules.unanswered(open(Duration.ofMinutes(7), List.of(), Optional.of(received),
        Map.of("m1", NOW.minus(Duration.ofSeconds(30)))), S, NOW);
    assertThat(plan.escalate()).isFalse();
    assertThat(plan.reason()).isEqualTo(UnansweredReason.RETRY_PENDING);
  }

  @Test
  void aStuckRunIsMarkedAndItsMessageRetriedOnce() {
    RunningRun run = new RunningRun("r1", "m1", ago(Duration.ofMinutes(6)));
    UnansweredPlan first = SweepRules.unanswered(open(Duration.ofMinutes(6), List.of(run), Optional.empty(), Map.of()), S, NOW);
    assertThat(first).isEqualTo(new UnansweredPlan(List.of(run), Optional.of("m1"), false, UnansweredReason.RUN_STUCK));
    UnansweredPlan again = SweepRules.unanswered(open(Duration.ofMinutes(12), List.of(run), Optional.empty(), Map.of("m1", NOW.minus(Duration.ofMinutes(6)))), S, NOW);
    assertThat(again).as("the retry hung too: a person takes over")
        .isEqualTo(new UnansweredPlan(List.of(run), Optional.empty(), true, UnansweredReason.NO_RESOLUTION_TIMEOUT));
  }

  @Test
  void aYoungRunIsLeftAloneEvenPastTheUnresolvedTime() {
    RunningRun young = new RunningRun("r2", "m2", ago(Duration.ofMinutes(2)));
    UnansweredPlan plan = SweepRules.unanswered(open(Duration.ofMinutes(8), List.of(young), Optional.empty(), Map.of()), S, NOW);
    assertThat(plan.isNothing()).isTrue();
  }

  @Test
  void aMessageThatNeverStartedATurnIsRetried() {
    CustomerMessage received = new CustomerMessage("m3", MessageStatus.RECEIVED, ago(Duration.ofMinutes(7)));
    assertThat(SweepRules.unanswered(open(Duration.ofMinutes(7), List.of(), Optional.of(received), Map.of()), S, NOW))
        .isEqualTo(new UnansweredPlan(List.of(), Optional.of("m3"), false, UnansweredReason.TURN_NEVER_STARTED));
  }

  @Test
  void aFailedTurnEscalatesAfterTheUnresolvedTimeUnlessTheRuleIsOff() {
    CustomerMessage failed = new CustomerMessage("m4", MessageStatus.FAILED, ago(Duration.ofMinutes(6)));
    assertThat(SweepRules.unanswered(open(Duration.ofMinutes(6), List.of(), Optional.of(failed), Map.of()), S, NOW).escalate()).isTrue();
    assertThat(SweepRules.unanswered(open(Duration.ofMinutes(4), List.of(), Optional.of(failed), Map.of()), S, NOW).isNothing()).isTrue();
    SweepSettings off = SweepSettings.from(Map.of("unresolvedEscalateMinutes", 0));
    assertThat(SweepRules.unanswered(open(Duration.ofMinutes(60), List.of(), Optional.of(failed), Map.of()), off, NOW).isNothing()).isTrue();
  }

  @Test
  void answeredPausedOrAlreadyEscalatedTicketsAreLeftAlone() {
    Instant lastIn = ago(Duration.ofMinutes(30));
    assertThat(SweepRules.unanswered(new OpenTicket(TicketStatus.OPEN, false, false, lastIn, lastIn.plusSeconds(3), List.of(), Optional.empty(), Map.of()), S, NOW)
        .isNothing()).isTrue();
    assertThat(SweepRules.unanswered(new OpenTicket(TicketStatus.OPEN, true, false, lastIn, null, List.of(), Optional.empty(), Map.of()), S, NOW)
        .isNothing()).isTrue();
    assertThat(SweepRules.unanswered(new OpenTicket(TicketStatus.OPEN, false, true, lastIn, null, List.of(), Optional.empty(), Map.of()), S, NOW)
        .isNothing()).isTrue();
  }

  // ---------------------------------------------------------------- settings

  @Test
  void settingsFromConsoleValuesWithDefaultsForAnythingOdd() {
    Map<String, Object> fields = new HashMap<>();
    fields.put("maxFollowUps", 3.0);
    fields.put("followUpIntervalHours", "6");
    fields.put("followUpWindowHours", "lots");
    fields.put("stuckRunMinutes", 1L);
    fields.put("unresolvedEscalateMinutes", 0L);
    SweepSettings s = SweepSettings.from(fields);
    assertThat(s.maxFollowUps()).isEqualTo(3);
    assertThat(s.followUpInterval()).isEqualTo(Duration.ofHours(6));
    assertThat(s.followUpWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(s.stuckRun()).as("never below ProcessMessage's timeout").isEqualTo(Duration.ofMinutes(5));
    assertThat(s.unresolvedRuleOn()).isFalse();
    assertThat(SweepSettings.from(null)).isEqualTo(SweepSettings.DEFAULTS);
  }

  // ---------------------------------------------------------------- resend of a reply Evolution refused

  static SweepRules.UnsentReply unsent(TicketStatus status, boolean aiPaused, Duration replyAge, Duration lastInboundAge) {
    return new SweepRules.UnsentReply(status, aiPaused, ago(lastInboundAge), MessageStatus.FAILED, ago(replyAge));
  }

  @Test
  void anUnsentReplyIsSentWhileNobodyElseSpokeAndItIsYoungerThanTheMaximumAge() {
    Duration maxAge = atende.platform.SendRetry.DEFAULTS.resendMaxAge();
    assertThat(SweepRules.resend(unsent(TicketStatus.ESCALATED, false, Duration.ofMinutes(10), Duration.ofMinutes(11)), maxAge, NOW))
        .isEqualTo(SweepRules.Resend.SEND);
    assertThat(SweepRules.resend(unsent(TicketStatus.ESCALATED, false, Duration.ofMinutes(31), Duration.ofMinutes(32)), maxAge, NOW))
        .as("the customer has moved on").isEqualTo(SweepRules.Resend.STALE);
    assertThat(SweepRules.resend(unsent(TicketStatus.ESCALATED, false, Duration.ofMinutes(10), Duration.ofMinutes(2)), maxAge, NOW))
        .as("their new message gets a turn of its own").isEqualTo(SweepRules.Resend.CUSTOMER_WROTE);
    assertThat(SweepRules.resend(unsent(TicketStatus.HUMAN, true, Duration.ofMinutes(10), Duration.ofMinutes(11)), maxAge, NOW))
        .isEqualTo(SweepRules.Resend.TAKEN_OVER);
    assertThat(SweepRules.resend(unsent(TicketStatus.RESOLVED, false, Duration.ofMinutes(10), Duration.ofMinutes(11)), maxAge, NOW))
        .isEqualTo(SweepRules.Resend.TICKET_FINISHED);
    assertThat(SweepRules.resend(new SweepRules.UnsentReply(TicketStatus.ESCALATED, false, ago(Duration.ofMinutes(11)),
        MessageStatus.SENT, ago(Duration.ofMinutes(10))), maxAge, NOW)).isEqualTo(SweepRules.Resend.ALREADY_SENT);
  }

  @Test
  void eachFailedResendDoublesThePause() {
    atende.platform.SendRetry retry = atende.platform.SendRetry.from(name -> "ATENDE_RESEND_AFTER".equals(name) ? "PT1M" : null);
    assertThat(List.of(retry.resendPause(0), retry.resendPause(1), retry.resendPause(2), retry.resendPause(3)))
        .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8));
    assertThat(atende.platform.SendRetry.from(name -> "ATENDE_SEND_BACKOFF".equals(name) ? "soon" : null))
        .as("an unparseable value keeps the default").isEqualTo(atende.platform.SendRetry.DEFAULTS);
  }
}
