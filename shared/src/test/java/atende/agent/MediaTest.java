package atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import atende.conversation.Author;
import atende.conversation.Category;
import atende.escalation.EscalationReason;
import atende.evolution.MessageType;
import atende.media.StoredMedia;
import atende.platform.MediaLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Media without the model (docs/design.md "Media"): what Gemini can be sent, the limits, and the honest
 * pt-BR replies of the offline engine, which is also the fallback when Gemini fails or media cannot be had.
 */
class MediaTest {
  private static final Instant T = Instant.parse("2026-11-02T12:00:00Z");
  private final OfflineEngine offline = new OfflineEngine();

  // ---- what Gemini is sent ----

  @Test
  void aWhatsAppVoiceNoteIsSentAsPlainAudioOgg() {
    assertThat(MediaTypes.forGemini("audio/ogg; codecs=opus")).contains("audio/ogg");
    assertThat(MediaTypes.forGemini("image/jpg")).contains("image/jpeg");
    assertThat(MediaTypes.forGemini("image/webp")).as("a sticker").contains("image/webp");
    assertThat(MediaTypes.forGemini("Application/PDF")).contains("application/pdf");
    assertThat(MediaTypes.forGemini("video/mp4")).contains("video/mp4");
  }

  @Test
  void officeFilesAndUndeclaredTypesAreNotSent() {
    assertThat(MediaTypes.forGemini("application/vnd.openxmlformats-officedocument.wordprocessingml.document")).isEmpty();
    assertThat(MediaTypes.forGemini("application/zip")).isEmpty();
    assertThat(MediaTypes.forGemini(null)).isEmpty();
  }

  @Test
  void limitsComeFromTheEnvironmentAndBadValuesKeepTheDefaults() {
    MediaLimits limits = MediaLimits.from(name -> Map.of("ATENDE_MEDIA_MAX_AUDIO_SECONDS", "90",
        "ATENDE_MEDIA_MAX_BYTES", "zero", "ATENDE_MEDIA_MAX_PDF_PAGES", "-3").get(name));
    assertThat(limits.maxAudioSeconds()).isEqualTo(90);
    assertThat(limits.maxBytes()).isEqualTo(MediaLimits.DEFAULT.maxBytes());
    assertThat(limits.maxPdfPages()).isEqualTo(MediaLimits.DEFAULT.maxPdfPages());
  }

  @Test
  void mediaBeyondALimitSaysWhich() {
    MediaLimits limits = new MediaLimits(1_000_000, 60, 30, 10);
    assertThat(voiceNote(45).beyond(limits)).isEmpty();
    assertThat(voiceNote(61).beyond(limits)).contains(MediaProblem.TOO_LONG);
    assertThat(media(MessageType.IMAGE, "image/jpeg", null, null, 2_000_000L).beyond(limits)).contains(MediaProblem.TOO_LARGE);
    assertThat(media(MessageType.DOCUMENT, "application/pdf", null, 11, 50_000L).beyond(limits)).contains(MediaProblem.TOO_MANY_PAGES);
    assertThat(media(MessageType.DOCUMENT, "application/msword", null, null, 5_000L).beyond(limits)).contains(MediaProblem.UNSUPPORTED_TYPE);
  }

  // ---- the offline engine and the fallback ----

  @Test
  void aVoiceNoteAloneGetsAnHonestReplyNotTheGreeting() {
    String reply = offline.answer(turn(line("v1", voiceNote(12), ""))).decision().reply();
    assertThat(reply).startsWith("Oi, Maria!").contains("Recebi seu áudio", "não consigo ouvi-lo", "escrever em texto")
        .doesNotContain("Como posso te ajudar");
  }

  @Test
  void eachKindOfMediaIsNamedForWhatItIs() {
    assertThat(reply(media(MessageType.IMAGE, "image/jpeg", null, null, 80_000L))).contains("Recebi sua imagem", "vê-la");
    assertThat(reply(media(MessageType.VIDEO, "video/mp4", 20, null, 900_000L))).contains("Recebi seu vídeo", "assisti-lo");
    assertThat(reply(media(MessageType.DOCUMENT, "application/pdf", null, 2, 90_000L))).contains("Recebi seu arquivo", "abri-lo");
    assertThat(reply(media(MessageType.STICKER, "image/webp", null, null, 20_000L))).contains("figurinha")
        .doesNotContain("não consigo");
    String two = offline.answer(turn(line("a", voiceNote(5), ""), line("b", media(MessageType.IMAGE, "image/jpeg", null, null, 1L), "")))
        .decision().reply();
    assertThat(two).contains("Recebi seus arquivos", "abri-los");
  }

  @Test
  void aCaptionIsAnsweredLikeTextAndTheMediaIsStillAcknowledged() {
    Turn turn = turn(line("img", media(MessageType.IMAGE, "image/jpeg", null, null, 80_000L), "Não consigo fazer login, aparece esse erro"));
    String reply = offline.answer(turn).decision().reply();
    assertThat(reply).contains("Recebi também sua imagem", "vê-la");
    assertThat(offline.answer(turn).decision().classification().category()).isEqualTo(Category.TECHNICAL);
  }

  @Test
  void mediaAnEarlierTurnUnderstoodIsReadAsText() {
    Turn.Media heard = new Turn.Media(MessageType.AUDIO, "audio/ogg; codecs=opus", Optional.empty(), 8, null, 9_000L,
        Optional.of("Quero cancelar meu plano"), Optional.empty());
    Turn turn = turn(line("v1", heard, ""));
    assertThat(turn.pendingCustomerTexts()).containsExactly("Quero cancelar meu plano");
    assertThat(offline.answer(turn).decision().reply()).doesNotContain("Recebi seu áudio");
  }

  // ---- the policy ----

  @Test
  void aSecondMediaNobodyCouldHearHandsOverToAPerson() {
    Decision answered = offline.answer(turn(line("v1", voiceNote(12), ""))).decision();
    Policy.Facts once = new Policy.Facts(false, 0, false, Optional.empty(), List.of(), 1);
    Policy.Facts twice = new Policy.Facts(false, 0, false, Optional.empty(), List.of(), 2);
    assertThat(Policy.DEFAULT.apply(answered, once).reasons()).doesNotContain(EscalationReason.MEDIA_NOT_UNDERSTOOD);
    assertThat(Policy.DEFAULT.apply(answered, twice).reasons()).containsExactly(EscalationReason.MEDIA_NOT_UNDERSTOOD);
    assertThat(EscalationReason.fromWire("media_not_understood")).isEqualTo(EscalationReason.MEDIA_NOT_UNDERSTOOD);
    assertThat(ReplyTemplates.mediaHandoff(List.of(MessageType.AUDIO, MessageType.AUDIO), "maria"))
        .startsWith("Certo, Maria.").contains("Recebi seus áudios", "ouvi-los", "pessoa da nossa equipe");
  }

  @Test
  void onlyTheCustomersUnheardMediaCount() {
    Turn turn = new Turn("loja", "Maria", false, 0, List.of(
        line("old", voiceNote(4), ""),
        new Turn.Line("human-vn", Author.HUMAN, "", T.plusSeconds(1), Optional.of(voiceNote(6))),
        line("new", voiceNote(9), "")), List.of());
    assertThat(turn.customerMediaNotUnderstood()).extracting(Turn.Line::id).containsExactly("old", "new");
    assertThat(turn.pendingMedia()).extracting(Turn.Line::id).containsExactly("new");
  }

  // ---- helpers ----

  private String reply(Turn.Media media) {
    return offline.answer(turn(line("m", media, ""))).decision().reply();
  }

  static Turn.Media voiceNote(int seconds) {
    return media(MessageType.AUDIO, "audio/ogg; codecs=opus", seconds, null, 2_000L * seconds);
  }

  static Turn.Media media(MessageType type, String mimetype, Integer seconds, Integer pages, Long size) {
    return new Turn.Media(type, mimetype, Optional.of(new StoredMedia("gs://b/" + type.wire(), mimetype, size == null ? 0 : size)),
        seconds, pages, size, Optional.empty(), Optional.empty());
  }

  static Turn.Line line(String id, Turn.Media media, String caption) {
    return new Turn.Line(id, Author.CUSTOMER, caption, T, Optional.of(media));
  }

  private static Turn turn(Turn.Line... pending) {
    List<Turn.Line> lines = new ArrayList<>(List.of(new Turn.Line(Author.AI, "Olá! Como posso ajudar?", T.minusSeconds(60))));
    lines.addAll(List.of(pending));
    return new Turn("loja", "Maria Souza", false, 0, lines, List.of());
  }
}
