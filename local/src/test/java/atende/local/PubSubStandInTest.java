package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.escalation.EscalationReason;
import atende.escalation.Escalation;
import atende.escalation.EscalationJson;
import atende.escalation.PubSubEscalationPublisher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Pub/Sub stand-in against the real Java {@code Publisher} (gRPC over TCP) and a plain HTTP push
 * endpoint: message ids and attributes, the push body production sends, retry with backoff,
 * dead-lettering after the maximum attempts, and topics that do not exist.
 */
@Timeout(60)
class PubSubStandInTest {
  static final ObjectMapper JSON = new ObjectMapper();

  PubSubStandIn pubsub;
  HttpServer endpoint;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    pubsub = new PubSubStandIn("standin-test");
    endpoint = LoopbackServer.start(exchange -> {
      try (exchange) {
        received.add(JSON.readTree(exchange.getRequestBody()));
        int status = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? 500 : 204;
        exchange.sendResponseHeaders(status, -1);
      }
    });
  }

  @AfterEach
  void stop() {
    pubsub.close();
    endpoint.stop(0);
  }

  URI endpointUrl() {
    return URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/push");
  }

  static Escalation escalation(String id) {
    return new Escalation(id, "ticket-1", "loja", "complaint", "high", List.of(EscalationReason.VIP_COMPLAINT), "run-1",
        Instant.parse("2026-11-20T13:02:11.123Z"), false);
  }

  @Test
  void theRealPublisherPublishesOverGrpcAndThePushCarriesDataAttributesAndDeliveryAttempt() throws Exception {
    pubsub.createTopic("ticket-escalations").createTopic("dead");
    pubsub.pushSubscription("notify", "ticket-escalations", endpointUrl(), PubSubStandIn.Options.deadLetter("dead", 5));

    try (PubSubEscalationPublisher publisher = PubSubEscalationPublisher.create("standin-test", "ticket-escalations",
        Optional.of(pubsub.host()))) {
      String messageId = publisher.publish(escalation("esc-1"));

      assertThat(pubsub.awaitSettled("notify", messageId, Duration.ofSeconds(10))).isEqualTo(PubSubStandIn.State.ACKED);
      PubSubStandIn.Message message = pubsub.message(messageId).orElseThrow();
      assertThat(message.attributes()).containsExactlyInAnyOrderEntriesOf(
          Map.of("ticketId", "ticket-1", "priority", "high", "escalationId", "esc-1"));
      assertThat(EscalationJson.decode(message.data())).contains(escalation("esc-1"));
      assertThat(JSON.readTree(message.data()).path("at").asText()).isEqualTo("2026-11-20T13:02:11.123Z");

      assertThat(received).hasSize(1);
      JsonNode push = received.get(0);
      assertThat(push.path("subscription").asText()).isEqualTo("projects/standin-test/subscriptions/notify");
      assertThat(push.path("deliveryAttempt").asInt()).isEqualTo(1);
      assertThat(push.path("message").path("messageId").asText()).isEqualTo(messageId);
      assertThat(push.path("message").path("attributes").path("escalationId").asText()).isEqualTo("esc-1");
      assertThat(Instant.parse(push.path("message").path("publishTime").asText())).isNotNull();
      byte[] data = Base64.getDecoder().decode(push.path("message").path("data").asText());
      assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(message.dataUtf8());
    }
  }

  @Test
  void failedPushesAreRetriedWithGrowingAttemptsUntilAcknowledged() throws Exception {
    pubsub.createTopic("t").createTopic("dead");
    pubsub.pushSubscription("s", "t", endpointUrl(), PubSubStandIn.Options.deadLetter("dead", 5));
    failuresLeft.set(2);

    String id = pubsub.publish("t", "x".getBytes(StandardCharsets.UTF_8), Map.of());

    assertThat(pubsub.awaitSettled("s", id, Duration.ofSeconds(10))).isEqualTo(PubSubStandIn.State.ACKED);
    assertThat(pubsub.deliveries(id)).extracting(PubSubStandIn.Delivery::attempt, PubSubStandIn.Delivery::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 500),
            org.assertj.core.groups.Tuple.tuple(3, 204));
    assertThat(received).extracting(n -> n.path("deliveryAttempt").asInt()).containsExactly(1, 2, 3);
    assertThat(pubsub.deadLettered("s")).isEmpty();
  }

  @Test
  void afterMaxDeliveryAttemptsTheMessageGoesToTheDeadLetterTopic() throws Exception {
    pubsub.createTopic("t").createTopic("dead");
    pubsub.pushSubscription("s", "t", endpointUrl(), PubSubStandIn.Options.deadLetter("dead", 3));
    failuresLeft.set(Integer.MAX_VALUE);

    String id = pubsub.publish("t", "x".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"));

    assertThat(pubsub.awaitSettled("s", id, Duration.ofSeconds(10))).isEqualTo(PubSubStandIn.State.DEAD_LETTERED);
    assertThat(pubsub.deliveries(id)).hasSize(3);
    assertThat(pubsub.deadLettered("s")).singleElement().satisfies(d -> {
      assertThat(d.attempts()).isEqualTo(3);
      assertThat(d.message().messageId()).isEqualTo(id);
    });
    assertThat(pubsub.published("dead")).singleElement().satisfies(m -> {
      assertThat(m.dataUtf8()).isEqualTo("x");
      assertThat(m.attributes()).containsEntry("k", "v")
          .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", "3")
          .containsEntry("CloudPubSubDeadLetterSourceSubscription", "s");
    });
  }

  @Test
  void withoutDeadLetterPolicyThePushHasNoDeliveryAttempt() throws Exception {
    pubsub.createTopic("followup-tick");
    pubsub.pushSubscription("tick", "followup-tick", endpointUrl(), PubSubStandIn.Options.noDeadLetter());

    String id = pubsub.publish("followup-tick", "{}".getBytes(StandardCharsets.UTF_8), Map.of());

    assertThat(pubsub.awaitSettled("tick", id, Duration.ofSeconds(10))).isEqualTo(PubSubStandIn.State.ACKED);
    assertThat(received).singleElement().satisfies(n -> assertThat(n.has("deliveryAttempt")).isFalse());
  }

  @Test
  void aHeldSubscriptionPushesNothingUntilReleasedAndDeliverAgainPushesOnceMore() throws Exception {
    pubsub.createTopic("t").createTopic("dead");
    pubsub.pushSubscription("s", "t", endpointUrl(), PubSubStandIn.Options.deadLetter("dead", 5));
    pubsub.hold("s", true);

    String id = pubsub.publish("t", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    Thread.sleep(200);
    assertThat(received).isEmpty();

    assertThat(pubsub.deliverAgain("s", id)).isEqualTo(204);
    assertThat(pubsub.deliverAgain("s", id)).isEqualTo(204);
    assertThat(received).extracting(n -> n.path("deliveryAttempt").asInt()).containsExactly(1, 2);
    assertThat(pubsub.state("s", id)).isEqualTo(PubSubStandIn.State.ACKED);
    pubsub.hold("s", false);
    Thread.sleep(200);
    assertThat(received).hasSize(2); // already acknowledged: the held delivery is not pushed
  }

  @Test
  void publishingToAMissingTopicFailsLikePubSub() {
    try (PubSubEscalationPublisher publisher = PubSubEscalationPublisher.create("standin-test", "nope",
        Optional.of(pubsub.host()))) {
      assertThatThrownBy(() -> publisher.publish(escalation("esc-x")))
          .isInstanceOf(PubSubEscalationPublisher.PublishException.class)
          .hasMessageContaining("NOT_FOUND");
    }
  }
}
