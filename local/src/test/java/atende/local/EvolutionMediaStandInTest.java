package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.EvolutionClient;
import atende.evolution.EvolutionMessage;
import atende.evolution.Fixtures;
import atende.evolution.MediaFetch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** getBase64FromMediaMessage through the real client against the Evolution stand-in: the answers and failures Evolution gives. */
@Timeout(60)
class EvolutionMediaStandInTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VOICE_NOTE = "03-upsert-audio-ptt-base64.json";

  final EvolutionStandIn evolution = new EvolutionStandIn();
  final EvolutionClient client = client(Duration.ofSeconds(5));
  final EvolutionMessage voiceNote = Fixtures.message(VOICE_NOTE);

  @AfterEach
  void stop() {
    evolution.close();
  }

  @Test
  void aRegisteredVoiceNoteComesBackWithItsTypeAndEvolutionsFileName() {
    byte[] ogg = Fixtures.completeMediaBytes(VOICE_NOTE);
    evolution.registerMedia(voiceNote.keyId(), ogg);

    MediaFetch fetch = client.getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node());

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class, fetched -> {
      assertThat(fetched.bytes()).isEqualTo(ogg);
      assertThat(fetched.mimetype()).isEqualTo("audio/ogg; codecs=opus");
      assertThat(fetched.fileName()).isEqualTo("3A35903C2393D681D816.oga");
    });
    JsonNode request = evolution.mediaRequests().getFirst();
    assertThat(request.path("message").path("key").path("id").asText()).isEqualTo("3A35903C2393D681D816");
    assertThat(request.path("message").path("key").path("remoteJid").asText()).isEqualTo("5519950231445@s.whatsapp.net");
    assertThat(request.path("message").path("message").path("audioMessage").path("directPath").asText()).startsWith("/v/t62.7117-24/");
    assertThat(request.path("convertToMp4").isBoolean() && !request.path("convertToMp4").booleanValue()).isTrue();
  }

  @Test
  void mediaWhatsAppNoLongerHasIsAPermanentFailure() {
    MediaFetch fetch = client.getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node());

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Failed.class, failed -> {
      assertThat(failed.httpStatus()).isEqualTo(400);
      assertThat(failed.reason()).startsWith("Error: Failed to fetch stream from https://mmg.whatsapp.net/v/t62.7117-24/");
      assertThat(failed.retryable()).isFalse();
    });
  }

  @Test
  void aNodeWithoutItsMediaKeyCannotBeDownloaded() {
    Map<String, Object> node = Map.of("audioMessage", Map.of("mimetype", "audio/ogg; codecs=opus", "directPath", "/v/x.enc"));
    evolution.registerMedia(voiceNote.keyId(), new byte[] {1, 2, 3});

    assertThat(client.getBase64FromMediaMessage("Finchat", voiceNote.key(), node))
        .isEqualTo(new MediaFetch.Failed(400, "Error: Cannot derive from empty media key", false));
  }

  @Test
  void notFoundAndServerErrorsOnDemand() {
    evolution.registerMedia(voiceNote.keyId(), new byte[] {1, 2, 3});
    evolution.failNextMedia(EvolutionStandIn.mediaNotFound());
    evolution.failNextMedia(EvolutionStandIn.mediaServerError());

    assertThat(client.getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node()))
        .isEqualTo(new MediaFetch.Failed(400, "Message not found", false));
    assertThat(client.getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node()))
        .isEqualTo(new MediaFetch.Failed(500, "Cannot read properties of undefined (reading 'getBase64FromMediaMessage')", true));
    assertThat(client.getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node()))
        .isInstanceOf(MediaFetch.Fetched.class);
  }

  @Test
  void aSlowEvolutionRunsIntoTheTimeoutAndMayBeRetried() {
    evolution.registerMedia(voiceNote.keyId(), new byte[] {1, 2, 3});
    evolution.delayMedia(Duration.ofSeconds(2));

    assertThat(client(Duration.ofMillis(300)).getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node()))
        .isEqualTo(new MediaFetch.Failed(0, "timeout after 300 ms", true));
  }

  @Test
  void aWrongApiKeyIsRefused() {
    EvolutionClient wrongKey = new EvolutionClient(HttpClient.newHttpClient(), JSON, evolution.url().toString(), () -> "wrong");

    assertThat(wrongKey.getBase64FromMediaMessage("Finchat", voiceNote.key(), voiceNote.media().node()))
        .isEqualTo(new MediaFetch.Failed(401, "Unauthorized", false));
  }

  private EvolutionClient client(Duration timeout) {
    return new EvolutionClient(HttpClient.newHttpClient(), JSON, evolution.url().toString(), evolution::apiKey, timeout);
  }
}
