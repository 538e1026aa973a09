package atende.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lexical knowledge retrieval for the offline engine: BM25 over title, tags and content, with the
 * title and tags boosted, on {@link PtText#terms} (folded, slang-expanded, stopword-free stems).
 *
 * <p>Scoring (a simplified BM25F): each document is one bag of terms where a title or tag
 * occurrence counts {@value #TITLE_BOOST}/{@value #TAG_BOOST} times and a content occurrence once;
 * document length is that weighted count. {@code k1 = 1.2}, {@code b = 0.75}, and
 * {@code idf = ln(1 + (N - df + 0.5) / (df + 0.5))}, which is always positive. Each distinct query
 * term counts once. A query term that appears in no document may match a document term that is one
 * edit away ({@link PtText#similar}, e.g. a typo), at {@value #FUZZY_WEIGHT} of the weight.
 *
 * <p><b>Threshold.</b> A document is returned only when it is a meaningful match:
 *
 * <ul>
 *   <li>its score is positive, and
 *   <li>it matches at least {@code min(2, ceil(0.3 × q))} of the {@code q} distinct query terms,
 *       and
 *   <li>the matched terms carry at least {@value #MIN_IDF_SHARE} of the query's total idf mass.
 *       Query terms unknown to the whole knowledge base count in that mass like the rarest known
 *       term (document frequency 1), so a query that is mostly about something the base does not
 *       cover ("o sistema da loja caiu", "qual a capital da França") does not surface a document
 *       just because one generic word ("sistema") matched, while "não consigo logar no app" still
 *       finds the login procedure although "app" appears nowhere.
 * </ul>
 *
 * <p>Ordering is deterministic: score descending, then id ascending.
 */
public final class KnowledgeRanker {

  /** A document and its relevance score (higher is better; only comparable within one query). */
  public record ScoredDoc(KnowledgeDoc doc, double score) {}

  static final double K1 = 1.2;
  static final double B = 0.75;
  static final double TITLE_BOOST = 2.0;
  static final double TAG_BOOST = 2.0;
  static final double FUZZY_WEIGHT = 0.6;
  static final double MIN_IDF_SHARE = 0.3;

  /**
   * The documents that meaningfully match {@code query}, best first, at most {@code limit}.
   * Empty when the query has no content words, no document matches, or {@code limit <= 0}.
   */
  public List<ScoredDoc> rank(String query, List<KnowledgeDoc> docs, int limit) {
    if (query == null || docs == null || docs.isEmpty() || limit <= 0) return List.of();
    List<String> queryTerms = new ArrayList<>(new LinkedHashSet<>(PtText.terms(query)));
    if (queryTerms.isEmpty()) return List.of();

    int n = docs.size();
    List<Map<String, Double>> tfs = new ArrayList<>(n);
    double[] lengths = new double[n];
    Map<String, Integer> df = new HashMap<>();
    double totalLength = 0;
    for (int i = 0; i < n; i++) {
      KnowledgeDoc d = docs.get(i);
      Map<String, Double> tf = new HashMap<>();
      add(tf, PtText.terms(d.title()), TITLE_BOOST);
      for (String tag : d.tags()) add(tf, PtText.terms(tag), TAG_BOOST);
      add(tf, PtText.terms(d.content()), 1.0);
      double len = 0;
      for (double v : tf.values()) len += v;
      lengths[i] = len;
      totalLength += len;
      tfs.add(tf);
      for (String t : tf.keySet()) df.merge(t, 1, Integer::sum);
    }
    double avgLength = totalLength / n;
    Set<String> vocabulary = new TreeSet<>(df.keySet()); // sorted: fuzzy candidates in stable order

    // For each query term: the document terms it stands for, with their weight.
    List<Map<String, Double>> variants = new ArrayList<>();
    double[] queryMass = new double[queryTerms.size()];
    for (int q = 0; q < queryTerms.size(); q++) {
      String term = queryTerms.get(q);
      Map<String, Double> v = new HashMap<>();
      if (df.containsKey(term)) {
        v.put(term, 1.0);
      } else {
        for (String candidate : vocabulary) {
          if (PtText.similar(term, candidate)) v.put(candidate, FUZZY_WEIGHT);
        }
      }
      variants.add(v);
      int bestDf = 0;
      for (String t : v.keySet()) bestDf = Math.max(bestDf, df.get(t));
      queryMass[q] = idf(n, Math.max(1, bestDf)); // unknown terms weigh like the rarest known term
    }
    double totalMass = 0;
    for (double m : queryMass) totalMass += m;
    int requiredTerms = Math.min(2, (int) Math.ceil(0.3 * queryTerms.size()));

    List<ScoredDoc> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Double> tf = tfs.get(i);
      double norm = K1 * (1 - B + B * lengths[i] / avgLength);
      double score = 0;
      double matchedMass = 0;
      int matchedTerms = 0;
      for (int q = 0; q < queryTerms.size(); q++) {
        double best = 0;
        double bestWeight = 0;
        for (Map.Entry<String, Double> e : variants.get(q).entrySet()) {
          Double f = tf.get(e.getKey());
          if (f == null) continue;
          double s = e.getValue() * idf(n, df.get(e.getKey())) * f * (K1 + 1) / (f + norm);
          if (s > best) {
            best = s;
            bestWeight = e.getValue();
          }
        }
        if (best > 0) {
          score += best;
          matchedTerms++;
          matchedMass += bestWeight * queryMass[q];
        }
      }
      if (score > 0 && matchedTerms >= requiredTerms && matchedMass >= MIN_IDF_SHARE * totalMass) {
        out.add(new ScoredDoc(docs.get(i), score));
      }
    }
    out.sort(Comparator.comparingDouble(ScoredDoc::score).reversed()
        .thenComparing(s -> s.doc().id()));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
  }

  private static void add(Map<String, Double> tf, List<String> terms, double weight) {
    for (String t : terms) tf.merge(t, weight, Double::sum);
  }

  private static double idf(int n, int df) {
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
