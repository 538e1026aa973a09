package atende.agent;

import atende.conversation.Author;
import atende.conversation.Direction;
import atende.conversation.MessageSchema;
import atende.conversation.MessageStatus;
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
    boolean customerMessage = Direction.INBOUND.wire().equals(after.get(MessageSchema.DIRECTION))
        && Author.CUSTOMER.wire().equals(after.get(MessageSchema.AUTHOR));
    if (before == null) {
      return customerMessage && MessageStatus.RECEIVED.wire().equals(after.get(MessageSchema.STATUS))
          ? new NewMessage(ticketId, messageId)
          : new None("created by us");
    }
    Object reprocess = after.get(MessageSchema.REPROCESS);
    if (customerMessage && !Objects.equals(before.get(MessageSchema.REPROCESS), reprocess)) {
      if (Boolean.TRUE.equals(reprocess)) return new Reprocess(ticketId, messageId, false);
      if (MessageSchema.REPROCESS_PREVIEW.equals(reprocess)) return new Reprocess(ticketId, messageId, true);
    }
    return new None("no command in this change");
  }
}
