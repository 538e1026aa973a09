package atende.agent;

import java.util.Map;
import java.util.Objects;

/**
 * What a change to {@code tickets/{t}/messages/{m}} asks {@code ProcessMessage} to do. Only two kinds
 * of change are work: a new customer message, and a person setting {@code reprocess}; everything else
 * (including the function's own status writes) is not, which is what keeps the trigger from looping.
 */
public sealed interface Work {
  record NewMessage(String ticketId, String messageId) implements Work {}

  /** Console edit {@code reprocess: true} (send) or {@code "preview"} (store the decision only). */
  record Reprocess(String ticketId, String messageId, boolean preview) implements Work {}

  record None(String reason) implements Work {}

  /** {@code before} is null for a created document, {@code after} null for a deleted one. */
  public static Work of(String ticketId, String messageId, Map<String, Object> before, Map<String, Object> after) {
    if (after == null) return new None("deleted");
    boolean customerMessage = "inbound".equals(after.get("direction")) && "customer".equals(after.get("author"));
    if (before == null) {
      return customerMessage && "received".equals(after.get("status"))
          ? new NewMessage(ticketId, messageId)
          : new None("created by us");
    }
    Object reprocess = after.get("reprocess");
    if (customerMessage && !Objects.equals(before.get("reprocess"), reprocess)) {
      if (Boolean.TRUE.equals(reprocess)) return new Reprocess(ticketId, messageId, false);
      if ("preview".equals(reprocess)) return new Reprocess(ticketId, messageId, true);
    }
    return new None("no command in this change");
  }
}
