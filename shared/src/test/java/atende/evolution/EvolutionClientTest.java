package atende.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * How the client reads Evolution's answers to getBase64FromMediaMessage: the shapes its source
 * produces (whatsapp.baileys.service.ts, chat.router.ts, main.ts's error handler, 2.3.6).
 */
class EvolutionClientTest {
  private final EvolutionClient client =
      new EvolutionClient(HttpClient.newHttpClient(), new ObjectMapper(), "http://127.0.0.1:1", () -> "key");

  private MediaFetch answer(int status, String body) {
    return client.interpretMedia(status, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aVoiceNoteComesBackAsBytesWithItsTypeAndName() {
    byte[] ogg = "OggS\0\2fake opus pages".getBytes(StandardCharsets.ISO_8859_1);
    // 201; fileName is `${key.id}.${mime-types extension}`; an audio has no caption, height or width, which JSON.stringify leaves out.
    MediaFetch fetch = answer(201, """
        {"mediaType":"audioMessage","fileName":"3A35903C2393D681D816.oga","size":{"fileLength":"7397"},
         "mimetype":"audio/ogg; codecs=opus","base64":"%s","buffer":null}""".formatted(Base64.getEncoder().encodeToString(ogg)));

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class, fetched -> {
      assertThat(fetched.bytes()).isEqualTo(ogg);
      assertThat(fetched.mimetype()).isEqualTo("audio/ogg; codecs=opus");
      assertThat(fetched.fileName()).isEqualTo("3A35903C2393D681D816.oga");
    });
  }

  @Test
  void aDocumentLongerThanJacksonsStringLimitStillArrives() {
    String base64 = "A".repeat(21_000_000);

    MediaFetch fetch = answer(201, """
        {"mediaType":"documentMessage","fileName":"contrato.pdf","mimetype":"application/pdf","base64":"%s"}""".formatted(base64));

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class,
        fetched -> assertThat(fetched.bytes()).hasSize(21_000_000 / 4 * 3));
  }

  @Test
  void aMessageEvolutionCannotFindIsAPermanentFailure() {
    assertThat(answer(400, """
        {"status":400,"error":"Bad Request","response":{"message":["Message not found"]}}"""))
        .isEqualTo(new MediaFetch.Failed(400, "Message not found", false));
  }

  @Test
  void expiredMediaThatEvolutionCouldNotDownloadTwiceIsAPermanentFailure() {
    assertThat(answer(400, """
        {"status":400,"error":"Bad Request","response":{"message":["Error: Failed to fetch stream from https://mmg.whatsapp.net/v/t62.7117-24/1.enc"]}}"""))
        .isEqualTo(new MediaFetch.Failed(400, "Error: Failed to fetch stream from https://mmg.whatsapp.net/v/t62.7117-24/1.enc", false));
  }

  @Test
  void aServerErrorIsRetried() {
    assertThat(answer(500, """
        {"status":500,"error":"Internal Server Error","response":{"message":"Cannot read properties of undefined (reading 'getBase64FromMediaMessage')"}}"""))
        .isEqualTo(new MediaFetch.Failed(500, "Cannot read properties of undefined (reading 'getBase64FromMediaMessage')", true));
  }

  @Test
  void aWrongApiKeyIsNotRetried() {
    assertThat(answer(401, """
        {"status":401,"error":"Unauthorized","response":{"message":"Unauthorized"}}"""))
        .isEqualTo(new MediaFetch.Failed(401, "Unauthorized", false));
  }

  @Test
  void aSuccessWithoutUsableBytesIsAFailure() {
    assertThat(answer(201, "{\"mediaType\":\"imageMessage\",\"mimetype\":\"image/jpeg\"}"))
        .isEqualTo(new MediaFetch.Failed(201, "answered without base64", false));
    assertThat(answer(201, "{\"base64\":\"/9j/4AAQ...(cut)\"}"))
        .isEqualTo(new MediaFetch.Failed(201, "answered with invalid JSON or base64", false));
    assertThat(answer(201, "<html>proxy error</html>"))
        .isInstanceOf(MediaFetch.Failed.class);
  }
}
