package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.Fixtures;
import atende.platform.Firestores;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook contract (docs/design.md "Webhook") through real HTTP, the invoker and the emulator. */
@Timeout(300)
class WebhookContractTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RUN = UUID.randomUUID().toString().substring(0, 6);
  static LocalStack stack;
  static Firestore db;
  static WebhookClient webhook;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    db = stack.firestore();
    webhook = new WebhookClient(stack.webhookUrl(), stack.token());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** Every real payload: its first delivery's answer, then a redelivery's. */
  @ParameterizedTest(name = "{0}: {1}, again: {2}")
  @CsvSource({
      "01-upsert-text-conversation.json, stored, duplicate",
      "02-upsert-image-base64.json, stored, duplicate",
      "03-upsert-audio-ptt-base64.json, stored, duplicate",
      "04-upsert-listresponse-quoted.json, stored, duplicate",
      "05-upsert-text-lid-addressing-buffers-as-objects.json, stored, duplicate",
      "06-upsert-text-cloudapi-channel-wamid.json, stored, duplicate",
      "07-upsert-text-lid-selfchat-serverack.json, stored, duplicate",
      "08-upsert-text-v2.3.7-lid-mode-chatwoot-ids.json, stored, duplicate",
      "09-upsert-image-caption-v2.3.7-long-and-bytes-objects.json, stored, duplicate",
      "10-upsert-image-nocaption-base64-v2.3.7.json, stored, duplicate",
      "11-send-message-v2.3.7.json, human_takeover, duplicate",
      "12-messages-update-delivery-ack-lid-v2.3.7.json, ignored, ignored",
      "13-chats-upsert-lid-v2.3.7.json, ignored, ignored",
      "14-v1.8-upsert-group-lid-participant-senderkeydistribution.json, ignored, ignored",
      "15-v1.8-upsert-group-extendedtext-ephemeral.json, ignored, ignored",
      "16-v1.8-upsert-video-caption-base64-truncated.json, stored, duplicate",
      "17-v1.8-upsert-fromme-text-typed-on-phone.json, human_takeover, duplicate",
      "18-connection-update-close-401.json, ignored, ignored",
      "19-upsert-text-n8n-capture-with-headers.json, stored, duplicate",
      "20-upsert-text-lid-remotejid-senderPn.json, stored, duplicate",
      "21-upsert-group-lid-participant-multiline-text.json, ignored, ignored",
      "22-upsert-fromme-audio-ptt-base64-serverack.json, human_takeover, duplicate",
      "23-messages-update-status-DELETED-after-edit.json, ignored, ignored",
      "24-messages-update-no-status-field-v2.2.3.json, ignored, ignored",
      "25-upsert-reaction-fixture.json, ignored, ignored",
      "26-upsert-edit-wrapped-in-ephemeral-fixture.json, ignored, ignored",
      "27-upsert-ephemeral-extendedtext-fixture.json, stored, duplicate",
      "28-connection-update-UPPERCASE-event-thirdparty-fixture.json, ignored, ignored",
      "29-contacts-update-data-as-object.json, ignored, ignored",
      "30-contacts-update-data-as-array.json, ignored, ignored",
  })
  void everyRealPayloadGetsItsDocumentedAnswer(String fixture, String first, String again) throws Exception {
    String body = fixture(fixture);
    WebhookClient.Reply reply = webhook.post(body);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("status").asText()).isEqualTo(first);
    assertThat(webhook.post(body).body().path("status").asText()).isEqualTo(again);
    if (first.equals("stored")) {
      DocumentSnapshot stored = get("tickets/" + reply.body().path("ticketId").asText() + "/messages/" + reply.body().path("messageId").asText());
      assertThat(stored.getString("direction")).isEqualTo("inbound");
      assertThat(stored.getData().toString()).doesNotContain("base64").doesNotContain("jpegThumbnail");
      if (stored.get("media") != null) {
        assertThat(stored.getString("media.key.id")).as("what a fetch needs").isEqualTo(reply.body().path("messageId").asText());
        assertThat(stored.getString("media.node." + stored.getString("type") + "Message.mimetype")).isNotBlank();
      }
    }
    if (first.equals("human_takeover")) {
      DocumentSnapshot ticket = get("tickets/" + reply.body().path("ticketId").asText());
      assertThat(ticket.getString("status")).isEqualTo("human");
      assertThat(ticket.getBoolean("aiPaused")).isTrue();
    }
  }

  @Test
  void mediaKeepsItsDescriptionButNeverItsBytes() throws Exception {
    String body = fixture("02-upsert-image-base64.json").replace("\"id\"", "\"id\"").replaceFirst("\"instance\":\"[^\"]+\"", "\"instance\":\"media-" + RUN + "\"");
    WebhookClient.Reply reply = webhook.post(body);
    DocumentSnapshot stored = get("tickets/" + reply.body().path("ticketId").asText() + "/messages/" + reply.body().path("messageId").asText());
    assertThat(stored.getString("type")).isEqualTo("image");
    assertThat(stored.getString("media.mimetype")).startsWith("image/");
    String base64 = JSON.readTree(body).path("data").path("message").path("base64").asText();
    assertThat(base64).isNotEmpty();
    assertThat(stored.getData().toString()).doesNotContain(base64.substring(0, Math.min(40, base64.length())));
  }

  /** Each media fixture as captured (bytes cut short) and as Evolution sent it (complete bytes). */
  @Test
  void noDocumentTheWebhookWritesForMediaHoldsItsBytes() throws Exception {
    List<DocumentSnapshot> written = new ArrayList<>();
    for (String fixture : Fixtures.mediaPayloads()) {
      for (byte[] payload : List.of(Fixtures.read(fixture), Fixtures.withCompleteMedia(fixture))) {
        ObjectNode root = (ObjectNode) JSON.readTree(payload);
        String instance = "nobytes-" + Keys.suffix();
        root.put("instance", instance);
        WebhookClient.Reply reply = webhook.post(JSON.writeValueAsString(root));
        assertThat(reply.status()).isEqualTo(200);
        written.addAll(NoBytesInFirestore.writtenFor(db, instance, reply.body().path("ticketId").asText()));
      }
    }
    assertThat(written).extracting(d -> d.getReference().getPath()).anyMatch(path -> path.contains("/messages/"));
    assertThat(NoBytesInFirestore.offences(written)).isEmpty();
  }

  @Test
  void twentyConcurrentFirstMessagesMakeOneCustomerAndOneTicket() throws Exception {
    String instance = "race-" + RUN;
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 20; i++) bodies.add(Payloads.customerText(instance, Keys.messageKey(), "5511955550001", "Rita", "mensagem " + i));
    List<WebhookClient.Reply> replies = concurrently(bodies);
    assertThat(replies).allSatisfy(r -> assertThat(r.body().path("status").asText()).isEqualTo("stored"));
    Set<String> tickets = new HashSet<>();
    replies.forEach(r -> tickets.add(r.body().path("ticketId").asText()));
    assertThat(tickets).hasSize(1);
    assertThat(count(db.collection("tickets").whereEqualTo("instance", instance))).isEqualTo(1);
    assertThat(count(db.collection("customers").whereEqualTo("instance", instance))).isEqualTo(1);
    assertThat(count(db.collection("tickets").document(tickets.iterator().next()).collection("messages")
        .whereEqualTo("direction", "inbound"))).isEqualTo(20);
  }

  @Test
  void tenConcurrentDeliveriesOfOnePayloadStoreItOnce() throws Exception {
    String body = Payloads.customerText("dup-" + RUN, Keys.messageKey(), "5511955550002", "Caio", "Oi, tudo bem?");
    List<WebhookClient.Reply> replies = concurrently(java.util.Collections.nCopies(10, body));
    assertThat(replies).extracting(r -> r.body().path("status").asText())
        .containsOnly("stored", "duplicate")
        .filteredOn("stored"::equals).hasSize(1);
    String ticketId = replies.get(0).body().path("ticketId").asText();
    assertThat(count(db.collection("tickets").document(ticketId).collection("messages").whereEqualTo("direction", "inbound")))
        .isEqualTo(1);
  }

  @Test
  void aMessageAfterResolutionOpensANewTicket() {
    String instance = "reopen-" + RUN;
    String first = webhook.post(Payloads.customerText(instance, Keys.messageKey(), "5511955550003", "Lia", "Oi")).body().path("ticketId").asText();
    Firestores.await(db.collection("tickets").document(first).update("status", "resolved"));
    WebhookClient.Reply next = webhook.post(Payloads.customerText(instance, Keys.messageKey(), "5511955550003", "Lia", "Oi de novo"));
    assertThat(next.body().path("ticketId").asText()).isNotEqualTo(first);
    assertThat(get("tickets/" + next.body().path("ticketId").asText()).getString("status")).isEqualTo("open");
  }

  @Test
  void receiptsMoveOurReplyForwardOnlyEvenWhenAddressedByLid() throws Exception {
    String instance = "receipts-" + RUN;
    String phone = "5511955550004";
    webhook.post(Payloads.customerText(instance, Keys.messageKey(), phone, "Téo", "Quais são os planos disponíveis?"));
    var sent = eventually(() -> stack.evolution().sentTo(phone + "@s.whatsapp.net"), l -> !l.isEmpty()).get(0);
    String update = "{\"event\":\"messages.update\",\"instance\":\"" + instance + "\",\"data\":{\"keyId\":\"" + sent.keyId()
        + "\",\"remoteJid\":\"208734900000001@lid\",\"fromMe\":true,\"status\":\"%s\"}}";
    // Our reply is indexed right after Evolution accepts it; a receipt can only match once it is.
    WebhookClient.Reply delivered = eventually(() -> webhook.post(update.formatted("DELIVERY_ACK")),
        r -> r.body().path("status").asText().equals("status_updated"));
    String path = "tickets/" + delivered.body().path("ticketId").asText() + "/messages/" + delivered.body().path("messageId").asText();
    assertThat(get(path).getString("status")).isEqualTo("delivered");
    webhook.post(update.formatted("SERVER_ACK")); // late and out of order
    assertThat(get(path).getString("status")).isEqualTo("delivered");
    webhook.post(update.formatted("READ"));
    assertThat(get(path).getString("status")).isEqualTo("read");
    DocumentSnapshot ticket = get("tickets/" + delivered.body().path("ticketId").asText());
    assertThat(ticket.getBoolean("aiPaused")).as("our own echo is not a human").isFalse();
  }

  @Test
  void authAcceptsHeaderBearerQueryAndEvolutionJwtAndNothingElse() {
    String body = Payloads.customerText("auth-" + RUN, Keys.messageKey(), "5511955550005", "Ana", "oi");
    URI url = stack.webhookUrl();
    assertThat(send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body))).status()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(url).header("x-atende-token", "wrong").POST(ofString(body))).status()).isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(url).header("authorization", "Bearer " + stack.token()).POST(ofString(body))).status())
        .isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(URI.create(url + "messages-upsert?token=" + stack.token())).POST(ofString(body))).status())
        .isEqualTo(200);
    long now = Instant.now().getEpochSecond();
    assertThat(send(HttpRequest.newBuilder(url).header("authorization", "Bearer " + jwt(now, now + 600, stack.token()))
        .POST(ofString(body))).status()).isEqualTo(200);
    assertThat(send(HttpRequest.newBuilder(url).header("authorization", "Bearer " + jwt(now - 1200, now - 600, stack.token()))
        .POST(ofString(body))).status()).as("expired").isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(url).header("authorization", "Bearer " + jwt(now, now + 600, "other-key"))
        .POST(ofString(body))).status()).as("wrong key").isEqualTo(401);
    assertThat(send(HttpRequest.newBuilder(url).header("x-atende-token", stack.token()).GET()).status()).isEqualTo(405);
  }

  @Test
  void twoHundredHostileBodiesGetA4xxOrAnIgnoreAndWriteNothing() throws Exception {
    long before = storedDocuments();
    List<String> bodies = Hostile.bodies(RUN);
    assertThat(bodies).hasSizeGreaterThanOrEqualTo(200);
    for (String body : bodies) {
      WebhookClient.Reply reply = webhook.post(body);
      assertThat(reply.status()).as(abbreviate(body)).isIn(200, 400);
      if (reply.status() == 200) assertThat(reply.body().path("status").asText()).as(abbreviate(body)).isEqualTo("ignored");
      else assertThat(reply.body().path("error").asText()).isNotBlank();
    }
    byte[] huge = new byte[20 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    WebhookClient.Reply tooLarge = send(HttpRequest.newBuilder(stack.webhookUrl()).header("x-atende-token", stack.token())
        .POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(storedDocuments()).isEqualTo(before);
  }

  private static long storedDocuments() {
    return count(db.collection("tickets")) + count(db.collection("customers")) + count(db.collection("messageKeys"));
  }

  private static String abbreviate(String body) {
    return body.length() > 120 ? body.substring(0, 120) + "…" : body;
  }

  static String fixture(String name) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.read(name));
    if (root.hasNonNull("instance")) root.put("instance", root.path("instance").asText() + "-" + RUN);
    return JSON.writeValueAsString(root);
  }

  static String jwt(long iat, long exp, String key) {
    try {
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
      String claims = b64.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"app\":\"evolution\",\"action\":\"webhook\"}")
          .getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return header + "." + claims + "." + b64.encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.BodyPublisher ofString(String body) {
    return HttpRequest.BodyPublishers.ofString(body);
  }

  private static WebhookClient.Reply send(HttpRequest.Builder request) {
    return webhook.send(request.header("content-type", "application/json"));
  }

  private static List<WebhookClient.Reply> concurrently(List<String> bodies) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(bodies.size())) {
      List<Future<WebhookClient.Reply>> futures = bodies.stream().map(b -> pool.submit(() -> webhook.post(b))).toList();
      List<WebhookClient.Reply> replies = new ArrayList<>();
      for (Future<WebhookClient.Reply> f : futures) replies.add(f.get());
      return replies;
    }
  }

  static long count(com.google.cloud.firestore.Query query) {
    return Firestores.await(query.count().get()).getCount();
  }

  static DocumentSnapshot get(String path) {
    return Firestores.await(db.document(path).get());
  }
}
