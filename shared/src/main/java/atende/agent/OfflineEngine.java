package atende.agent;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.evolution.MessageType;
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
    List<MessageType> unheard = turn.pendingMedia().stream().map(l -> l.media().orElseThrow().type()).toList();
    if (pending.isEmpty() && !unheard.isEmpty()) {
      // Only media, and this engine can neither hear nor see: say so and ask for text, never a greeting that ignores it.
      Decision decision = new Decision(MEDIA_ONLY, ReplyTemplates.mediaNotUnderstood(unheard, firstName(turn.customerName())),
          false, List.of(), Optional.empty(), false);
      return new EngineAnswer(decision, NAME, MODEL, (System.nanoTime() - start) / 1_000_000, 0, 0);
    }
    String text = String.join("\n", pending);
    Classification classification = classifier.classify(text, earlierCustomerTexts(turn));
    KnowledgeDoc best = turn.knowledge().isEmpty() ? null : turn.knowledge().get(0);
    String reply = ReplyTemplates.reply(classification, best, firstName(turn.customerName()));
    // A caption or text came with the media: answer it, and be honest about the rest.
    if (!unheard.isEmpty()) reply = reply + "\n\n" + ReplyTemplates.mediaNotUnderstoodNote(unheard);
    Decision decision = new Decision(classification, reply, false, List.of(), followUp(classification, best),
        classification.category() == Category.PRAISE);
    return new EngineAnswer(decision, NAME, MODEL, (System.nanoTime() - start) / 1_000_000, 0, 0);
  }

  /** Media without words says nothing to classify: a low-confidence general request, for a person to correct. */
  static final Classification MEDIA_ONLY = new Classification(Category.SUPPORT, Priority.MEDIUM, Sentiment.NEUTRAL, 0.2);

  /** Commercial questions get a nudge the next day; answered problems a check an hour later. */
  static Optional<Duration> followUp(Classification c, KnowledgeDoc answeredFrom) {
    return switch (c.category()) {
      case COMMERCIAL -> Optional.of(Duration.ofHours(24));
      case TECHNICAL, SUPPORT -> answeredFrom != null ? Optional.of(Duration.ofHours(1)) : Optional.empty();
      case COMPLAINT, PRAISE -> Optional.empty();
    };
  }

  /** The customer's texts before the pending burst, for the classifier's context. */
  private static List<String> earlierCustomerTexts(Turn turn) {
    List<Turn.Line> earlier = turn.history().subList(0, turn.history().size() - turn.pendingLines().size());
    return earlier.stream().filter(l -> l.author() == atende.conversation.Author.CUSTOMER && l.hasText()).map(Turn.Line::text).toList();
  }

  static String firstName(String name) {
    if (name == null || name.isBlank()) return null;
    String first = name.trim().split("\\s+")[0];
    return first.chars().anyMatch(Character::isLetter) ? first : null;
  }
}
