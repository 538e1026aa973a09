package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.media.MediaAccess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Voice notes through the whole stack with Gemini configured (express mode, against the Vertex
 * stand-in): the webhook stores the message without bytes, the AI turn fetches them (a scripted
 * {@link atende.media.MediaSource} into an in-memory bucket), sends them inline in the one call, and
 * stores what was heard on the message.
 */
@Timeout(240)
class MediaTurnTest {
  static final String HEARD = "Preciso da segunda via do boleto de março.";
  static final String REPLY = "Claro, Maria! Já vou te mandar a segunda via do boleto de março.";
  static FakeVertex vertex;
  static InMemoryMediaStorage storage;
  static ScriptedMediaSource source;
  static LocalStack stack;

  @BeforeAll
  static void start() {
    vertex = new FakeVertex();
    storage = new InMemoryMediaStorage("atende-media-local");
    source = new ScriptedMediaSource(storage);
    stack = LocalStack.withVertex(vertex, new MediaAccess(storage, source));
  }

  @AfterAll
  static void stop() {
    stack.close();
    vertex.close();
  }

  @BeforeEach
  void model() {
    vertex.reset();
    vertex.decider(request -> (ObjectNode) FakeVertex.decision("commercial", "medium", "neutral", REPLY)
        .set("mediaText", FakeVertex.heard(request, HEARD)));
  }

  @Test
  void aVoiceNoteAndATextAreAnsweredOnceWithBothUnderstood() {
    Conversation c = new Conversation(stack, "voice", Map.of("debounceSeconds", 2));
    String voiceKey = Keys.messageKey();
    source.has(voiceKey, OggOpus.voiceNote(5), "audio/ogg; codecs=opus");

    String ticketId = c.customerSendsVoiceNote(voiceKey, 5);
    c.customerSays("é urgente, vence amanhã");
    List<QueryDocumentSnapshot> burst = c.awaitFinished(ticketId, 2);
    c.settle();

    assertThat(c.sent()).extracting(EvolutionStandIn.Sent::text).containsExactly(REPLY);
    assertThat(vertex.calls()).isEqualTo(1);
    FakeVertex.Request request = vertex.lastRequest();
    assertThat(inlineParts(request)).extracting(p -> p.path("mimeType").asText()).containsExactly("audio/ogg");
    assertThat(request.textOf("user")).contains("[mídia m1: áudio de 5 s do cliente]", "é urgente, vence amanhã");
    DocumentSnapshot voice = burst.stream().filter(m -> m.getId().equals(voiceKey)).findFirst().orElseThrow();
    assertThat(voice.getString("mediaText")).isEqualTo(HEARD);
    assertThat(voice.getLong("media.tokens")).as("5 s at 32 tokens a second").isEqualTo(160);
    assertThat(voice.getString("media.object")).startsWith("gs://atende-media-local/");
    assertThat(voice.getString("media.mimetype")).isEqualTo("audio/ogg; codecs=opus");
    assertThat(burst).extracting(m -> m.getString("status")).containsOnly("answered");
    assertThat(source.requests()).filteredOn(r -> r.messageId().equals(voiceKey)).hasSize(1);
  }

  @Test
  void aVoiceNoteThatCannotBeFetchedGetsAnHonestReplyWithoutAModelCall() {
    Conversation c = new Conversation(stack, "voice-gone", Map.of("debounceSeconds", 0));
    String voiceKey = Keys.messageKey();

    String ticketId = c.customerSendsVoiceNote(voiceKey, 8);
    QueryDocumentSnapshot voice = c.awaitFinished(ticketId, 1).get(0);
    c.settle();

    assertThat(c.sent()).singleElement().satisfies(sent -> assertThat(sent.text())
        .contains("Recebi seu áudio", "não consigo ouvi-lo", "escrever em texto").doesNotContain("Como posso te ajudar"));
    assertThat(vertex.calls()).isZero();
    assertThat(voice.getString("status")).isEqualTo("answered");
    assertThat(voice.getString("media.unread")).isEqualTo("not_fetched");
    assertThat(voice.getString("mediaText")).isNull();
  }

  @Test
  void aVoiceNoteFromTheBusinessPhoneIsATakeoverNotSomethingToTranscribe() {
    Conversation c = new Conversation(stack, "voice-op", Map.of("debounceSeconds", 0));
    String ticketId = c.customerSays("Oi, preciso de ajuda com a fatura");
    c.awaitSent(1);
    String operatorKey = Keys.messageKey();
    source.has(operatorKey, OggOpus.voiceNote(4), "audio/ogg; codecs=opus");

    c.operatorSendsVoiceNote(operatorKey, 4);
    c.awaitTicket(ticketId, t -> "human".equals(t.getString("status")));
    c.settle();

    assertThat(vertex.calls()).as("only the customer's text was answered").isEqualTo(1);
    assertThat(source.requests()).noneMatch(r -> r.messageId().equals(operatorKey));
    assertThat(c.sent()).hasSize(1);
  }

  private static List<JsonNode> inlineParts(FakeVertex.Request request) {
    List<JsonNode> parts = new java.util.ArrayList<>();
    for (JsonNode content : request.contents()) for (JsonNode part : content.path("parts")) if (part.has("inlineData")) parts.add(part.get("inlineData"));
    return parts;
  }
}
