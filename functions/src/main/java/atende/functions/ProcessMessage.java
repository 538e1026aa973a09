package atende.functions;

import atende.agent.Responder;
import atende.agent.TurnOutcome;
import atende.agent.Work;
import atende.platform.Log;
import atende.platform.Settings;
import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.util.List;

/**
 * Firestore trigger on {@code tickets/{t}/messages/{m}}: runs the AI turn for a new customer message
 * or a console reprocess. Throwing makes Eventarc retry (the trigger uses RETRY_POLICY_RETRY); every
 * step below is idempotent, so a retry resumes rather than repeats.
 */
public final class ProcessMessage implements CloudEventsFunction {
  private final Responder responder;

  public ProcessMessage() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public ProcessMessage(Settings settings) {
    this(Wiring.of(settings).responder());
  }

  public ProcessMessage(Responder responder) {
    this.responder = responder;
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    EventDocuments change = EventDocuments.of(event);
    if (change == null) return;
    List<String> path = change.path();
    if (path.size() != 4 || !"tickets".equals(path.get(0)) || !"messages".equals(path.get(2))) return;
    Work work = Work.of(path.get(1), path.get(3), change.before(), change.after());
    TurnOutcome outcome = switch (work) {
      case Work.NewMessage m -> responder.onNewMessage(m.ticketId(), m.messageId());
      case Work.Reprocess r -> responder.reprocess(r.ticketId(), r.messageId(), r.preview(), event.getId());
      case Work.None none -> null;
    };
    if (outcome != null) Log.info("process.done", "ticketId", path.get(1), "messageId", path.get(3), "outcome", outcome.getClass().getSimpleName());
  }
}
