package atende.functions;

import atende.escalation.PushEnvelope;
import atende.followup.Sweep;
import atende.platform.Log;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.Optional;

/**
 * Private HTTP entry point fed by the {@code followup-tick-sweep} push subscription (terraform/pubsub.tf),
 * which Cloud Scheduler feeds every 5 minutes: one {@link Sweep} pass per tick. The tick's content does
 * not matter (any push envelope is a tick). Always acknowledged: a step that failed is logged and done
 * again by the next tick, so a broken dependency never turns into a hot retry loop; two ticks at once
 * (Scheduler fires twice, Pub/Sub redelivers) are safe because the sweep claims every action.
 */
public final class FollowUpSweep implements HttpFunction {
  /** A tick is a few bytes; anything this big is not one. */
  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Sweep sweep;

  public FollowUpSweep() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public FollowUpSweep(Settings settings) {
    this(Wiring.of(settings).followUpSweep());
  }

  public FollowUpSweep(Sweep sweep) {
    this.sweep = sweep;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    Optional<PushEnvelope> tick = PushRequests.envelope(request, response, MAX_BODY_BYTES, "sweep.malformed_tick");
    if (tick.isEmpty()) return;
    String messageId = tick.get().messageId();
    Log.info("sweep.tick", "messageId", messageId);
    Sweep.Report report = sweep.run();
    response.setStatusCode(200);
    response.setContentType("application/json");
    JSON.writeValue(response.getOutputStream(), report.toJson());
  }
}
