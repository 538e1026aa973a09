package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pub/Sub push to NotifyEscalation failing (its service answering 503) while a customer asks for a
 * person, as the customer and the team live it: the customer has the turn's holding reply at once; the
 * team's notice waits in Pub/Sub, retried with growing pauses (terraform/pubsub.tf's policy at 1:100),
 * and is delivered exactly once when pushes get through again. Past the last attempt the message is
 * dead-lettered, and replaying it, as docs/deploy.md says, notifies once.
 */
@Timeout(60)
class PubSubOutageTest {
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.withEnvironment(Map.of("ATENDE_NOTIFY_MAX_ATTEMPTS", "10"));
    stack.spaceNoticeRetries(Duration.ofMillis(100), Duration.ofSeconds(2));
  }

  @AfterEach
  void pushesGetThrough() {
    stack.pubsub().restorePushes(LocalStack.NOTIFY_SUBSCRIPTION);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void theTeamIsNotifiedOnceWhenPushesGetThroughAgainAndTheCustomerIsToldOnce() throws InterruptedException {
    Escalated e = asksForAPersonWhilePushesFail("push-down", "5511900000091");
    Conversation c = e.conversation();
    eventually(() -> stack.pubsub().deliveries(e.messageId()), d -> d.size() >= 4);
    assertThat(stack.evolution().sentTo(e.team())).as("nothing reached the team yet").isEmpty();
    stack.pubsub().restorePushes(LocalStack.NOTIFY_SUBSCRIPTION);

    assertThat(stack.pubsub().awaitSettled(LocalStack.NOTIFY_SUBSCRIPTION, e.messageId(), Duration.ofSeconds(20)))
        .isEqualTo(PubSubStandIn.State.ACKED);
    c.settle();
    List<PubSubStandIn.Delivery> deliveries = stack.pubsub().deliveries(e.messageId());
    assertThat(deliveries.subList(0, deliveries.size() - 1)).extracting(PubSubStandIn.Delivery::status).containsOnly(503);
    assertThat(deliveries.get(deliveries.size() - 1).status()).isEqualTo(200);
    assertThat(stack.evolution().sentTo(e.team())).as("the team's notice, once").hasSize(1);
    assertThat(c.sent()).as("the customer's holding reply, and no handoff on top").hasSize(1);
    DocumentSnapshot ticket = c.ticket(e.ticketId());
    assertThat(ticket.getString("status")).isEqualTo("escalated");
    assertThat(ticket.getTimestamp("escalation.notifiedAt")).isNotNull();
  }

  @Test
  void pushesFailingPastTheLastAttemptAreDeadLetteredAndAReplayNotifiesOnce() throws InterruptedException {
    Escalated e = asksForAPersonWhilePushesFail("push-dead", "5511900000092");
    Conversation c = e.conversation();

    assertThat(stack.pubsub().awaitSettled(LocalStack.NOTIFY_SUBSCRIPTION, e.messageId(), Duration.ofSeconds(30)))
        .isEqualTo(PubSubStandIn.State.DEAD_LETTERED);
    assertThat(stack.pubsub().deliveries(e.messageId())).hasSize(stack.settings().notifyMaxAttempts());
    PubSubStandIn.Message dead = stack.pubsub().deadLettered(LocalStack.NOTIFY_SUBSCRIPTION).stream()
        .filter(d -> d.message().messageId().equals(e.messageId())).findFirst().orElseThrow().message();
    assertThat(stack.pubsub().published(LocalStack.DEAD_LETTER_TOPIC)).anySatisfy(m -> assertThat(m.attributes())
        .containsEntry("ticketId", e.ticketId()).containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "10"));
    assertThat(c.ticket(e.ticketId()).getTimestamp("escalation.notifiedAt")).as("the console shows the team was not told").isNull();

    stack.pubsub().restorePushes(LocalStack.NOTIFY_SUBSCRIPTION);
    String replay = stack.pubsub().publish(stack.settings().escalationTopic(), dead.data(), dead.attributes());
    assertThat(stack.pubsub().awaitSettled(LocalStack.NOTIFY_SUBSCRIPTION, replay, Duration.ofSeconds(20)))
        .isEqualTo(PubSubStandIn.State.ACKED);
    c.settle();
    assertThat(stack.evolution().sentTo(e.team())).hasSize(1);
    assertThat(c.sent()).hasSize(1);
    assertThat(c.ticket(e.ticketId()).getTimestamp("escalation.notifiedAt")).isNotNull();
  }

  /** A conversation of an instance whose team is {@code team}, its ticket, and the escalation message published for it. */
  private record Escalated(Conversation conversation, String team, String ticketId, String messageId) {}

  /** NotifyEscalation's service starts answering 503, then a customer asks for a person. */
  private static Escalated asksForAPersonWhilePushesFail(String prefix, String team) {
    Conversation c = new Conversation(stack, prefix, Map.of("debounceSeconds", 0, "escalationTargets", List.of(team)));
    stack.pubsub().failPushes(LocalStack.NOTIFY_SUBSCRIPTION, 503);
    String ticketId = c.customerSays("Quero falar com um atendente humano, por favor");
    return new Escalated(c, team, ticketId, escalationMessage(ticketId));
  }

  /** The escalation the turn published for this ticket. */
  private static String escalationMessage(String ticketId) {
    return eventually(() -> stack.pubsub().published(stack.settings().escalationTopic()).stream()
        .filter(m -> ticketId.equals(m.attributes().get("ticketId"))).findFirst(), java.util.Optional::isPresent)
        .orElseThrow().messageId();
  }
}
