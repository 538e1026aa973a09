package atende.functions;

import atende.escalation.PushEnvelope;
import atende.platform.Log;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The part every Pub/Sub push function shares: POST only (405 otherwise), a size limit, and the
 * envelope. What is not an envelope is acknowledged (204) and logged, because redelivering it cannot
 * fix it; the caller answers everything else.
 */
final class PushRequests {
  private PushRequests() {}

  /** The envelope, or empty once this has already answered the request. */
  static Optional<PushEnvelope> envelope(HttpRequest request, HttpResponse response, int maxBytes, String malformedEvent)
      throws IOException {
    if (!"POST".equalsIgnoreCase(request.getMethod())) {
      response.setStatusCode(405);
      response.appendHeader("Allow", "POST");
      return Optional.empty();
    }
    byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
    PushEnvelope.Parsed parsed = body.length > maxBytes
        ? new PushEnvelope.Invalid("body over " + maxBytes + " bytes")
        : PushEnvelope.parse(body);
    return switch (parsed) {
      case PushEnvelope.Valid valid -> Optional.of(valid.envelope());
      case PushEnvelope.Invalid invalid -> {
        Log.warn(malformedEvent, "reason", invalid.reason(), "bytes", body.length);
        response.setStatusCode(204);
        yield Optional.empty();
      }
    };
  }
}
