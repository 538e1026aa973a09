package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Evolution down for ten minutes, as a customer and the team live it, at 1:100 (every duration of the
 * outage and of the retries shrunk alike, so a ten-minute outage takes six seconds): the reply is tried
 * with growing pauses, then is {@code failed} with an escalation that tells the team, and when
 * Evolution is back the reply is sent once if nothing made it irrelevant meanwhile.
 */
@Timeout(60)
class EvolutionOutageTest {
  static final Duration OUTAGE = Duration.ofSeconds(6);
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.withEnvironment(Map.of(
        "ATENDE_SEND_BACKOFF", "PT0.1S",
        "ATENDE_RESEND_AFTER", "PT0.6S",
        "ATENDE_RESEND_MAX_AGE", "PT18S",
        "ATENDE_NOTIFY_MAX_ATTEMPTS", "10"));
    // terraform/pubsub.tf's escalation subscription (10 attempts, 10 s to 600 s apart) at the same scale.
    stack.spaceNoticeRetries(Duration.ofMillis(100), Duration.ofSeconds(6));
    // Cloud Scheduler ticks every 5 minutes; faster here so the resends' own pauses are what the test sees.
    stack.startSweep(Duration.ofMillis(300));
  }

  @AfterAll
  static void stop() {
    stack.evolution().recover();
    stack.close();
  }

  @Test
  void theReplyIsRetriedWithGrowingPausesFailsWithAnEscalationAndIsSentOnceWhenEvolutionIsBack() {
    String team = "5511900000077";
    Conversation c = new Conversation(stack, "evo-down", Map.of("debounceSeconds", 0, "escalationTargets", List.of(team)));
    stack.evolution().down(EvolutionStandIn.unavailable());
    Instant down = Instant.now();
    String ticketId = c.customerSays("Como faço para trocar a senha do aplicativo?");

    QueryDocumentSnapshot failed = c.awaitFinished(ticketId, 1).get(0);
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("error.code")).isEqualTo("send_failed");
    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> t.get("escalation.reasons") != null && t.get("unsentReply") != null);
    assertThat(ticket.get("escalation.reasons")).asList().contains("send_failed");
    String replyId = ticket.getString("unsentReply");
    assertThat(replyId).startsWith("ai-");

    sleepUntil(down.plus(OUTAGE));
    stack.evolution().recover();

    QueryDocumentSnapshot answered = eventually(() -> c.customerMessages(ticketId).get(0),
        m -> "answered".equals(m.getString("status")), Duration.ofSeconds(20));
    assertThat(answered.getString("answeredBy")).isEqualTo(replyId);
    eventually(() -> stack.evolution().sentTo(team), sent -> !sent.isEmpty(), Duration.ofSeconds(20));
    c.settle();

    DocumentSnapshot reply = Firestores.await(c.db.document("tickets/" + ticketId + "/messages/" + replyId).get());
    assertThat(c.sent()).as("the customer got the reply once").singleElement()
        .satisfies(s -> assertThat(s.text()).isEqualTo(reply.getString("text")));
    assertThat(reply.getString("status")).isIn("sent", "delivered", "read");
    assertThat(stack.evolution().sentTo(team)).as("the team was told once").hasSize(1);
    assertThat(c.ticket(ticketId).get("resendDueAt")).as("nothing left to resend").isNull();

    // The turn's own three tries: 0.1 s, then 0.2 s apart.
    List<Instant> tries = stack.evolution().attempts().stream().filter(a -> a.number().equals(c.chat))
        .map(EvolutionStandIn.Attempt::at).toList();
    List<Duration> turnPauses = pauses(tries.subList(0, 3));
    assertThat(turnPauses.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(turnPauses.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    // The sweep's resends, the last one sent: the n-th waits at least 0.6 s × 2^n after the one before
    // (it may wait longer: the sweep ticks on a busy machine), so a long outage is not hammered.
    List<Instant> resends = Firestores.await(c.db.collection("tickets/" + ticketId + "/sweep").whereEqualTo("kind", "resend").get())
        .getDocuments().stream().sorted(Comparator.comparing(d -> d.getTimestamp("claimedAt")))
        .map(d -> d.getTimestamp("claimedAt").toDate().toInstant()).toList();
    assertThat(resends).as("resends during and after the outage").hasSizeGreaterThanOrEqualTo(3);
    List<Duration> resendPauses = pauses(resends);
    for (int i = 0; i < resendPauses.size(); i++) {
      assertThat(resendPauses.get(i)).as("pause after resend %d", i + 1).isGreaterThanOrEqualTo(Duration.ofMillis(600L << (i + 1)));
    }
    assertThat(resends).as("a handful of resends in the whole outage, not one per tick").hasSizeLessThanOrEqualTo(5);
  }

  @Test
  void aReplyAPersonOvertookDuringTheOutageIsNeverSent() {
    Conversation c = new Conversation(stack, "evo-takeover", Map.of("debounceSeconds", 0, "escalationTargets", List.of("5511900000078")));
    stack.evolution().down(EvolutionStandIn.unavailable());
    String ticketId = c.customerSays("Quero cancelar meu plano");
    assertThat(c.awaitFinished(ticketId, 1).get(0).getString("status")).isEqualTo("failed");
    c.operatorSays("Oi, aqui é a Ana. Vou cuidar do seu cancelamento.");
    stack.evolution().recover();

    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> "taken_over".equals(t.getString("resendDropped")));
    c.settle();
    assertThat(c.sent()).as("nothing the person's words would contradict").isEmpty();
    assertThat(Firestores.await(c.db.document("tickets/" + ticketId + "/messages/" + ticket.getString("unsentReply")).get())
        .getString("status")).isEqualTo("failed");
  }

  private static List<Duration> pauses(List<Instant> times) {
    List<Duration> pauses = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) pauses.add(Duration.between(times.get(i - 1), times.get(i)));
    return pauses;
  }

  private static void sleepUntil(Instant at) {
    Duration left = Duration.between(Instant.now(), at);
    if (left.isNegative()) return;
    try {
      Thread.sleep(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
