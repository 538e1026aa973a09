package atende.agent;

import atende.knowledge.PtText;
import java.util.List;

/**
 * A list of phrases matched against customer text as word sequences: accents, case and punctuation
 * ignored, WhatsApp slang expanded ({@link PtText#tokens}), and one typo allowed in words long enough
 * for that not to turn one real word into another ({@link PtText#similar}: "extorno", "procom",
 * "adivogado"). Pure and immutable.
 */
public final class Phrases {
  private final List<List<String>> phrases;

  public Phrases(List<String> phrases) {
    this.phrases = phrases.stream().map(PtText::tokens).filter(t -> !t.isEmpty()).toList();
  }

  /** Whether any of the texts contains any of the phrases. */
  public boolean foundIn(List<String> texts) {
    for (String text : texts) {
      List<String> words = PtText.tokens(text);
      for (List<String> phrase : phrases) {
        if (contains(words, phrase)) return true;
      }
    }
    return false;
  }

  private static boolean contains(List<String> words, List<String> phrase) {
    for (int start = 0; start + phrase.size() <= words.size(); start++) {
      boolean all = true;
      for (int i = 0; i < phrase.size() && all; i++) all = PtText.similar(words.get(start + i), phrase.get(i));
      if (all) return true;
    }
    return false;
  }
}
