package atende.functions;

import atende.escalation.Notifier;
import atende.escalation.PushEnvelope;
import atende.platform.Log;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Private HTTP entry point fed by the {@code ticket-escalations} push subscription (terraform/pubsub.tf).
 * Pub/Sub reads only the status: 2xx acknowledges, anything else is delivered again with backoff and,
 * after the subscription's {@code max_delivery_attempts}, dead-lettered. So: notified, already notified,
 * and messages that are not escalations (malformed, unknown, ticket gone) are acknowledged — retrying
 * cannot fix them; a channel that failed answers 500 and one still being sent by a concurrent delivery
 * 503, so only those are tried again.
 */
public final class NotifyEscalation implements HttpFunction {
  /** Escalations are a few hundred bytes; anything this big is not one of ours. */
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Notifier notifier;

  public NotifyEscalation() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public NotifyEscalation(Settings settings) {
    this(Wiring.of(settings).notifier());
  }

  public NotifyEscalation(Notifier notifier) {
    this.notifier = notifier;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    Optional<PushEnvelope> received = PushRequests.envelope(request, response, MAX_BODY_BYTES, "escalation.malformed");
    if (received.isEmpty()) return;
    PushEnvelope envelope = received.get();
    Notifier.Outcome outcome;
    try {
      outcome = notifier.handle(envelope);
    } catch (RuntimeException e) {
      // Storage or another dependency is down: let Pub/Sub deliver again.
      Log.error("escalation.error", e, "messageId", envelope.messageId());
      response.setStatusCode(500);
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    int status = switch (outcome) {
      case Notifier.Notified n -> {
        answer.put("status", "notified");
        answer.put("escalationId", n.escalationId());
        answer.put("sent", n.sentNow());
        yield 200;
      }
      case Notifier.AlreadyNotified n -> {
        answer.put("status", "already_notified");
        answer.put("escalationId", n.escalationId());
        yield 200;
      }
      case Notifier.NoRecipients n -> {
        answer.put("status", "no_recipients");
        answer.put("escalationId", n.escalationId());
        yield 200;
      }
      case Notifier.Ignored i -> 204;
      case Notifier.Retry r -> {
        answer.put("status", "retry");
        answer.put("escalationId", r.escalationId());
        answer.put("failed", r.failed());
        answer.put("inProgress", r.inProgress());
        yield r.failed().isEmpty() ? 503 : 500;
      }
      case Notifier.GaveUp g -> {
        answer.put("status", "gave_up");
        answer.put("escalationId", g.escalationId());
        answer.put("failed", g.failed());
        yield 500;
      }
    };
    response.setStatusCode(status);
    if (!answer.isEmpty()) {
      response.setContentType("application/json");
      JSON.writeValue(response.getOutputStream(), answer);
    }
  }
}
