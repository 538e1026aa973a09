package atende.conversation;

import atende.evolution.EvolutionParser;
import atende.evolution.ParseResult;
import atende.evolution.WebhookAuth;
import atende.evolution.WebhookEvent;
import atende.platform.Firestores;
import atende.platform.Log;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook's HTTP contract (docs/design.md "Webhook") without the HTTP server: authenticate, bound the
 * body, parse, store, answer. Evolution stops retrying on 4xx and retries 5xx, so 5xx is only for
 * storage being unavailable and every accepted or deliberately ignored event gets a 200.
 */
public final class Webhook {
  /** Evolution can inline media as base64 (megabytes); beyond this the body is refused with 413. */
  public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

  /** The answer: HTTP status and a JSON object body. */
  public record Answer(int status, Map<String, Object> body) {}

  private final WebhookAuth auth;
  private final EvolutionParser parser;
  private final Intake intake;

  public Webhook(WebhookAuth auth, EvolutionParser parser, Intake intake) {
    this.auth = auth;
    this.parser = parser;
    this.intake = intake;
  }

  /** {@code headers} must have lower-case names. */
  public Answer handle(String method, Map<String, List<String>> headers, Map<String, List<String>> query, InputStream body) {
    if (!"POST".equalsIgnoreCase(method)) return error(405, "use POST");
    if (!auth.allows(headers, query)) return error(401, "missing or wrong token");
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      return error(400, "unreadable body");
    }
    if (bytes.length > MAX_BODY_BYTES) return error(413, "body over " + MAX_BODY_BYTES + " bytes");
    return switch (parser.parse(bytes)) {
      case ParseResult.Malformed malformed -> error(400, malformed.error());
      case ParseResult.Parsed parsed -> store(parsed.event());
    };
  }

  private Answer store(WebhookEvent event) {
    try {
      IntakeOutcome outcome = intake.accept(event);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", outcome.answerStatus());
      body.put("event", event.event());
      switch (outcome) {
        case IntakeOutcome.Ignored ignored -> body.put("reason", ignored.reason());
        case IntakeOutcome.Stored s -> ids(body, s.ticketId(), s.messageId());
        case IntakeOutcome.Duplicate d -> ids(body, d.ticketId(), d.messageId());
        case IntakeOutcome.Echo e -> ids(body, e.ticketId(), e.messageId());
        case IntakeOutcome.HumanTakeover h -> ids(body, h.ticketId(), h.messageId());
        case IntakeOutcome.StatusUpdated u -> {
          ids(body, u.ticketId(), u.messageId());
          body.put("messageStatus", u.status().wire());
        }
      }
      return new Answer(200, body);
    } catch (Firestores.StorageException | com.google.api.gax.rpc.ApiException e) {
      Log.error("webhook.storage_unavailable", e, "event", event.event(), "instance", event.instance());
      return error(503, "storage unavailable, retry later");
    }
  }

  private static void ids(Map<String, Object> body, String ticketId, String messageId) {
    body.put("ticketId", ticketId);
    body.put("messageId", messageId);
  }

  private static Answer error(int status, String message) {
    return new Answer(status, Map.of("error", message));
  }
}
