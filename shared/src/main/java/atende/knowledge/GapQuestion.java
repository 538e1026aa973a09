package atende.knowledge;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A customer question the knowledge base could not answer, normalised so the ways people ask the same
 * thing group together: the key is the sorted set of its content-word stems ("qual o prazo de entrega?"
 * and "entrega prazo qual" share one), the text its folded words with long digit runs (order numbers,
 * CPFs, cards) masked, cut to {@value #MAX_TEXT} characters.
 *
 * @param key the group's id part: its stems joined by spaces
 * @param text how one customer asked it, normalised, for the operator to read
 */
public record GapQuestion(String key, String text) {
  static final int MAX_TEXT = 200;
  /** Fewer content words than this is a greeting or an acknowledgement, not a question to document. */
  static final int MIN_TERMS = 2;

  /** The question, or empty when the text has too few content words to say what was asked. */
  public static Optional<GapQuestion> of(String customerText) {
    if (customerText == null) return Optional.empty();
    String masked = PtText.fold(customerText).replaceAll("\\d[\\d .-]{3,}\\d", "#");
    List<String> words = PtText.tokens(masked);
    TreeSet<String> stems = new TreeSet<>(PtText.terms(masked));
    if (stems.size() < MIN_TERMS) return Optional.empty();
    String text = String.join(" ", words);
    return Optional.of(new GapQuestion(String.join(" ", stems), text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text));
  }
}
