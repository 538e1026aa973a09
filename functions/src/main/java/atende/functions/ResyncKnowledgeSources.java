package atende.functions;

import atende.escalation.PushEnvelope;
import atende.knowledge.sources.SourceResync;
import atende.platform.Log;
import atende.platform.Settings;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.util.Optional;

/**
 * Private HTTP entry point fed by the {@code knowledge-resync-sync} push subscription (terraform/pubsub.tf, terraform/function_resync_knowledge_sources.tf),
 * which Cloud Scheduler feeds once a day: every enabled URL source is asked to sync again
 * ({@code resync: true}), and {@link SyncKnowledgeSource} does each one under its own retry policy. A tick
 * delivered twice asks twice, which the sync absorbs (unchanged content rewrites nothing).
 */
public final class ResyncKnowledgeSources implements HttpFunction {
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final SourceResync resync;

  public ResyncKnowledgeSources() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public ResyncKnowledgeSources(Settings settings) {
    this(Wiring.of(settings).sourceResync());
  }

  public ResyncKnowledgeSources(SourceResync resync) {
    this.resync = resync;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    Optional<PushEnvelope> tick = PushRequests.envelope(request, response, MAX_BODY_BYTES, "knowledge.malformed_tick");
    if (tick.isEmpty()) return;
    int asked = resync.requestAll();
    Log.info("knowledge.resync_tick", "messageId", tick.get().messageId(), "sources", asked);
    response.setStatusCode(200);
    response.setContentType("application/json");
    response.getWriter().write("{\"sources\":" + asked + "}");
  }
}
