package atende.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.CachingTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.graph.GraphTokenStreamFiniteStrings;

/**
 * Lexical knowledge retrieval: a Lucene in-memory index (BM25, {@code k1 = 1.2}, {@code b = 0.75})
 * over the title, tags and content of a fixed list of entries, analysed by
 * {@link PortugueseSupportAnalyzer} (accents, slang, stop words, Brazilian stemming; support
 * synonyms on the question). Build one per list and keep it with the list: indexing is the cost
 * (the 127 chunks of the evaluation set index in about 0.2-0.4 s warm on this 2-core machine, {@code dev/eval
 * knowledge} prints it), a query takes a few milliseconds.
 *
 * <p><b>Scoring.</b> The question becomes <i>concepts</i>: one per remaining word, where a word and
 * its synonyms (one position of the token graph, or a multi-word synonym such as "dinheiro de
 * volta" with its single-word equivalents) are one concept. A concept scores in each field as one
 * blended term ({@link SynonymQuery}), title and tags weighted {@value #TITLE_BOOST}, content 1; a
 * document's score is the sum over concepts. A concept of one term of five letters or more that no
 * entry contains (a typo) matches terms one edit away ({@link FuzzyQuery}, first letter fixed) at
 * {@value #FUZZY_WEIGHT} of the weight.
 *
 * <p><b>Threshold.</b> An entry is returned only when it is a meaningful match: it matches at least
 * {@code min(2, ceil(0.3 × q))} of the {@code q} distinct concepts, and its <i>coverage</i>, the
 * share of the question's idf mass that it matches, is at least {@value #MIN_COVERAGE}. A concept
 * weighs {@code idf = ln(1 + (N - df + 0.5) / (df + 0.5))}, {@code df} being the number of entries
 * it matches; a concept no entry matches weighs like the rarest (df 1). So a question mostly about
 * something the base does not cover ("o pagamento do aluguel atrasou") does not surface an entry
 * because one generic word matched, while "não consigo logar no app" still finds the login
 * procedure although "app" appears nowhere.
 *
 * <p>Ordering is deterministic: score descending, then id ascending.
 */
public final class LexicalIndex {

  /**
   * An entry that matched a question.
   *
   * @param score Lucene's BM25 score: orders the entries of one question, not comparable across
   *     questions (rank fusion should use the position in the list)
   * @param coverage the share (0..1) of the question's idf mass this entry matches, comparable
   *     across questions: 1 when every concept of the question is in the entry, never below
   *     {@value LexicalIndex#MIN_COVERAGE} (weaker entries are not returned); a low best coverage
   *     is a weak retrieval
   */
  /**
   * An entry, its BM25 score (comparable within one question), its coverage of the question (0..1, comparable
   * across questions) and whether it passes the meaningful-match threshold.
   */
  public record ScoredDoc(KnowledgeDoc doc, double score, double coverage, boolean meaningful) {}

  static final float TITLE_BOOST = 2f;
  static final float FUZZY_WEIGHT = 0.6f;
  static final double MIN_COVERAGE = 0.3;

  private static final String ORDINAL = "ordinal";
  private static final BM25Similarity SIMILARITY = new BM25Similarity();

  /** The indexed fields and their weights, in a fixed order so that sums are reproducible. */
  private enum Part {
    TITLE(TITLE_BOOST), TAGS(TITLE_BOOST), CONTENT(1f);

    final String field = name().toLowerCase(Locale.ROOT);
    final float boost;

    Part(float boost) {
      this.boost = boost;
    }
  }

  /**
   * One concept of a question: its alternatives, each the terms that must all occur (one term, or
   * the remaining words of a multi-word synonym).
   */
  private record Concept(List<List<String>> alternatives) {

    /** The lone term of this concept, if it is one term and no synonyms. */
    String loneTerm() {
      return alternatives.size() == 1 && alternatives.get(0).size() == 1 ? alternatives.get(0).get(0) : null;
    }

    Query query() {
      BooleanQuery.Builder parts = new BooleanQuery.Builder();
      for (Part part : Part.values()) parts.add(new BoostQuery(query(part.field), part.boost), Occur.SHOULD);
      return parts.build();
    }

    private Query query(String field) {
      if (alternatives.stream().allMatch(alternative -> alternative.size() == 1)) {
        if (alternatives.size() == 1) return new TermQuery(new Term(field, alternatives.get(0).get(0)));
        SynonymQuery.Builder synonyms = new SynonymQuery.Builder(field);
        for (List<String> alternative : alternatives) synonyms.addTerm(new Term(field, alternative.get(0)));
        return synonyms.build();
      }
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (List<String> alternative : alternatives) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String term : alternative) all.add(new TermQuery(new Term(field, term)), Occur.MUST);
        any.add(all.build(), Occur.SHOULD);
      }
      return any.build();
    }
  }

  private final List<KnowledgeDoc> docs;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int[] ordinals;

  private LexicalIndex(List<KnowledgeDoc> docs, DirectoryReader reader) throws IOException {
    this.docs = docs;
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    searcher.setSimilarity(SIMILARITY);
    // Lucene's doc ids need not follow insertion order, so each document stores its list position.
    ordinals = new int[reader.maxDoc()];
    StoredFields stored = reader.storedFields();
    for (int id = 0; id < ordinals.length; id++) {
      ordinals[id] = stored.document(id).getField(ORDINAL).numericValue().intValue();
    }
  }

  /** Indexes {@code docs} in memory. */
  public static LexicalIndex of(List<KnowledgeDoc> docs) {
    List<KnowledgeDoc> entries = List.copyOf(docs);
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig(PortugueseSupportAnalyzer.INDEX).setSimilarity(SIMILARITY);
    try {
      try (IndexWriter writer = new IndexWriter(directory, config)) {
        for (int i = 0; i < entries.size(); i++) {
          KnowledgeDoc entry = entries.get(i);
          Document document = new Document();
          document.add(new StoredField(ORDINAL, i));
          document.add(new TextField(Part.TITLE.field, entry.title(), Field.Store.NO));
          for (String tag : entry.tags()) document.add(new TextField(Part.TAGS.field, tag, Field.Store.NO));
          document.add(new TextField(Part.CONTENT.field, entry.content(), Field.Store.NO));
          writer.addDocument(document);
        }
      }
      return new LexicalIndex(entries, DirectoryReader.open(directory));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory only: not expected
    }
  }

  /**
   * The entries that meaningfully match {@code query}, best first, at most {@code limit}. Empty
   * when the query has no content words, nothing matches, or {@code limit <= 0}.
   */
  public List<ScoredDoc> rank(String query, int limit) {
    return rank(query, limit, true);
  }

  /**
   * Every entry that shares anything with the question, best first, with its coverage but without the
   * meaningful-match threshold: for a reader that judges relevance itself (the model), and for measuring the
   * ranking apart from the threshold.
   */
  public List<ScoredDoc> candidates(String query, int limit) {
    return rank(query, limit, false);
  }

  private List<ScoredDoc> rank(String query, int limit, boolean meaningfulOnly) {
    if (query == null || limit <= 0 || docs.isEmpty()) return List.of();
    try {
      return rank(concepts(query), limit, meaningfulOnly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<ScoredDoc> rank(List<Concept> concepts, int limit, boolean meaningfulOnly) throws IOException {
    if (concepts.isEmpty()) return List.of();
    int n = docs.size();
    double[] scores = new double[n];
    double[] matchedMass = new double[n];
    int[] matchedConcepts = new int[n];
    double totalMass = 0;
    for (Concept concept : concepts) {
      boolean typo = isTypo(concept);
      ScoreDoc[] hits = searcher.search(typo ? fuzzy(concept.loneTerm()) : concept.query(), n).scoreDocs;
      double mass = idf(n, Math.max(1, hits.length));
      totalMass += mass;
      for (ScoreDoc hit : hits) {
        int i = ordinals[hit.doc];
        scores[i] += hit.score;
        matchedConcepts[i]++;
        matchedMass[i] += typo ? FUZZY_WEIGHT * mass : mass;
      }
    }
    int required = Math.min(2, (int) Math.ceil(0.3 * concepts.size()));
    List<ScoredDoc> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double coverage = matchedMass[i] / totalMass;
      boolean meaningful = matchedConcepts[i] >= required && coverage >= MIN_COVERAGE;
      if (scores[i] > 0 && (meaningful || !meaningfulOnly)) {
        out.add(new ScoredDoc(docs.get(i), scores[i], coverage, meaningful));
      }
    }
    // Meaningful matches first (the threshold is a better judge than the raw score), each group by score.
    out.sort(Comparator.comparing((ScoredDoc d) -> !d.meaningful())
        .thenComparing(Comparator.comparingDouble(ScoredDoc::score).reversed()).thenComparing(d -> d.doc().id()));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
  }

  /** The question's distinct concepts, in order. */
  private static List<Concept> concepts(String query) throws IOException {
    Set<Concept> concepts = new LinkedHashSet<>();
    try (CachingTokenFilter stream = new CachingTokenFilter(PortugueseSupportAnalyzer.QUERY.tokenStream("content", query))) {
      stream.reset();
      if (!stream.incrementToken()) return List.of(); // only stop words: the graph would be empty
      GraphTokenStreamFiniteStrings graph = new GraphTokenStreamFiniteStrings(stream);
      int[] cuts = graph.articulationPoints();
      int start = 0;
      for (int i = 0; i <= cuts.length; i++) {
        int end = i < cuts.length ? cuts[i] : -1;
        List<List<String>> alternatives = new ArrayList<>();
        if (graph.hasSidePath(start)) {
          for (Iterator<TokenStream> paths = graph.getFiniteStrings(start, end); paths.hasNext(); ) {
            List<String> path = terms(paths.next());
            if (!path.isEmpty()) alternatives.add(path);
          }
        } else {
          for (AttributeSource token : graph.getTerms(start)) {
            alternatives.add(List.of(token.getAttribute(CharTermAttribute.class).toString()));
          }
        }
        if (!alternatives.isEmpty()) concepts.add(new Concept(List.copyOf(alternatives)));
        start = end;
      }
    }
    return List.copyOf(concepts);
  }

  private static List<String> terms(TokenStream path) throws IOException {
    List<String> terms = new ArrayList<>();
    CharTermAttribute term = path.addAttribute(CharTermAttribute.class);
    path.reset();
    while (path.incrementToken()) terms.add(term.toString());
    path.end();
    path.close();
    return terms;
  }

  /** A lone term of five letters or more that no entry contains: probably a typo. */
  private boolean isTypo(Concept concept) throws IOException {
    String term = concept.loneTerm();
    if (term == null || term.length() < 5) return false;
    for (Part part : Part.values()) {
      if (reader.docFreq(new Term(part.field, term)) > 0) return false;
    }
    return true;
  }

  private static Query fuzzy(String term) {
    BooleanQuery.Builder fields = new BooleanQuery.Builder();
    for (Part part : Part.values()) {
      fields.add(new BoostQuery(new FuzzyQuery(new Term(part.field, term), 1, 1), part.boost * FUZZY_WEIGHT), Occur.SHOULD);
    }
    return fields.build();
  }

  private static double idf(int n, int df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
