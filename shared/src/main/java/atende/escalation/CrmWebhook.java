package atende.escalation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * POSTs an escalation to the business's CRM ({@code CRM_WEBHOOK_URL}), signed with
 * {@code CRM_WEBHOOK_SECRET} ({@link CrmPayload}). The secret is asked for on every call, so a
 * rotated Secret Manager version is picked up from the cache without a redeploy. An unsigned POST is
 * never sent: a missing secret is a failure the console shows.
 */
public final class CrmWebhook {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** Empty error = the CRM accepted it (2xx). */
  public record Result(boolean ok, String error) {}

  private final HttpClient http;
  private final URI url;
  private final Supplier<Optional<String>> secret;

  public CrmWebhook(HttpClient http, URI url, Supplier<Optional<String>> secret) {
    this.http = http;
    this.url = url;
    this.secret = secret;
  }

  public URI url() {
    return url;
  }

  public Result post(String escalationId, byte[] body) {
    String key;
    try {
      key = secret.get().filter(s -> !s.isBlank()).orElse(null);
    } catch (RuntimeException e) {
      return new Result(false, "CRM_WEBHOOK_SECRET could not be read: " + e.getClass().getSimpleName());
    }
    if (key == null) return new Result(false, "CRM_WEBHOOK_SECRET is not set: refusing to send an unsigned webhook");
    try {
      HttpRequest request = HttpRequest.newBuilder(url)
          .timeout(TIMEOUT)
          .header("content-type", "application/json")
          .header(CrmPayload.SIGNATURE_HEADER, CrmPayload.signature(key, body))
          .header("X-Atende-Event", CrmPayload.EVENT)
          .header("Idempotency-Key", escalationId)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300 ? new Result(true, null) : new Result(false, "CRM answered " + status);
    } catch (IOException e) {
      return new Result(false, "CRM unreachable: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }
}
