package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.EvolutionClient;
import atende.evolution.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Media through the whole local stack with Gemini configured (express mode, against the Vertex
 * stand-in), on the deployed path: the webhook keeps payload bytes in the media bucket through the real
 * Cloud Storage client ({@link CloudStorageStandIn}), the AI turn fetches the bytes a payload lacked
 * from Evolution ({@code getBase64FromMediaMessage} on the {@link EvolutionStandIn}) into the same
 * bucket, sends them inline in the one call and stores what was heard or seen. Every real media payload
 * with its bytes and without; Evolution and Cloud Storage failing; no byte ever in Firestore.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaTurnTest {
  static final String HEARD = "Preciso da segunda via do boleto de março.";
  static final String REPLY = "Claro, Maria! Já vou te mandar a segunda via do boleto de março.";
  static final String VOICE_NOTE = "03-upsert-audio-ptt-base64.json";
  static final String FROM_ME_VOICE_NOTE = "22-upsert-fromme-audio-ptt-base64-serverack.json";
  /** The honest reply to a voice note nobody could hear (ReplyTemplates.mediaNotUnderstood). */
  static final String[] HONEST_AUDIO = {"Recebi seu áudio", "não consigo ouvi-lo", "escrever em texto"};

  static FakeVertex vertex;
  static LocalStack stack;
  static EvolutionStandIn evolution;
  static CloudStorageStandIn storage;
  /** Every conversation the tests had: the last test scans what each wrote for bytes. */
  static final List<Written> written = new CopyOnWriteArrayList<>();

  record Written(String instance, String ticketId) {}

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    evolution = stack.evolution();
    storage = stack.storage();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @BeforeEach
  void model() {
    vertex.reset();
    vertex.decider(request -> (ObjectNode) FakeVertex.decision("commercial", "medium", "neutral", REPLY)
        .set("mediaText", FakeVertex.heard(request, HEARD)));
  }

  /** The media payloads a customer sends; fixture 22 is the business phone's own (a takeover, below). */
  static List<String> customerMedia() {
    return Fixtures.mediaPayloads().stream().filter(f -> !f.equals(FROM_ME_VOICE_NOTE)).toList();
  }

  @Test
  @Order(1)
  void everyMediaPayloadWithItsBytesIsKeptByTheWebhookAndUnderstoodByTheTurn() {
    int fetchesBefore = evolution.mediaRequests().size();
    Map<String, Delivered> delivered = deliverEach(customerMedia(), Fixtures::withCompleteMedia);

    delivered.forEach((fixture, d) -> {
      DocumentSnapshot message = d.finished();
      assertThat(message.getString("status")).as(fixture).isEqualTo("answered");
      assertThat(message.getString("mediaText")).as(fixture).isEqualTo(HEARD);
      assertThat(message.getLong("media.tokens")).as(fixture).isPositive();
      assertThat(message.getLong("media.storeMs")).as(fixture).isNotNegative();
      assertThat(message.get("media.fetchMs")).as(fixture + ": the webhook had the bytes").isNull();
      assertThat(storedBytes(message)).as(fixture).isEqualTo(Fixtures.completeMediaBytes(fixture));
      assertThat(d.conversation().sentInInstance()).extracting(EvolutionStandIn.Sent::text).as(fixture).containsExactly(REPLY);
    });
    assertThat(vertex.calls()).isEqualTo(delivered.size());
    assertThat(evolution.mediaRequests()).as("nothing fetched").hasSize(fetchesBefore);
  }

  @Test
  @Order(2)
  void everyMediaPayloadWithoutItsBytesIsFetchedFromEvolutionByTheTurnAndUnderstood() {
    for (String fixture : customerMedia()) evolution.registerMedia(keyId(fixture), Fixtures.completeMediaBytes(fixture));
    // The captured payloads' base64 is cut short: the webhook keeps no bytes, the turn must fetch them.
    Map<String, Delivered> delivered = deliverEach(customerMedia(), Fixtures::read);

    delivered.forEach((fixture, d) -> {
      DocumentSnapshot message = d.finished();
      assertThat(message.getString("status")).as(fixture).isEqualTo("answered");
      assertThat(message.getString("mediaText")).as(fixture).isEqualTo(HEARD);
      assertThat(message.get("media.storeMs")).as(fixture + ": the webhook had no bytes").isNull();
      assertThat(message.getLong("media.fetchMs")).as(fixture).isNotNegative();
      assertThat(storedBytes(message)).as(fixture).isEqualTo(Fixtures.completeMediaBytes(fixture));
      assertThat(evolution.mediaRequests()).as(fixture)
          .anyMatch(r -> r.path("message").path("key").path("id").asText().equals(keyId(fixture)));
      assertThat(d.conversation().sentInInstance()).extracting(EvolutionStandIn.Sent::text).as(fixture).containsExactly(REPLY);
    });
    assertThat(vertex.calls()).isEqualTo(delivered.size());
  }

  @Test
  @Order(3)
  void aVoiceNoteAndATextAreAnsweredOnceWithBothUnderstood() {
    Conversation c = conversation("voice", 2);
    String voiceKey = Keys.messageKey();
    evolution.registerMedia(voiceKey, OggOpus.voiceNote(5));

    String ticketId = c.customerSendsVoiceNote(voiceKey, 5);
    c.customerSays("é urgente, vence amanhã");
    List<QueryDocumentSnapshot> burst = c.awaitFinished(ticketId, 2);
    c.settle();
    written.add(new Written(c.instance, ticketId));

    assertThat(c.sent()).extracting(EvolutionStandIn.Sent::text).containsExactly(REPLY);
    assertThat(vertex.calls()).isEqualTo(1);
    FakeVertex.Request request = vertex.lastRequest();
    assertThat(inlineParts(request)).extracting(p -> p.path("mimeType").asText()).containsExactly("audio/ogg");
    assertThat(request.textOf("user")).contains("[mídia m1: áudio de 5 s do cliente]", "é urgente, vence amanhã");
    DocumentSnapshot voice = burst.stream().filter(m -> m.getId().equals(voiceKey)).findFirst().orElseThrow();
    assertThat(voice.getString("mediaText")).isEqualTo(HEARD);
    assertThat(voice.getLong("media.tokens")).as("5 s at 32 tokens a second").isEqualTo(160);
    assertThat(voice.getLong("media.fetchMs")).as("the fetch and upload, timed").isNotNegative();
    assertThat(voice.getString("media.mimetype")).isEqualTo("audio/ogg; codecs=opus");
    assertThat(storedBytes(voice)).isEqualTo(OggOpus.voiceNote(5));
    assertThat(burst).extracting(m -> m.getString("status")).containsOnly("answered");
    assertThat(evolution.mediaRequests()).filteredOn(r -> r.path("message").path("key").path("id").asText().equals(voiceKey)).hasSize(1);
  }

  @Test
  @Order(4)
  void whenEvolutionOrCloudStorageFailEveryMediaMessageIsStillAnsweredHonestly() {
    // Slow beyond the client's timeout: started first, so the other failures play out while it waits.
    Conversation slow = conversation("slow", 0);
    String slowKey = Keys.messageKey();
    evolution.registerMedia(slowKey, OggOpus.voiceNote(6));
    evolution.delayMedia(EvolutionClient.MEDIA_TIMEOUT.plusSeconds(1));
    long slowSent = System.nanoTime();
    String slowTicket = slow.customerSendsVoiceNote(slowKey, 6);
    Harness.eventually(evolution::mediaRequests, rs -> rs.stream().anyMatch(r -> r.path("message").path("key").path("id").asText().equals(slowKey)));
    evolution.delayMedia(Duration.ZERO);

    // Evolution no longer has the message (400), or its instance is not loaded (500).
    evolution.failNextMedia(EvolutionStandIn.mediaNotFound());
    assertHonestAudioReply(voiceNoteEvolutionHas("gone"));
    evolution.failNextMedia(EvolutionStandIn.mediaServerError());
    assertHonestAudioReply(voiceNoteEvolutionHas("down"));

    // Cloud Storage refuses the turn's upload of what it fetched (GcsMediaStorage tries 4 times).
    storage.failNext(503, 4);
    try {
      assertHonestAudioReply(voiceNoteEvolutionHas("nobucket"));
    } finally {
      storage.clearScript();
    }

    // Cloud Storage refuses the webhook's upload: nothing lost, the turn fetches the bytes from Evolution.
    evolution.registerMedia(keyId(VOICE_NOTE), Fixtures.completeMediaBytes(VOICE_NOTE));
    Conversation stored = conversation("storeerror", 0);
    storage.failNext(503, 4);
    String storedTicket;
    try {
      storedTicket = stored.delivers(Fixtures.withCompleteMedia(VOICE_NOTE));
    } finally {
      storage.clearScript();
    }
    written.add(new Written(stored.instance, storedTicket));
    DocumentSnapshot recovered = stored.awaitFinished(storedTicket, 1).get(0);
    assertThat(recovered.getString("media.storeError")).contains("503");
    assertThat(recovered.getString("status")).isEqualTo("answered");
    assertThat(recovered.getString("mediaText")).isEqualTo(HEARD);
    assertThat(recovered.getLong("media.fetchMs")).isNotNegative();
    assertThat(storedBytes(recovered)).isEqualTo(Fixtures.completeMediaBytes(VOICE_NOTE));
    assertThat(stored.sentInInstance()).extracting(EvolutionStandIn.Sent::text).containsExactly(REPLY);

    written.add(new Written(slow.instance, slowTicket));
    DocumentSnapshot timedOut = slow.awaitFinished(slowTicket, 1, EvolutionClient.MEDIA_TIMEOUT.plusSeconds(30)).get(0);
    assertThat(Duration.ofNanos(System.nanoTime() - slowSent)).as("the turn waited out the fetch").isGreaterThan(EvolutionClient.MEDIA_TIMEOUT);
    assertHonestAudioReply(slow, timedOut);
    assertThat(vertex.calls()).as("only the recovered voice note went to the model").isEqualTo(1);
  }

  @Test
  @Order(5)
  void aVoiceNoteFromTheBusinessPhoneIsATakeoverNotSomethingToTranscribe() {
    Conversation c = conversation("voice-op", 0);
    String customerPhone = Fixtures.message(FROM_ME_VOICE_NOTE).phone();
    int fetchesBefore = evolution.mediaRequests().size();
    String ticketId = c.delivers(Payloads.customerText(c.instance, Keys.messageKey(), customerPhone, "Cliente", "Oi, preciso de ajuda com a fatura")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Harness.eventually(c::sentInInstance, sent -> sent.size() == 1);

    c.delivers(Fixtures.withCompleteMedia(FROM_ME_VOICE_NOTE));
    c.awaitTicket(ticketId, t -> "human".equals(t.getString("status")));
    c.settle();
    written.add(new Written(c.instance, ticketId));

    assertThat(vertex.calls()).as("only the customer's text was answered").isEqualTo(1);
    assertThat(c.sentInInstance()).hasSize(1);
    assertThat(evolution.mediaRequests()).as("nothing fetched").hasSize(fetchesBefore);
    assertThat(storage.objects(stack.settings().mediaBucket().orElseThrow()))
        .noneMatch(o -> o.name().startsWith(c.instance + "/"));
  }

  /** Last: whatever the tests above did, no Firestore document they wrote holds media bytes. */
  @Test
  @Order(6)
  void noDocumentTheTestsWroteHoldsBytes() {
    List<DocumentSnapshot> documents = new ArrayList<>();
    for (Written w : written) documents.addAll(NoBytesInFirestore.writtenFor(stack.firestore(), w.instance(), w.ticketId()));
    assertThat(written).as("the tests above ran").hasSizeGreaterThanOrEqualTo(2 * customerMedia().size());
    assertThat(NoBytesInFirestore.offences(documents)).isEmpty();
  }

  /** One fixture's conversation: its customer message once the turn settled it. */
  record Delivered(Conversation conversation, String ticketId) {
    DocumentSnapshot finished() {
      return conversation.awaitFinished(ticketId, 1).get(0);
    }
  }

  /** Each fixture, as {@code body} makes it, delivered in an instance of its own (all at once, like separate customers). */
  private static Map<String, Delivered> deliverEach(List<String> fixtures, java.util.function.Function<String, byte[]> body) {
    Map<String, Delivered> delivered = new java.util.LinkedHashMap<>();
    for (String fixture : fixtures) {
      Conversation c = conversation("media", 0);
      String ticketId = c.delivers(body.apply(fixture));
      delivered.put(fixture, new Delivered(c, ticketId));
      written.add(new Written(c.instance, ticketId));
    }
    delivered.values().forEach(Delivered::finished);
    delivered.values().iterator().next().conversation().settle();
    return delivered;
  }

  /** A customer's voice note without payload bytes that Evolution has (unless its fetch is made to fail). */
  private static Delivered voiceNoteEvolutionHas(String prefix) {
    Conversation c = conversation(prefix, 0);
    String key = Keys.messageKey();
    evolution.registerMedia(key, OggOpus.voiceNote(4));
    String ticketId = c.customerSendsVoiceNote(key, 4);
    written.add(new Written(c.instance, ticketId));
    return new Delivered(c, ticketId);
  }

  private static void assertHonestAudioReply(Delivered d) {
    assertHonestAudioReply(d.conversation(), d.finished());
  }

  private static void assertHonestAudioReply(Conversation c, DocumentSnapshot voice) {
    assertThat(voice.getString("status")).isEqualTo("answered");
    assertThat(voice.getString("media.unread")).isEqualTo("not_fetched");
    assertThat(voice.getString("mediaText")).isNull();
    assertThat(voice.get("media.object")).isNull();
    assertThat(c.awaitSent(1)).singleElement().satisfies(sent -> assertThat(sent.text()).contains(HONEST_AUDIO)
        .doesNotContain("Como posso te ajudar"));
  }

  private static Conversation conversation(String prefix, int debounceSeconds) {
    return new Conversation(stack, prefix, Map.of("debounceSeconds", debounceSeconds));
  }

  /** The bytes the message's {@code media.object} names, as the Cloud Storage stand-in holds them. */
  private static byte[] storedBytes(DocumentSnapshot message) {
    String object = message.getString("media.object");
    assertThat(object).as("media.object").startsWith("gs://" + stack.settings().mediaBucket().orElseThrow() + "/");
    return storage.object(URI.create(object)).orElseThrow().bytes();
  }

  private static String keyId(String fixture) {
    return Fixtures.message(fixture).keyId();
  }

  private static List<JsonNode> inlineParts(FakeVertex.Request request) {
    List<JsonNode> parts = new ArrayList<>();
    for (JsonNode content : request.contents()) for (JsonNode part : content.path("parts")) if (part.has("inlineData")) parts.add(part.get("inlineData"));
    return parts;
  }
}
