package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.agent.EngineAnswer;
import atende.agent.EngineFailure;
import atende.agent.GeminiEngine;
import atende.agent.Prompts;
import atende.agent.Turn;
import atende.conversation.Author;
import atende.escalation.EscalationReason;
import atende.evolution.MessageType;
import atende.media.StoredMedia;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Media through the real google-genai client to the Vertex stand-in: voice notes and images become
 * parts of the one call (inline bytes in express mode, gs:// URIs with ADC), the model's mediaText is
 * read and checked, tokens come from the response's per-modality counts, and the stand-in refuses
 * what Vertex refuses.
 */
@Timeout(60)
class GeminiMediaTest {
  static final Instant T = Instant.parse("2026-11-02T12:00:00Z");
  static final String HEARD = "Quero a segunda via do boleto de março, por favor.";
  static FakeVertex vertex;
  static Client express;
  static InMemoryMediaStorage storage = new InMemoryMediaStorage("atende-media-test");
  static GeminiEngine engine;

  @BeforeAll
  static void start() {
    vertex = new FakeVertex();
    express = GeminiEngine.client(atende.platform.Settings.from(name -> switch (name) {
      case "GOOGLE_API_KEY" -> "test-express-key";
      case "GOOGLE_VERTEX_BASE_URL" -> vertex.url().toString();
      default -> null;
    }), GeminiEngineTest.FAST);
    engine = new GeminiEngine(express, GeminiEngineTest.MODEL, () -> Prompts.DEFAULTS, new GeminiEngine.MediaDelivery.Inline(storage));
  }

  @AfterAll
  static void stop() {
    express.close();
    vertex.close();
  }

  @BeforeEach
  void clean() {
    vertex.reset();
    vertex.decider(request -> (com.fasterxml.jackson.databind.node.ObjectNode) FakeVertex.decision("commercial", "medium", "neutral",
        "Claro! Vou te passar a segunda via do boleto de março.").set("mediaText", FakeVertex.heard(request, HEARD)));
  }

  @Test
  void aVoiceNoteAndATextAreOneCallWithTheAudioInlineNextToItsLabel() {
    StoredMedia stored = storage.put("loja/t1/vn1", OggOpus.voiceNote(5), "audio/ogg; codecs=opus");

    EngineAnswer answer = engine.answer(turn(voiceNote("vn1", stored, 5), text("e o prazo de pagamento?")));

    assertThat(vertex.calls()).isEqualTo(1);
    JsonNode user = lastUserContent();
    assertThat(user.path("parts").get(0).path("text").asText()).isEqualTo("[mídia m1: áudio de 5 s do cliente]");
    JsonNode audio = user.path("parts").get(1).path("inlineData");
    assertThat(audio.path("mimeType").asText()).isEqualTo("audio/ogg");
    assertThat(Base64.getDecoder().decode(audio.path("data").asText())).isEqualTo(OggOpus.voiceNote(5));
    assertThat(user.path("parts").get(2).path("text").asText()).isEqualTo("e o prazo de pagamento?");
    // What was heard, with the audio's tokens as the response reports them: 5 s at 32 a second.
    assertThat(answer.media()).containsExactly(new EngineAnswer.MediaReading("vn1", HEARD, OptionalInt.of(160)));
    assertThat(answer.inputTokens()).isGreaterThan(160);
  }

  @Test
  void withAdcTheModelReadsTheObjectByItsGsUri() {
    StoredMedia stored = storage.put("loja/t1/img1", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1, 2, 3}, "image/jpeg");
    vertex.files(storage::read);
    try (Client adc = adcClient()) {
      GeminiEngine byUri = new GeminiEngine(adc, GeminiEngineTest.MODEL, () -> Prompts.DEFAULTS, new GeminiEngine.MediaDelivery.ByUri());
      EngineAnswer answer = byUri.answer(turn(image("img1", stored, "olha o erro que aparece")));

      JsonNode part = lastUserContent().path("parts").get(1).path("fileData");
      assertThat(part.path("fileUri").asText()).isEqualTo(stored.uri());
      assertThat(part.path("mimeType").asText()).isEqualTo("image/jpeg");
      assertThat(answer.media()).containsExactly(new EngineAnswer.MediaReading("img1", HEARD, OptionalInt.of(1_120)));

      // An object Vertex cannot read is a 400 for the whole call: the turn falls back (honestly) and escalates.
      StoredMedia gone = new StoredMedia("gs://atende-media-test/loja/t1/gone", "image/jpeg", 10);
      assertThatThrownBy(() -> byUri.answer(turn(image("gone", gone, ""))))
          .isInstanceOfSatisfying(EngineFailure.class, f -> assertThat(f.reason()).isEqualTo(EscalationReason.MODEL_UNAVAILABLE));
    } finally {
      vertex.files(uri -> Optional.empty());
    }
  }

  @Test
  void aCardNumberSpokenInAVoiceNoteIsMaskedInWhatWasHeard() {
    StoredMedia stored = storage.put("loja/t1/vn-card", OggOpus.voiceNote(6), "audio/ogg");
    vertex.decider(request -> (com.fasterxml.jackson.databind.node.ObjectNode) FakeVertex.decision("support", "low", "neutral",
        "Por segurança, não envie dados do cartão por aqui.").set("mediaText",
        FakeVertex.heard(request, "O número do cartão é 4111 1111 1111 1111 e o cvv 123.")));

    EngineAnswer answer = engine.answer(turn(voiceNote("vn-card", stored, 6)));

    assertThat(answer.media()).extracting(EngineAnswer.MediaReading::text)
        .containsExactly("O número do cartão é •••• 1111 e o cvv [cvv omitido].");
  }

  @Test
  void aMissingOrForeignMediaTextIsRepairedOnce() {
    StoredMedia stored = storage.put("loja/t1/vn2", OggOpus.voiceNote(3), "audio/ogg");
    vertex.enqueue(FakeVertex.Reply.model(FakeVertex.decision("support", "low", "neutral", "Pode repetir?").toString()));

    EngineAnswer answer = engine.answer(turn(voiceNote("vn2", stored, 3)));

    assertThat(vertex.calls()).as("the answer without mediaText, then the repair").isEqualTo(2);
    assertThat(vertex.lastRequest().textOf("user")).contains("\"mediaText\"");
    assertThat(answer.media()).extracting(EngineAnswer.MediaReading::text).containsExactly(HEARD);
  }

  @Test
  void onlyOneVoiceNoteIsSentAndAPersonsVoiceNoteNever() {
    StoredMedia first = storage.put("loja/t1/a", OggOpus.voiceNote(4), "audio/ogg");
    StoredMedia second = storage.put("loja/t1/b", OggOpus.voiceNote(6), "audio/ogg");
    StoredMedia operator = storage.put("loja/t1/op", OggOpus.voiceNote(7), "audio/ogg");
    List<Turn.Line> lines = new ArrayList<>();
    lines.add(new Turn.Line("op", Author.HUMAN, "", T.minusSeconds(30), Optional.of(media(MessageType.AUDIO, operator, 7))));
    lines.add(voiceNote("a", first, 4));
    lines.add(voiceNote("b", second, 6));

    EngineAnswer answer = engine.answer(new Turn("loja", "Maria Souza", false, 0, lines, List.of()));

    FakeVertex.Request sent = vertex.lastRequest();
    long mediaParts = 0;
    for (JsonNode content : sent.contents()) for (JsonNode part : content.path("parts")) if (part.has("inlineData")) mediaParts++;
    assertThat(mediaParts).isEqualTo(1);
    assertThat(sent.textOf("model")).contains("[atendente humano] [áudio]");
    assertThat(sent.textOf("user")).contains("[o cliente enviou um áudio que não foi possível ouvir]");
    assertThat(answer.media()).extracting(EngineAnswer.MediaReading::messageId).containsExactly("a");
  }

  @Test
  void theStandInRefusesWhatVertexRefuses() {
    GenerateContentConfig plain = GenerateContentConfig.builder().build();
    byte[] note = OggOpus.voiceNote(2);
    // WhatsApp's own spelling, with its codecs parameter.
    assertThatThrownBy(() -> express.models.generateContent(GeminiEngineTest.MODEL,
        List.of(Content.fromParts(Part.fromBytes(note, "audio/ogg; codecs=opus"))), plain))
        .hasMessageContaining("400").hasMessageContaining("Unsupported MIME type: audio/ogg; codecs=opus");
    assertThatThrownBy(() -> express.models.generateContent(GeminiEngineTest.MODEL,
        List.of(Content.fromParts(Part.fromBytes(note, "application/msword"))), plain)).hasMessageContaining("Unsupported MIME type");
    // Express mode has no project whose service agent could read a bucket.
    assertThatThrownBy(() -> express.models.generateContent(GeminiEngineTest.MODEL,
        List.of(Content.fromParts(Part.fromUri("gs://atende-media-test/x", "audio/ogg"))), plain)).hasMessageContaining("Unsupported file uri");
    assertThatThrownBy(() -> express.models.generateContent(GeminiEngineTest.MODEL,
        List.of(Content.fromParts(Part.fromBytes(note, "audio/ogg"), Part.fromBytes(note, "audio/ogg"))), plain))
        .hasMessageContaining("400");
    assertThat(vertex.calls()).isEqualTo(4);
  }

  // ---- helpers ----

  private static JsonNode lastUserContent() {
    JsonNode contents = vertex.lastRequest().contents();
    return contents.get(contents.size() - 1);
  }

  private static Client adcClient() {
    var settings = atende.platform.Settings.from(name -> switch (name) {
      case "GOOGLE_CLOUD_PROJECT" -> "atende-prod";
      case "GOOGLE_VERTEX_BASE_URL" -> vertex.url().toString();
      default -> null;
    });
    GoogleCredentials token = GoogleCredentials.create(new AccessToken("ya29.test", Date.from(Instant.now().plus(Duration.ofHours(1)))));
    var fast = GeminiEngineTest.FAST;
    return GeminiEngine.client(settings, new GeminiEngine.Transport(fast.timeout(), 1, fast.firstRetryDelay(), Optional.of(token)));
  }

  static Turn.Media media(MessageType type, StoredMedia stored, Integer seconds) {
    return new Turn.Media(type, stored.mimetype(), Optional.of(stored), seconds, null, stored.size(), Optional.empty(), Optional.empty());
  }

  static Turn.Line voiceNote(String id, StoredMedia stored, int seconds) {
    return new Turn.Line(id, Author.CUSTOMER, "", T, Optional.of(media(MessageType.AUDIO, stored, seconds)));
  }

  static Turn.Line image(String id, StoredMedia stored, String caption) {
    return new Turn.Line(id, Author.CUSTOMER, caption, T, Optional.of(media(MessageType.IMAGE, stored, null)));
  }

  static Turn.Line text(String text) {
    return new Turn.Line("txt-" + text.hashCode(), Author.CUSTOMER, text, T.plusSeconds(2), Optional.empty());
  }

  static Turn turn(Turn.Line... pending) {
    List<Turn.Line> lines = new ArrayList<>(List.of(new Turn.Line(Author.AI, "Olá! Como posso ajudar?", T.minusSeconds(60))));
    lines.addAll(List.of(pending));
    return new Turn("loja", "Maria Souza", false, 0, lines, List.of());
  }
}
