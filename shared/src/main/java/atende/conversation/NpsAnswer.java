package atende.conversation;

import atende.knowledge.PtText;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a customer's answer to "de 0 a 10, ...": "9", "nota 9", "dou 10!", "8/10", "9 de 10", "nota: 7 👍".
 * Anything longer or less certain is not a rating ("tenho 2 problemas" is a new conversation).
 */
public final class NpsAnswer {
  private static final Pattern RATING = Pattern.compile(
      "^(?:(?:minha |a )?nota(?: e)?|eu dou|dou|eu daria|daria|e)?\\s*:?\\s*(\\d{1,2})\\s*(?:/\\s*10|de 10)?$");

  private NpsAnswer() {}

  public static OptionalInt parse(String text) {
    if (text == null || text.length() > 40) return OptionalInt.empty();
    // Letters, digits, spaces and "/" only: emojis and punctuation around the number do not matter.
    String plain = PtText.fold(text).replaceAll("[^a-z0-9/ -]", " ").replaceAll("\\s+", " ").strip();
    Matcher m = RATING.matcher(plain);
    if (!m.matches()) return OptionalInt.empty();
    int score = Integer.parseInt(m.group(1));
    return score <= 10 ? OptionalInt.of(score) : OptionalInt.empty();
  }
}
