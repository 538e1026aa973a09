package atende.agent;

import atende.knowledge.KnowledgeDoc;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The embedded engine (docs/design.md "Agent engines"): deterministic pt-BR classifier (lexicon cues and
 * naive Bayes, {@link OfflineClassifier}), the best knowledge entry, and templates that only restate
 * that entry. Used when Gemini is not configured and as the fallback when it fails, so a customer
 * always gets an answer.
 */
public final class OfflineEngine implements Engine {
  public static final String NAME = "offline";
  public static final String MODEL = "lexicon-bayes-v2";

  private final OfflineClassifier classifier = new OfflineClassifier();

  @Override
  public EngineAnswer answer(Turn turn) {
    long start = System.nanoTime();
    List<String> pending = turn.pendingCustomerTexts();
    String text = String.join("\n", pending);
    Classification classification = classifier.classify(text, earlierCustomerTexts(turn, pending.size()));
    KnowledgeDoc best = turn.knowledge().isEmpty() ? null : turn.knowledge().get(0);
    String reply = ReplyTemplates.reply(classification, best, firstName(turn.customerName()));
    Decision decision = new Decision(classification, reply, false, List.of(), followUp(classification, best),
        classification.category() == Category.PRAISE);
    return new EngineAnswer(decision, NAME, MODEL, (System.nanoTime() - start) / 1_000_000, 0, 0);
  }

  /** Commercial questions get a nudge the next day; answered problems a check an hour later. */
  static Optional<Duration> followUp(Classification c, KnowledgeDoc answeredFrom) {
    return switch (c.category()) {
      case COMMERCIAL -> Optional.of(Duration.ofHours(24));
      case TECHNICAL, SUPPORT -> answeredFrom != null ? Optional.of(Duration.ofHours(1)) : Optional.empty();
      case COMPLAINT, PRAISE -> Optional.empty();
    };
  }

  private static List<String> earlierCustomerTexts(Turn turn, int pendingCount) {
    List<String> customer = turn.history().stream()
        .filter(l -> l.author() == atende.conversation.Author.CUSTOMER && l.text() != null)
        .map(Turn.Line::text).toList();
    return customer.subList(0, Math.max(0, customer.size() - pendingCount));
  }

  static String firstName(String name) {
    if (name == null || name.isBlank()) return null;
    String first = name.trim().split("\\s+")[0];
    return first.chars().anyMatch(Character::isLetter) ? first : null;
  }
}
