package atende.evolution;

import static atende.evolution.Payloads.customerMessage;
import static atende.evolution.Payloads.upsertedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.ParseResult.Parsed;
import atende.evolution.WebhookEvent.MessageUpsert;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The media bytes a webhook payload carries in {@code data.message.base64}: used when complete, else treated as absent. */
class PayloadMediaTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("atende.evolution.Fixtures#mediaPayloads")
  void theFixturesBytesCutShortByTheirAuthorsAreAbsentNotAFile(String fixture) {
    EvolutionMessage message = Fixtures.message(fixture);

    assertThat(message.payloadMedia()).isInstanceOf(PayloadMedia.Unusable.class);
    assertThat(message.media()).as("the fetch info stays").isNotNull();
  }

  @Test
  void aBase64WithANoteWrittenIntoItIsNotBase64() {
    // Fixture 16's author ended the base64 with ".............(video base64 importante)".
    assertThat(Fixtures.message("16-v1.8-upsert-video-caption-base64-truncated.json").payloadMedia())
        .isInstanceOfSatisfying(PayloadMedia.Unusable.class, unusable -> assertThat(unusable.reason()).startsWith("not base64"));
  }

  @Test
  void validBase64ShorterThanTheFileLengthIsNotTheFile() {
    String body = customerMessage("""
        {"audioMessage": {"mimetype": "audio/ogg; codecs=opus", "fileLength": "7397", "ptt": true}, "base64": "T2dnUwACAAAAAAAA"}""");

    assertThat(upsertedMessage(body).payloadMedia()).isEqualTo(new PayloadMedia.Unusable("12 bytes where fileLength says 7397"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("atende.evolution.Fixtures#mediaPayloads")
  void completeBytesArriveDecodedWhateverTheVersion(String fixture) {
    ParseResult result = new EvolutionParser(Fixtures.MAPPER).parse(Fixtures.withCompleteMedia(fixture));

    assertThat(result).isInstanceOfSatisfying(Parsed.class, parsed ->
        assertThat(((MessageUpsert) parsed.event()).message().payloadMedia())
            .isEqualTo(new PayloadMedia.Bytes(Fixtures.completeMediaBytes(fixture))));
  }

  @Test
  void aVoiceNoteStillBeginsLikeOne() {
    assertThat(new String(Fixtures.completeMediaBytes("03-upsert-audio-ptt-base64.json"), 0, 4)).isEqualTo("OggS");
  }

  @Test
  void mediaWithoutBase64AndTextWithItHaveNoPayloadMedia() {
    assertThat(upsertedMessage(customerMessage("""
        {"imageMessage": {"mimetype": "image/jpeg"}}""")).payloadMedia()).isNull();
    assertThat(upsertedMessage(customerMessage("""
        {"conversation": "oi", "base64": "%s"}""".formatted(Base64.getEncoder().encodeToString(new byte[64])))).payloadMedia()).isNull();
    assertThat(upsertedMessage(customerMessage("""
        {"imageMessage": {"mimetype": "image/jpeg"}, "base64": null}""")).payloadMedia()).isNull();
  }
}
