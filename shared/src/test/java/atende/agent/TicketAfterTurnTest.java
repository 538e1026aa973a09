package atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.conversation.TicketStatus;
import atende.conversation.TicketView;
import atende.escalation.EscalationReason;
import com.google.cloud.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an AI turn may change on a ticket, and what a person's choices protect. */
class TicketAfterTurnTest {
  private static final Timestamp CREATED = Timestamp.ofTimeSecondsAndNanos(1_800_000_000L, 0);
  private static final Timestamp NOW = Timestamp.ofTimeSecondsAndNanos(1_800_000_012L, 500_000_000);

  @Test
  void anAnsweredTicketWaitsForTheCustomerAndRecordsTheFirstResponseTime() {
    TicketAfterTurn after = TicketAfterTurn.of(ticket(TicketStatus.OPEN, false, null, false, null), answer(false), "run-1", true, NOW);
    assertThat(after.update()).containsEntry("status", "waiting_customer").containsEntry("category", "technical")
        .containsEntry("classificationSource", "ai").containsEntry("firstResponseMs", 12_500L).containsKey("followUp");
    assertThat(after.firstResponseMs()).hasValue(12_500L);
    assertThat(after.newlyEscalated()).isFalse();
  }

  @Test
  void aFollowUpForTomorrowIsMovedInsideWhatsAppsWindow() {
    Decision tomorrow = new Decision(new Classification(Category.COMMERCIAL, Priority.LOW, Sentiment.NEUTRAL, 0.8), "Planos...",
        false, List.of(), Optional.of(Duration.ofHours(24)), false);
    TicketAfterTurn after = TicketAfterTurn.of(ticket(TicketStatus.OPEN, false, null, false, null), tomorrow, "run-1", true, NOW);
    Timestamp due = (Timestamp) after.update().get("followUpDueAt");
    assertThat(due.getSeconds() - NOW.getSeconds()).isEqualTo(Duration.ofHours(23).toSeconds());
  }

  @Test
  void theFirstResponseIsRecordedOnce() {
    TicketAfterTurn after = TicketAfterTurn.of(ticket(TicketStatus.OPEN, false, null, false, CREATED), answer(false), "run-2", true, NOW);
    assertThat(after.update()).doesNotContainKeys("firstResponseAt", "firstResponseMs").containsKey("lastOutboundAt");
    assertThat(after.firstResponseMs()).isEmpty();
  }

  @Test
  void anEscalationIsRecordedOnceAndMirroredAtTheTopLevel() {
    TicketAfterTurn first = TicketAfterTurn.of(ticket(TicketStatus.OPEN, false, null, false, null), answer(true), "run-1", true, NOW);
    assertThat(first.newlyEscalated()).isTrue();
    assertThat(first.update()).containsEntry("status", "escalated").containsEntry("escalated", true)
        .containsEntry("escalation.runId", "run-1").containsEntry("escalation.reasons", List.of("vip_complaint"));
    TicketAfterTurn again = TicketAfterTurn.of(ticket(TicketStatus.ESCALATED, false, null, true, NOW), answer(true), "run-2", true, NOW);
    assertThat(again.newlyEscalated()).isFalse();
    assertThat(again.update()).doesNotContainKeys("escalation.at", "escalation.runId");
  }

  @Test
  void aPersonsStatusAndClassificationStand() {
    TicketAfterTurn paused = TicketAfterTurn.of(ticket(TicketStatus.HUMAN, true, "human", false, null), answer(true), "run-1", true, NOW);
    assertThat(paused.update()).doesNotContainKeys("status", "category", "priority", "classificationSource");
    assertThat(paused.newlyEscalated()).as("the person is still told").isTrue();
    TicketAfterTurn resolved = TicketAfterTurn.of(ticket(TicketStatus.RESOLVED, false, null, false, null), answer(false), "run-1", true, NOW);
    assertThat(resolved.update()).doesNotContainKey("status");
  }

  private static TicketView ticket(TicketStatus status, boolean paused, String source, boolean escalated, Timestamp firstResponse) {
    return new TicketView("t-1", "loja", "loja_5511", "5511@s.whatsapp.net", "Ana", status, paused, Optional.of("support"),
        Optional.of("low"), Optional.ofNullable(source), Optional.empty(), escalated, CREATED, Optional.ofNullable(firstResponse), 1);
  }

  private static Decision answer(boolean escalate) {
    return new Decision(new Classification(Category.TECHNICAL, Priority.HIGH, Sentiment.NEUTRAL, 0.8), "Resposta", escalate,
        escalate ? List.of(EscalationReason.VIP_COMPLAINT) : List.<EscalationReason>of(), Optional.of(Duration.ofHours(1)), false);
  }
}
