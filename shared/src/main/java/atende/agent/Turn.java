package atende.agent;

import atende.conversation.Author;
import atende.knowledge.KnowledgeDoc;
import java.time.Instant;
import java.util.List;

/**
 * Everything an engine may use for one reply: the conversation so far (oldest first, the burst to
 * answer at the end), who the customer is, and the knowledge retrieved for it.
 */
public record Turn(
    String instance,
    String customerName,
    boolean vip,
    int previousTickets,
    List<Line> history,
    List<KnowledgeDoc> knowledge) {

  /** One message of the conversation. */
  public record Line(Author author, String text, Instant at) {}

  public Turn {
    history = List.copyOf(history);
    knowledge = List.copyOf(knowledge);
  }

  /** The customer's messages that this turn answers: those after the last reply. */
  public List<String> pendingCustomerTexts() {
    int lastReply = -1;
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).author() != Author.CUSTOMER) lastReply = i;
    }
    return history.subList(lastReply + 1, history.size()).stream().map(Line::text).filter(t -> t != null && !t.isBlank()).toList();
  }
}
