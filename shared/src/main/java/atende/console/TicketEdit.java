package atende.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
  record Finished(String status) implements TicketEdit {}

  /** {@code before}/{@code after} are the documents' top-level fields; null when created/deleted. */
  static List<TicketEdit> of(Map<String, Object> before, Map<String, Object> after) {
    if (before == null || after == null) return List.of();
    if (!Objects.equals(before.get("updatedAt"), after.get("updatedAt"))) return List.of();
    List<TicketEdit> edits = new ArrayList<>();
    if (changed("category", before, after) || changed("priority", before, after)) {
      edits.add(new Reclassified(string(after, "category"), string(after, "priority"),
          string(before, "category"), string(before, "priority")));
    }
    if (Boolean.TRUE.equals(before.get("aiPaused")) && Boolean.FALSE.equals(after.get("aiPaused"))) {
      edits.add(new Resumed());
    }
    Object status = after.get("status");
    if (changed("status", before, after) && ("resolved".equals(status) || "closed".equals(status))) {
      edits.add(new Finished((String) status));
    }
    return edits;
  }

  private static boolean changed(String field, Map<String, Object> before, Map<String, Object> after) {
    return !Objects.equals(before.get(field), after.get(field));
  }

  private static String string(Map<String, Object> fields, String name) {
    return fields.get(name) instanceof String s ? s : null;
  }
}
