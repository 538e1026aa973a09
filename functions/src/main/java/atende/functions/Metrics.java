package atende.functions;

import atende.metrics.MetricsEndpoint;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.InputStream;

/**
 * HTTPS entry point for the seed's metrics as JSON: {@code GET ?range=1h|24h|7d&instance=<name>}.
 * Private in production (only {@code var.metrics_invokers} hold roles/run.invoker), so no token check here.
 */
public final class Metrics implements HttpFunction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DRAINED_BYTES = 64 * 1024;
  private final MetricsEndpoint endpoint;

  public Metrics() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public Metrics(Settings settings) {
    this(Wiring.of(settings).metrics());
  }

  public Metrics(MetricsEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    drain(request);
    MetricsEndpoint.Answer answer = endpoint.handle(request.getMethod(), request.getQueryParameters());
    response.setStatusCode(answer.status());
    response.setContentType("application/json");
    response.appendHeader("Cache-Control", "no-store");
    if (answer.status() == 405) response.appendHeader("Allow", "GET");
    JSON.writeValue(response.getOutputStream(), answer.body());
  }

  /**
   * Reads and drops a (small) request body nobody asked for, so the server can keep the connection:
   * an unread body left the next request on a kept-alive connection with no answer.
   */
  private static void drain(HttpRequest request) {
    try (InputStream body = request.getInputStream()) {
      byte[] buffer = new byte[8192];
      long left = MAX_DRAINED_BYTES;
      for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) left -= n;
    } catch (Exception ignored) {
      // nothing to keep: the answer does not depend on the body
    }
  }
}
