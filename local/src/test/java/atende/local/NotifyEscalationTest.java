package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.escalation.EscalationReason;
import atende.agent.ReplyTemplates;
import atende.escalation.Escalation;
import atende.escalation.PubSubEscalationPublisher;
import atende.functions.EvolutionWebhook;
import atende.functions.NotifyEscalation;
import atende.platform.Firestores;
import atende.platform.ContactIds;
import atende.platform.Ids;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.sun.net.httpserver.HttpServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Escalation notices end to end: the real Pub/Sub {@code Publisher} publishes into {@link PubSubStandIn}
 * over gRPC, the stand-in pushes to {@code NotifyEscalation} under the Functions Framework invoker the way
 * a push subscription with a dead-letter policy does, the notifier reads and writes the Firestore
 * emulator, sends through the Evolution stand-in (whose {@code send.message} echoes reach the real
 * webhook) and posts to a local CRM endpoint that checks the signature.
 */
@Timeout(180)
class NotifyEscalationTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOPIC = "ticket-escalations";
  static final String DEAD_LETTER = "ticket-escalations-dead-letter";
  static final String SUBSCRIPTION = "ticket-escalations-notify";
  static final int MAX_ATTEMPTS = 5;
  static final String CRM_SECRET = "crm-test-secret";

  record CrmCall(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  static EvolutionStandIn evolution;
  static PubSubStandIn pubsub;
  static FunctionHost notify;
  static FunctionHost webhook;
  static HttpServer crm;
  static final List<CrmCall> crmCalls = new CopyOnWriteArrayList<>();
  static final AtomicInteger crmFailuresLeft = new AtomicInteger();
  static Firestore db;
  static PubSubEscalationPublisher publisher;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    evolution = new EvolutionStandIn();
    crm = LoopbackServer.start(exchange -> {
      try (exchange) {
        crmCalls.add(new CrmCall(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
        exchange.sendResponseHeaders(crmFailuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? 503 : 200, -1);
      }
    });
    pubsub = new PubSubStandIn(Settings.fromEnvironment().projectId());
    Settings settings = LocalStack.settings(Map.of(
        "FIRESTORE_EMULATOR_HOST", Emulator.shared().host(),
        "EVOLUTION_API_URL", evolution.url().toString(),
        "EVOLUTION_API_KEY", evolution.apiKey(),
        "ATENDE_WEBHOOK_TOKEN", LocalStack.LOCAL_TOKEN,
        "CRM_WEBHOOK_URL", "http://127.0.0.1:" + crm.getAddress().getPort() + "/hooks/atende",
        "CRM_WEBHOOK_SECRET", CRM_SECRET,
        "PUBSUB_EMULATOR_HOST", pubsub.host(),
        "ATENDE_NOTIFY_MAX_ATTEMPTS", String.valueOf(MAX_ATTEMPTS)));

    notify = FunctionHost.http(new NotifyEscalation(settings), 0);
    webhook = FunctionHost.http(new EvolutionWebhook(settings), 0);
    evolution.echoTo(webhook.url().resolve("/webhook/evolution/send-message"), LocalStack.LOCAL_TOKEN);
    pubsub.createTopic(TOPIC).createTopic(DEAD_LETTER);
    pubsub.pushSubscription(SUBSCRIPTION, TOPIC, notify.url(), PubSubStandIn.Options.deadLetter(DEAD_LETTER, MAX_ATTEMPTS));

    db = Firestores.client(settings);
    publisher = PubSubEscalationPublisher.shared(settings);
  }

  @AfterAll
  static void stop() {
    if (publisher != null) publisher.close();
    for (AutoCloseable part : new AutoCloseable[] {notify, webhook, pubsub, evolution}) {
      try {
        if (part != null) part.close();
      } catch (Exception ignored) {
        // keep closing
      }
    }
    if (crm != null) crm.stop(0);
  }

  @BeforeEach
  void reset() {
    crmCalls.clear();
    crmFailuresLeft.set(0);
  }

  // ------------------------------------------------------------------------------------ scenario

  /** One escalated conversation: an instance with two team targets, a customer, a ticket and its messages. */
  record Case(String instance, String teamNumber, String teamGroup, String phone, String customerJid, String ticketId,
      String runId, String escalationId) {

    Escalation escalation(boolean customerNotified) {
      return new Escalation(escalationId, ticketId, instance, "complaint", "high",
          List.of(EscalationReason.VIP_COMPLAINT, EscalationReason.NEGATIVE_SENTIMENT), runId, Instant.parse("2026-11-20T17:02:30Z"), customerNotified);
    }
  }

  /** The stack's customer ids: no ATENDE_ID_KEY is configured here, so the development key. */
  static final ContactIds CUSTOMER_IDS = new ContactIds(() -> ContactIds.DEV_KEY);

  static Case seed(String... extraTargets) {
    String suffix = Keys.suffix();
    String instance = "esc-" + suffix;
    String phone = "55119" + String.format("%08d", Math.abs(suffix.hashCode()) % 100_000_000);
    String teamNumber = "5511900" + String.format("%06d", Math.abs((suffix + "t").hashCode()) % 1_000_000);
    String teamGroup = "1203630" + String.format("%011d", Math.abs((suffix + "g").hashCode())) + "@g.us";
    String customerId = CUSTOMER_IDS.customer(instance, phone);
    String ticketPrefix = Ids.ticketPrefix(instance);
    String ticketId = Ids.ticket(ticketPrefix, 1);
    String runId = ticketId + "_m3";
    Case c = new Case(instance, teamNumber, teamGroup, phone, phone + "@s.whatsapp.net", ticketId, runId, runId);

    List<String> targets = new ArrayList<>(List.of(teamNumber, teamGroup));
    targets.addAll(List.of(extraTargets));
    await(db.document("instances/" + instance).set(Map.of("escalationTargets", targets)));
    await(db.document("customers/" + customerId).set(Map.of("instance", instance, "jid", c.customerJid(), "phone", phone,
        "name", "Carlos Mendes", "tier", "vip", "ticketPrefix", ticketPrefix, "ticketSeq", 1L, "openTicketId", ticketId)));
    Map<String, Object> ticket = new HashMap<>();
    ticket.put("instance", instance);
    ticket.put("customerId", customerId);
    ticket.put("customerJid", c.customerJid());
    ticket.put("customerPhone", phone);
    ticket.put("customerName", "Carlos Mendes");
    ticket.put("sequence", 1L);
    ticket.put("status", "escalated");
    ticket.put("aiPaused", false);
    ticket.put("category", "complaint");
    ticket.put("priority", "high");
    ticket.put("updatedAt", ts("2026-11-20T17:02:30Z"));
    ticket.put("escalation", Map.of("required", true, "reasons", List.of("vip_complaint", "negative_sentiment"),
        "at", ts("2026-11-20T17:02:30Z"), "runId", runId));
    await(db.document("tickets/" + ticketId).set(ticket));
    message(ticketId, "m1", "customer", "inbound", "O sistema caiu de novo hoje de manhã.", "2026-11-20T16:50:00Z");
    message(ticketId, "m2", "ai", "outbound", "Sinto muito pelo transtorno. Já estamos verificando.", "2026-11-20T16:50:10Z");
    message(ticketId, "m3", "customer", "inbound", "Estou muito insatisfeito, é a terceira vez que o sistema cai essa semana!",
        "2026-11-20T17:02:00Z");
    return c;
  }

  static void message(String ticketId, String id, String author, String direction, String text, String at) {
    await(db.document("tickets/" + ticketId + "/messages/" + id).set(Map.of("author", author, "direction", direction,
        "type", "text", "text", text, "status", "inbound".equals(direction) ? "answered" : "sent", "createdAt", ts(at))));
  }

  static Timestamp ts(String iso) {
    Instant i = Instant.parse(iso);
    return Timestamp.ofTimeSecondsAndNanos(i.getEpochSecond(), i.getNano());
  }

  static <T> T await(java.util.concurrent.Future<T> future) {
    return Firestores.await(future);
  }

  static DocumentSnapshot get(String path) {
    return await(db.document(path).get());
  }

  static PubSubStandIn.State settle(String messageId) throws InterruptedException {
    return pubsub.awaitSettled(SUBSCRIPTION, messageId, Duration.ofSeconds(60));
  }

  static int sendsTo(String number) {
    return evolution.sentTo(number).size();
  }

  static String hmacHex(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  // ------------------------------------------------------------------------------------ tests

  @Test
  void anEscalationNotifiesEachTargetOnceHandsOffTheCustomerOnceAndPostsASignedCrmWebhook() throws Exception {
    Case c = seed();
    String messageId = publisher.publish(c.escalation(false));

    assertThat(settle(messageId)).isEqualTo(PubSubStandIn.State.ACKED);
    assertThat(pubsub.message(messageId).orElseThrow().attributes()).containsAllEntriesOf(
        Map.of("ticketId", c.ticketId(), "priority", "high", "escalationId", c.escalationId()));
    assertThat(pubsub.deliveries(messageId)).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(200));

    // The team: one notice per target, with who, what, how urgent, why, the last messages and the ticket.
    assertThat(evolution.sentTo(c.teamNumber())).singleElement().satisfies(s -> {
      assertThat(s.instance()).isEqualTo(c.instance());
      assertThat(s.text())
          .contains("Carlos Mendes (" + atende.platform.Log.mask(c.phone()) + ")")
          .contains("*Categoria:* Reclamação").contains("*Prioridade:* Alta")
          .contains("*Motivos:* cliente VIP insatisfeito; sentimento negativo")
          .contains("*Ticket:* " + c.ticketId())
          .contains("[20/11 13:50] Cliente: O sistema caiu de novo hoje de manhã.")
          .contains("[20/11 13:50] IA: Sinto muito pelo transtorno. Já estamos verificando.")
          .contains("[20/11 14:02] Cliente: Estou muito insatisfeito, é a terceira vez que o sistema cai essa semana!")
          // Masked where it is shown as the customer's number (the ticket id, by design, still carries it).
          .doesNotContain("(" + c.phone() + ")");
    });
    assertThat(evolution.sentTo(c.teamGroup())).singleElement()
        .satisfies(s -> assertThat(s.text()).isEqualTo(evolution.sentTo(c.teamNumber()).get(0).text()));
    System.out.println("team notice:\n" + evolution.sentTo(c.teamNumber()).get(0).text());

    // The customer: exactly one handoff message, recorded on the ticket as ours.
    assertThat(evolution.sentTo(c.customerJid())).singleElement()
        .satisfies(s -> assertThat(s.text()).isEqualTo(ReplyTemplates.humanHandoff("Carlos Mendes")));
    DocumentSnapshot handoff = get("tickets/" + c.ticketId() + "/messages/handoff-" + c.escalationId());
    assertThat(handoff.getString("author")).isEqualTo("system");
    assertThat(handoff.getString("direction")).isEqualTo("outbound");
    assertThat(handoff.getString("evolutionKeyId")).isEqualTo(evolution.sentTo(c.customerJid()).get(0).keyId());
    assertThat(handoff.getString("status")).isIn("sent", "delivered", "read");

    // The CRM: one POST whose signature is the HMAC-SHA256 of the exact body.
    assertThat(crmCalls).hasSize(1);
    CrmCall call = crmCalls.get(0);
    assertThat(call.header("X-Atende-Signature")).isEqualTo("sha256=" + hmacHex(CRM_SECRET, call.body()));
    assertThat(call.header("content-type")).isEqualTo("application/json");
    JsonNode payload = JSON.readTree(call.body());
    assertThat(payload.path("event").asText()).isEqualTo("ticket.escalated");
    assertThat(payload.path("escalationId").asText()).isEqualTo(c.escalationId());
    assertThat(payload.path("ticketId").asText()).isEqualTo(c.ticketId());
    assertThat(payload.path("customer").path("phone").asText()).isEqualTo(c.phone());
    assertThat(payload.path("lastMessages")).hasSize(3);

    // Recorded: every channel sent once, notifiedAt on the escalation and on the ticket.
    DocumentSnapshot escalation = get("escalations/" + c.escalationId());
    assertThat(escalation.getTimestamp("notifiedAt")).isNotNull();
    assertThat(escalation.getString("ticketId")).isEqualTo(c.ticketId());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) escalation.get("channels");
    assertThat(channels).hasSize(4).containsKeys("customer", "crm", "team_" + c.teamNumber());
    assertThat(channels.values()).allSatisfy(ch -> {
      assertThat(ch.get("status")).isEqualTo("sent");
      assertThat(ch.get("attempts")).isEqualTo(1L);
    });
    DocumentSnapshot ticket = get("tickets/" + c.ticketId());
    assertThat(ticket.getTimestamp("escalation.notifiedAt")).isNotNull();
    assertThat(ticket.getBoolean("escalation.notifyFailed")).isNull();
    assertThat(ticket.getString("escalation.escalationId")).isEqualTo(c.escalationId());

    // The echoes reached the webhook: the handoff is known as ours, the team chat opened no ticket.
    Thread.sleep(300);
    assertThat(get("tickets/" + c.ticketId()).getString("status")).isEqualTo("escalated");
    assertThat(get("tickets/" + c.ticketId()).getBoolean("aiPaused")).isFalse();
    assertThat(get("customers/" + CUSTOMER_IDS.customer(c.instance(), c.teamNumber())).exists()).isFalse();
  }

  @Test
  void theTeamAnsweringANoticeInItsOwnChatIsNotACustomer() {
    Case c = seed();
    WebhookClient client = new WebhookClient(webhook.url().resolve("/webhook/evolution"), LocalStack.LOCAL_TOKEN);
    WebhookClient.Reply reply = client.post(Payloads.customerText(c.instance(), "3EB0TEAM" + c.phone(), c.teamNumber(),
        "Supervisora", "Pego esse, obrigado"));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("status").asText()).isEqualTo("ignored");
    assertThat(get("customers/" + CUSTOMER_IDS.customer(c.instance(), c.teamNumber())).exists()).isFalse();
  }

  @Test
  void theSameMessageDeliveredAgainSendsNothingTwice() throws Exception {
    Case c = seed();
    // The AI turn's escalation: its holding reply already told the customer.
    String messageId = publisher.publish(new Escalation(c.escalationId(), c.ticketId(), c.instance(), "complaint", "high",
        List.of(EscalationReason.CUSTOMER_REQUESTED_HUMAN), c.runId(), Instant.now()));
    assertThat(settle(messageId)).isEqualTo(PubSubStandIn.State.ACKED);

    assertThat(pubsub.deliverAgain(SUBSCRIPTION, messageId)).isEqualTo(200);
    assertThat(pubsub.deliverAgain(SUBSCRIPTION, messageId)).isEqualTo(200);
    List<Future<Integer>> concurrent = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      for (int i = 0; i < 3; i++) concurrent.add(pool.submit(() -> pubsub.deliverAgain(SUBSCRIPTION, messageId)));
      for (Future<Integer> f : concurrent) assertThat(f.get()).isEqualTo(200);
    }

    assertThat(sendsTo(c.teamNumber())).isEqualTo(1);
    assertThat(sendsTo(c.teamGroup())).isEqualTo(1);
    assertThat(sendsTo(c.customerJid())).as("the AI already told the customer").isZero();
    assertThat(crmCalls).hasSize(1);
    assertThat(get("tickets/" + c.ticketId() + "/messages/handoff-" + c.escalationId()).exists()).isFalse();
    DocumentSnapshot ticket = get("tickets/" + c.ticketId());
    assertThat(ticket.getTimestamp("escalation.notifiedAt")).isNotNull();
    assertThat(ticket.getTimestamp("updatedAt")).as("marking the ticket notified is our write: it moves updatedAt")
        .isGreaterThan(ts("2026-11-20T17:02:30Z"));
  }

  @Test
  void concurrentFirstDeliveriesSendEachChannelOnce() throws Exception {
    Case c = seed();
    pubsub.hold(SUBSCRIPTION, true);
    String messageId;
    List<Integer> statuses = new CopyOnWriteArrayList<>();
    try {
      messageId = publisher.publish(c.escalation(false));
      CountDownLatch go = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          all.add(pool.submit(() -> {
            go.await();
            statuses.add(pubsub.deliverAgain(SUBSCRIPTION, messageId));
            return null;
          }));
        }
        go.countDown();
        for (Future<?> f : all) f.get();
      }
    } finally {
      pubsub.hold(SUBSCRIPTION, false);
    }
    // A delivery that finds a send claimed by another one answers 503 (retry later), never sends it again.
    assertThat(statuses).allSatisfy(s -> assertThat(s).isIn(200, 503));
    assertThat(settle(messageId)).isEqualTo(PubSubStandIn.State.ACKED);

    assertThat(sendsTo(c.teamNumber())).isEqualTo(1);
    assertThat(sendsTo(c.teamGroup())).isEqualTo(1);
    assertThat(sendsTo(c.customerJid())).isEqualTo(1);
    assertThat(crmCalls).hasSize(1);
    assertThat(get("escalations/" + c.escalationId()).getTimestamp("notifiedAt")).isNotNull();
  }

  @Test
  void aFailedSendIsRetriedThroughRedeliveryAndOnlyThatChannelIsSentAgain() throws Exception {
    Case c = seed();
    evolution.failNext(new EvolutionStandIn.Failure(500,
        "{\"status\":500,\"error\":\"Internal Server Error\",\"response\":{\"message\":\"Connection Closed\"}}"));
    crmFailuresLeft.set(1);

    String messageId = publisher.publish(c.escalation(false));

    assertThat(settle(messageId)).isEqualTo(PubSubStandIn.State.ACKED);
    assertThat(pubsub.deliveries(messageId)).extracting(PubSubStandIn.Delivery::attempt, PubSubStandIn.Delivery::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 500), org.assertj.core.groups.Tuple.tuple(2, 200));
    // Every recipient got exactly one message: what succeeded the first time was not sent again.
    assertThat(sendsTo(c.teamNumber())).isEqualTo(1);
    assertThat(sendsTo(c.teamGroup())).isEqualTo(1);
    assertThat(sendsTo(c.customerJid())).isEqualTo(1);
    assertThat(crmCalls).hasSize(2);

    DocumentSnapshot escalation = get("escalations/" + c.escalationId());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) escalation.get("channels");
    assertThat(channels.values()).allSatisfy(ch -> assertThat(ch.get("status")).isEqualTo("sent"));
    assertThat(channels.get("crm").get("attempts")).isEqualTo(2L);
    assertThat(channels.values().stream().filter(ch -> Long.valueOf(2L).equals(ch.get("attempts"))).count())
        .as("the crm and the one WhatsApp send that failed").isEqualTo(2);
    assertThat(escalation.getTimestamp("notifiedAt")).isNotNull();
    assertThat(get("tickets/" + c.ticketId()).getTimestamp("escalation.notifiedAt")).isNotNull();
  }

  @Test
  void aTargetThatAlwaysFailsEndsInTheDeadLetterTopicAndTheTicketShowsItUntilAReplaySucceeds() throws Exception {
    String wrongNumber = "5511000000000";
    Case c = seed(wrongNumber);
    evolution.failAlways(wrongNumber, new EvolutionStandIn.Failure(400,
        "{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":[{\"jid\":\"" + wrongNumber
            + "@s.whatsapp.net\",\"exists\":false,\"number\":\"" + wrongNumber + "\"}]}}"));
    try {
      String messageId = publisher.publish(c.escalation(false));

      assertThat(settle(messageId)).isEqualTo(PubSubStandIn.State.DEAD_LETTERED);
      assertThat(pubsub.deliveries(messageId)).hasSize(MAX_ATTEMPTS).allSatisfy(d -> assertThat(d.status()).isEqualTo(500));
      assertThat(pubsub.deadLettered(SUBSCRIPTION)).anySatisfy(d -> assertThat(d.message().messageId()).isEqualTo(messageId));
      assertThat(pubsub.published(DEAD_LETTER)).anySatisfy(m ->
          assertThat(m.attributes()).containsEntry("escalationId", c.escalationId())
              .containsEntry("CloudPubSubDeadLetterSourceDeliveryCount", String.valueOf(MAX_ATTEMPTS)));

      DocumentSnapshot ticket = get("tickets/" + c.ticketId());
      assertThat(ticket.getBoolean("escalation.notifyFailed")).isTrue();
      assertThat(ticket.getString("escalation.notifyError")).contains("not on WhatsApp");
      assertThat(ticket.getTimestamp("escalation.notifiedAt")).isNull();
      DocumentSnapshot escalation = get("escalations/" + c.escalationId());
      assertThat(escalation.getBoolean("notifyFailed")).isTrue();
      assertThat(escalation.getString("channels.team_" + wrongNumber + ".status")).isEqualTo("failed");
      assertThat(escalation.getLong("channels.team_" + wrongNumber + ".attempts")).isEqualTo((long) MAX_ATTEMPTS);
      // The working channels were sent once, not on every retry.
      assertThat(sendsTo(c.teamNumber())).isEqualTo(1);
      assertThat(sendsTo(c.customerJid())).isEqualTo(1);
      assertThat(crmCalls).hasSize(1);

      // The operator fixes the target and republishes the dead-lettered message (docs/deploy.md).
      evolution.stopFailing(wrongNumber);
      PubSubStandIn.Message dead = pubsub.deadLettered(SUBSCRIPTION).stream()
          .filter(d -> d.message().messageId().equals(messageId)).findFirst().orElseThrow().message();
      String replay = pubsub.publish(TOPIC, dead.data(), dead.attributes());
      assertThat(settle(replay)).isEqualTo(PubSubStandIn.State.ACKED);
      assertThat(sendsTo(wrongNumber)).isEqualTo(1);
      assertThat(sendsTo(c.teamNumber())).isEqualTo(1);
      assertThat(sendsTo(c.customerJid())).isEqualTo(1);
      ticket = get("tickets/" + c.ticketId());
      assertThat(ticket.getBoolean("escalation.notifyFailed")).isFalse();
      assertThat(ticket.getTimestamp("escalation.notifiedAt")).isNotNull();
    } finally {
      evolution.stopFailing(wrongNumber);
    }
  }

  @Test
  void aSendClaimedByADeliveryThatDiedIsTakenOverOnceItIsStale() throws Exception {
    Case c = seed();
    // A previous run claimed the CRM post and was killed before recording what happened.
    await(db.document("escalations/" + c.escalationId() + "/sends/crm-1").set(Map.of("channel", "crm", "attempt", 1,
        "claimedAt", Timestamp.ofTimeSecondsAndNanos(Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond(), 0))));

    String messageId = publisher.publish(c.escalation(true));

    assertThat(settle(messageId)).isEqualTo(PubSubStandIn.State.ACKED);
    assertThat(pubsub.deliveries(messageId)).extracting(PubSubStandIn.Delivery::status).containsExactly(500, 200);
    assertThat(crmCalls).hasSize(1);
    assertThat(sendsTo(c.teamNumber())).isEqualTo(1);
    DocumentSnapshot escalation = get("escalations/" + c.escalationId());
    assertThat(escalation.getLong("channels.crm.attempts")).isEqualTo(2L);
    assertThat(escalation.getTimestamp("notifiedAt")).isNotNull();
  }

  @Test
  void malformedOrUnknownMessagesAreAcknowledgedAndWriteNothing() throws Exception {
    String absentTicket = "nobody_" + Keys.suffix() + "-1";
    String unknownEscalation = Base64.getEncoder().encodeToString(
        ("{\"escalationId\":\"" + absentTicket + "_r\",\"ticketId\":\"" + absentTicket + "\"}").getBytes(StandardCharsets.UTF_8));
    for (String body : List.of("", "{", "[]", "{\"message\":{}}", "{\"message\":{\"messageId\":\"1\",\"data\":\"!!\"}}",
        "{\"message\":{\"messageId\":\"2\",\"data\":\"" + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8)) + "\"}}",
        "{\"message\":{\"messageId\":\"3\",\"attributes\":{\"escalationId\":\"never-published\"}}}",
        "{\"message\":{\"messageId\":\"4\",\"data\":\"" + unknownEscalation + "\"},\"deliveryAttempt\":1}")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(notify.url())
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(body).isBetween(200, 299);
    }
    assertThat(get("escalations/never-published").exists()).isFalse();
    assertThat(get("escalations/" + absentTicket + "_r").exists()).isFalse();

    // Through Pub/Sub too: acknowledged on the first delivery, never retried.
    String id = pubsub.publish(TOPIC, "not json".getBytes(StandardCharsets.UTF_8), Map.of("escalationId", "x"));
    assertThat(settle(id)).isEqualTo(PubSubStandIn.State.ACKED);
    assertThat(pubsub.deliveries(id)).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(204));

    HttpResponse<String> get = http.send(HttpRequest.newBuilder(notify.url()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }
}
