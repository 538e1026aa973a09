package atende.functions;

import atende.knowledge.sources.KnowledgeSource;
import atende.knowledge.sources.SourceSync;
import atende.platform.Log;
import atende.platform.Settings;
import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.util.Map;

/**
 * Firestore trigger on {@code knowledgeSources/{id}} (docs/design.md "Knowledge sources"): an operator's
 * create, edit, {@code resync: true} or delete becomes a sync of that source into {@code knowledge/*}.
 * The sync's own status writes change nothing a source is made of, so they never trigger another.
 */
public final class SyncKnowledgeSource implements CloudEventsFunction {
  private final SourceSync sync;

  public SyncKnowledgeSource() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public SyncKnowledgeSource(Settings settings) {
    this(Wiring.of(settings).sourceSync());
  }

  public SyncKnowledgeSource(SourceSync sync) {
    this.sync = sync;
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    EventDocuments change = EventDocuments.of(event);
    if (change == null || change.path().size() != 2) return;
    String id = change.path().get(1);
    if (!KnowledgeSource.needsSync(source(id, change.before()), source(id, change.after()))) return;
    SourceSync.Outcome outcome = sync.sync(id);
    Log.info("knowledge.sync", "sourceId", id, "outcome", outcome.getClass().getSimpleName(), "eventId", event.getId());
  }

  private static KnowledgeSource source(String id, Map<String, Object> fields) {
    return fields == null ? null : KnowledgeSource.of(id, fields);
  }
}
