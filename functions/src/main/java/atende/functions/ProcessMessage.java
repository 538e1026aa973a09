package atende.functions;

import atende.agent.Responder;
import atende.agent.TurnOutcome;
import atende.agent.Work;
import atende.platform.Log;
import com.google.cloud.functions.CloudEventsFunction;
import com.google.events.cloud.firestore.v1.Document;
import com.google.events.cloud.firestore.v1.DocumentEventData;
import com.google.events.cloud.firestore.v1.Value;
import io.cloudevents.CloudEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Firestore trigger on {@code tickets/{t}/messages/{m}}: runs the AI turn for a new customer message
 * or a console reprocess. Throwing makes Eventarc retry (the trigger uses RETRY_POLICY_RETRY); every
 * step below is idempotent, so a retry resumes rather than repeats.
 */
public final class ProcessMessage implements CloudEventsFunction {
  private final Responder responder;

  public ProcessMessage() {
    this(Wiring.current().responder());
  }

  public ProcessMessage(Responder responder) {
    this.responder = responder;
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    if (event.getData() == null) return;
    DocumentEventData data = DocumentEventData.parseFrom(event.getData().toBytes());
    Document doc = data.hasValue() ? data.getValue() : data.getOldValue();
    String[] path = doc.getName().substring(doc.getName().indexOf("/documents/") + "/documents/".length()).split("/");
    if (path.length != 4 || !"tickets".equals(path[0]) || !"messages".equals(path[2])) return;
    Work work = Work.of(path[1], path[3],
        data.hasOldValue() ? commandFields(data.getOldValue()) : null,
        data.hasValue() ? commandFields(data.getValue()) : null);
    TurnOutcome outcome = switch (work) {
      case Work.NewMessage m -> responder.onNewMessage(m.ticketId(), m.messageId());
      case Work.Reprocess r -> responder.reprocess(r.ticketId(), r.messageId(), r.preview(), event.getId());
      case Work.None none -> null;
    };
    if (outcome != null) Log.info("process.done", "ticketId", path[1], "messageId", path[3], "outcome", outcome.getClass().getSimpleName());
  }

  /** The few top-level fields that decide whether a change is work. */
  private static Map<String, Object> commandFields(Document doc) {
    Map<String, Object> fields = new HashMap<>();
    for (String name : new String[] {"direction", "author", "status", "reprocess"}) {
      Value value = doc.getFieldsMap().get(name);
      if (value == null) continue;
      switch (value.getValueTypeCase()) {
        case STRING_VALUE -> fields.put(name, value.getStringValue());
        case BOOLEAN_VALUE -> fields.put(name, value.getBooleanValue());
        default -> { }
      }
    }
    return fields;
  }
}
