package atende.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts bodies to the webhook the way Evolution does (JSON, token header). */
public final class WebhookClient {
  /** The webhook's answer. */
  public record Reply(int status, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI url;
  private final String token;

  public WebhookClient(URI url, String token) {
    this.url = url;
    this.token = token;
  }

  public Reply post(String body) {
    return send(HttpRequest.newBuilder(url).header("x-atende-token", token)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Reply send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<byte[]> response;
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException stale) {
        // A pooled keep-alive connection the server closed meanwhile answers nothing ("header parser
        // received no bytes"); the JDK client retries only idempotent methods. Evolution resends a
        // webhook it got no answer to, and the webhook is idempotent, so this client does too, once.
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      }
      JsonNode body = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Reply(response.statusCode(), body);
    } catch (IOException e) {
      throw new IllegalStateException("webhook unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
