package atende.functions;

import atende.conversation.Webhook;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTPS entry point for Evolution's webhook (any sub-path: by-events mode posts to {@code /<event>}). */
public final class EvolutionWebhook implements HttpFunction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Webhook webhook;

  public EvolutionWebhook() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public EvolutionWebhook(Settings settings) {
    this(Wiring.of(settings).webhook());
  }

  public EvolutionWebhook(Webhook webhook) {
    this.webhook = webhook;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    Map<String, List<String>> headers = new TreeMap<>();
    request.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
    Webhook.Answer answer = webhook.handle(request.getMethod(), headers, request.getQueryParameters(), request.getInputStream());
    response.setStatusCode(answer.status());
    response.setContentType("application/json");
    if (answer.status() == 405) response.appendHeader("Allow", "POST");
    JSON.writeValue(response.getOutputStream(), answer.body());
  }
}
