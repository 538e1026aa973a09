package atende.knowledge;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Replaces each (lower-cased, folded) token by what {@link PtText#tokens} makes of it, so knowledge
 * retrieval reads WhatsApp writing the way the offline classifier does: slang and abbreviations
 * expanded ({@code vc} → {@code voce}, {@code pfv} → {@code por favor}, {@code nf} → {@code nota
 * fiscal}), stretched letters squeezed ({@code ajudaaa} → {@code ajuda}), laughter collapsed to
 * {@code kkk}, and tokens the standard tokenizer keeps whole split at punctuation ({@code 49,90},
 * {@code app.exemplo.com.br}); emoji, which hold no letter, are dropped. Words a token expands to
 * follow it at consecutive positions, so multi-word synonyms ("dinheiro de volta") still match.
 */
final class WhatsAppSlangFilter extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
  private final Deque<String> pending = new ArrayDeque<>();
  private State expanded;

  WhatsAppSlangFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!pending.isEmpty()) {
      restoreState(expanded);
      term.setEmpty().append(pending.poll());
      position.setPositionIncrement(1);
      return true;
    }
    while (input.incrementToken()) {
      List<String> words = isFoldedWord() ? PtText.word(term.toString()) : PtText.tokens(term.toString());
      if (words.isEmpty()) continue;
      term.setEmpty().append(words.get(0));
      if (words.size() > 1) {
        pending.addAll(words.subList(1, words.size()));
        expanded = captureState();
      }
      return true;
    }
    return false;
  }

  /** Letters a-z and digits only, as most tokens are after folding: no need to fold and split again. */
  private boolean isFoldedWord() {
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) return false;
    }
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    pending.clear();
    expanded = null;
  }
}
