package atende.functions;

import atende.console.ConsoleCommands;
import atende.console.TicketEdit;
import atende.platform.Settings;
import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;
import java.util.List;

/**
 * Firestore trigger on {@code tickets/{t}}: turns a person's console edit of a ticket into its command
 * (docs/design.md "Console edits"). Our own writes move {@code updatedAt} and are ignored, so this function
 * never reacts to itself or to the AI turn.
 */
public final class TicketEdited implements CloudEventsFunction {
  private final ConsoleCommands commands;

  public TicketEdited() {
    this(Settings.fromEnvironment());
  }

  /** Configured explicitly rather than from the environment, so one JVM can host several (local/). */
  public TicketEdited(Settings settings) {
    this(Wiring.of(settings).consoleCommands());
  }

  public TicketEdited(ConsoleCommands commands) {
    this.commands = commands;
  }

  @Override
  public void accept(CloudEvent event) throws Exception {
    EventDocuments change = EventDocuments.of(event);
    if (change == null || change.path().size() != 2 || !"tickets".equals(change.path().get(0))) return;
    List<TicketEdit> edits = TicketEdit.of(change.before(), change.after());
    if (!edits.isEmpty()) commands.apply(change.path().get(1), edits, event.getId());
  }
}
