package atende.console;

import static atende.conversation.TicketSchema.AI_PAUSED;
import static atende.conversation.TicketSchema.CATEGORY;
import static atende.conversation.TicketSchema.PRIORITY;
import static atende.conversation.TicketSchema.STATUS;
import static atende.conversation.TicketSchema.UPDATED_AT;

import atende.conversation.TicketStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a change to {@code tickets/{t}} asks for (docs/design.md "Console edits"). Every write of ours moves
 * {@code updatedAt}; a change that leaves it alone was made by a person in the console, and only those
 * are commands. That is what keeps the trigger from answering its own writes.
 */
public sealed interface TicketEdit {
  /** A person corrected the category and/or priority. */
  record Reclassified(String category, String priority, String previousCategory, String previousPriority) implements TicketEdit {}

  /** A person handed the conversation back to the AI ({@code aiPaused: false}). */
  record Resumed() implements TicketEdit {}

  /** A person finished the ticket ({@code status: resolved|closed}). */
  record Finished(TicketStatus status) implements TicketEdit {}

  /** {@code before}/{@code after} are the documents' top-level fields; null when created/deleted. */
  static List<TicketEdit> of(Map<String, Object> before, Map<String, Object> after) {
    if (before == null || after == null) return List.of();
    if (!Objects.equals(before.get(UPDATED_AT), after.get(UPDATED_AT))) return List.of();
    List<TicketEdit> edits = new ArrayList<>();
    if (changed(CATEGORY, before, after) || changed(PRIORITY, before, after)) {
      edits.add(new Reclassified(string(after, CATEGORY), string(after, PRIORITY),
          string(before, CATEGORY), string(before, PRIORITY)));
    }
    if (Boolean.TRUE.equals(before.get(AI_PAUSED)) && Boolean.FALSE.equals(after.get(AI_PAUSED))) {
      edits.add(new Resumed());
    }
    if (changed(STATUS, before, after)) finishedAs(after.get(STATUS)).ifPresent(status -> edits.add(new Finished(status)));
    return edits;
  }

  private static boolean changed(String field, Map<String, Object> before, Map<String, Object> after) {
    return !Objects.equals(before.get(field), after.get(field));
  }

  /** The finished status {@code value} names exactly ({@code resolved}, {@code closed}), if any. */
  private static Optional<TicketStatus> finishedAs(Object value) {
    return Arrays.stream(TicketStatus.values()).filter(s -> s.finished() && s.wire().equals(value)).findFirst();
  }

  private static String string(Map<String, Object> fields, String name) {
    return fields.get(name) instanceof String s ? s : null;
  }
}
