package atende.functions;

import atende.console.ConsoleCommands;
import atende.console.TicketEdit;
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
    this(Wiring.current().consoleCommands());
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
