package atende.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.br.BrazilianStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * Brazilian Portuguese analysis for knowledge retrieval, assembled from Lucene parts:
 *
 * <ol>
 *   <li>{@link StandardTokenizer} (Unicode word boundaries), {@link LowerCaseFilter},
 *       {@link ASCIIFoldingFilter} (customers often type without accents: "devolucao" must meet
 *       "devolução");
 *   <li>{@link WhatsAppSlangFilter}: the offline classifier's slang expansion ({@code vc},
 *       {@code pfv}, {@code nf}, ...) from {@link PtText};
 *   <li>{@link BrazilianStemFilter}, with stop words protected from it. Of Lucene's three
 *       Portuguese stemmers it is the one that fits WhatsApp text: it strips accents itself, so
 *       folded and accented words stem alike, and it conflates verbs with their nouns
 *       ({@code cancelar/cancelamento/cancelei → cancel}, {@code entregar/entrega/entregam →
 *       entreg}, {@code login} vs {@code logar} aside). {@code PortugueseLightStemFilter} only
 *       handles plural and gender ({@code cancelar} ≠ {@code cancelament}, {@code entregar} ≠
 *       {@code entreg}); {@code PortugueseStemFilter} (RSLP) conflates verbs but its rules are
 *       written on accented suffixes, so after folding it over-stems ({@code valor → val},
 *       {@code funciona → func}) and "contratação"/"contratar" no longer meet;
 *   <li>query side only: {@link SynonymGraphFilter} with the customer-support synonyms of
 *       {@code support-synonyms.txt} (matched on stems, so a rule covers its inflections);
 *   <li>{@link StopFilter}: Lucene's Portuguese stop words (folded) plus {@link PtText#stopwords}
 *       (greetings, fillers, question words, colloquial "pra"/"pro"). After the synonyms, so a
 *       phrase such as "dinheiro de volta" is still seen whole.
 * </ol>
 */
final class PortugueseSupportAnalyzer extends Analyzer {

  // First: the synonym rules below are analysed while the class initialises.
  private static final CharArraySet STOPWORDS = stopwords();

  /** Analysis of knowledge text: no synonyms, so a document's statistics are its own words'. */
  static final Analyzer INDEX = new PortugueseSupportAnalyzer(null);

  /** Analysis of a customer's question: the index analysis plus the support synonyms. */
  static final Analyzer QUERY = new PortugueseSupportAnalyzer(supportSynonyms());

  private final SynonymMap synonyms;

  private PortugueseSupportAnalyzer(SynonymMap synonyms) {
    this.synonyms = synonyms;
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    Tokenizer source = new StandardTokenizer();
    TokenStream stream = stems(source);
    if (synonyms != null) stream = new SynonymGraphFilter(stream, synonyms, true);
    return new TokenStreamComponents(source, new StopFilter(stream, STOPWORDS));
  }

  private static TokenStream stems(Tokenizer source) {
    TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(source));
    stream = new WhatsAppSlangFilter(stream);
    return new BrazilianStemFilter(new SetKeywordMarkerFilter(stream, STOPWORDS));
  }

  private static CharArraySet stopwords() {
    CharArraySet set = new CharArraySet(PtText.stopwords(), false);
    for (Object word : PortugueseAnalyzer.getDefaultStopSet()) {
      set.add(PtText.fold(word instanceof char[] chars ? new String(chars) : String.valueOf(word)));
    }
    return CharArraySet.unmodifiableSet(set);
  }

  /** The synonym rules, read through the same analysis as the text up to the stems. */
  private static SynonymMap supportSynonyms() {
    Analyzer rules = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        return new TokenStreamComponents(source, stems(source));
      }
    };
    try (rules; InputStream in = PortugueseSupportAnalyzer.class.getResourceAsStream("support-synonyms.txt")) {
      SolrSynonymParser parser = new SolrSynonymParser(true, true, rules);
      parser.parse(new InputStreamReader(in, StandardCharsets.UTF_8));
      return parser.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("support-synonyms.txt, line " + e.getErrorOffset(), e);
    }
  }
}
