package atende.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance's knowledge ranked three ways: lexically ({@link LexicalIndex}), semantically (cosine of
 * embeddings computed at sync time against the question's, {@link Embedder}), and both fused — what a
 * turn uses. Pure: the vectors are given.
 *
 * <p><b>Fusion.</b> Reciprocal rank fusion ({@code 1 / (60 + rank)} summed over the lexical and the
 * semantic order, Cormack et al. 2009) over the candidates: the lexical order (meaningful matches first,
 * then anything sharing a word) and the {@code limit} entries nearest to the question. No threshold, because
 * vectors exist only when Gemini is configured and the model, told to answer only from the knowledge it is
 * given (its rule 1), is the judge of whether they answer; the offline engine, which quotes its best entry,
 * never has vectors and keeps the lexical threshold. Entries without a vector of the question's model take
 * part lexically only; with fewer than {@value #MIN_VECTORS} vectors ranking is lexical.
 *
 * <p><b>Weak.</b> A retrieval is weak when the best lexical match covers less than {@value #STRONG_COVERAGE}
 * of the question and no entry's similarity <i>stands out</i>: at least {@value #MIN_Z} standard deviations
 * above the mean similarity of the instance's entries. Standing out, not an absolute cosine, because cosine
 * levels differ by model (the local stand-in's sub-word vectors score far lower than Google's): an off-topic
 * question has no outlier, a question about one entry does (with n entries no z-score exceeds
 * {@code (n - 1) / sqrt(n)}, so a small base relies on the lexical coverage). A weak answer rests on little,
 * so its question is a knowledge gap ({@link KnowledgeGaps}).
 */
public final class KnowledgeIndex {
  static final int RRF_K = 60;
  static final double MIN_Z = 3.5;
  static final int MIN_VECTORS = 5;
  static final double STRONG_COVERAGE = 0.6;

  /** An entry and its embedding (null when it has none, or one of another model). */
  public record Entry(KnowledgeDoc doc, double[] embedding) {}

  /** The entries a turn gets, best first, and whether they rest on little. */
  public record Retrieval(List<KnowledgeDoc> docs, boolean weak) {
    public static final Retrieval NONE = new Retrieval(List.of(), true);
  }

  private final List<Entry> entries;
  private final LexicalIndex lexical;
  private final int vectors;

  private KnowledgeIndex(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    this.lexical = LexicalIndex.of(entries.stream().map(Entry::doc).toList());
    this.vectors = (int) entries.stream().filter(e -> e.embedding() != null).count();
  }

  public static KnowledgeIndex of(List<Entry> entries) {
    return new KnowledgeIndex(entries);
  }

  /** Whether a question's vector would change anything: enough entries have one. */
  public boolean semantic() {
    return vectors >= MIN_VECTORS;
  }

  /** Lexical ranking alone: the meaningful matches, best first (what the offline engine quotes from). */
  public List<KnowledgeDoc> lexical(String query, int limit) {
    return lexical.rank(query, limit).stream().map(LexicalIndex.ScoredDoc::doc).toList();
  }

  /** The lexical order without the meaningful-match threshold (for measuring the ranking apart from it). */
  public List<KnowledgeDoc> lexicalRanking(String query, int limit) {
    return lexical.candidates(query, limit).stream().map(LexicalIndex.ScoredDoc::doc).toList();
  }

  /** Semantic ranking alone: every entry with a vector, most similar first (no threshold; for measuring). */
  public List<KnowledgeDoc> semantic(double[] queryVector, int limit) {
    return bySimilarity(queryVector).stream().limit(limit).map(s -> s.entry().doc()).toList();
  }

  /** Both fused (see the class comment); lexical alone without a question vector. */
  public Retrieval retrieve(String query, Optional<double[]> queryVector, int limit) {
    if (queryVector.isEmpty() || !semantic()) {
      List<LexicalIndex.ScoredDoc> hits = lexical.rank(query, limit);
      return new Retrieval(hits.stream().map(LexicalIndex.ScoredDoc::doc).toList(), weak(hits));
    }
    // The model judges what it is given, so the lexical side is its whole order, meaningful matches first.
    List<LexicalIndex.ScoredDoc> lexicalHits = lexical.candidates(query, Math.max(limit, 10));
    double bestCoverage = lexicalHits.stream().filter(LexicalIndex.ScoredDoc::meaningful)
        .mapToDouble(LexicalIndex.ScoredDoc::coverage).max().orElse(0);
    List<Similar> similar = bySimilarity(queryVector.get());
    double mean = similar.stream().mapToDouble(Similar::cosine).average().orElse(0);
    double variance = similar.stream().mapToDouble(s -> (s.cosine() - mean) * (s.cosine() - mean)).average().orElse(0);
    double spread = Math.sqrt(variance);

    Map<String, Double> fused = new LinkedHashMap<>();
    Map<String, KnowledgeDoc> docs = new HashMap<>();
    for (int rank = 0; rank < lexicalHits.size(); rank++) {
      KnowledgeDoc doc = lexicalHits.get(rank).doc();
      fused.merge(doc.id(), rrf(rank), Double::sum);
      docs.put(doc.id(), doc);
    }
    boolean standsOut = false;
    for (int rank = 0; rank < similar.size(); rank++) {
      Similar s = similar.get(rank);
      String id = s.entry().doc().id();
      standsOut |= spread > 0 && (s.cosine() - mean) / spread >= MIN_Z;
      if (rank < limit || fused.containsKey(id)) {
        fused.merge(id, rrf(rank), Double::sum);
        docs.put(id, s.entry().doc());
      }
    }
    List<KnowledgeDoc> ranked = fused.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(limit).map(e -> docs.get(e.getKey())).toList();
    return new Retrieval(ranked, !standsOut && bestCoverage < STRONG_COVERAGE);
  }

  /** Weak unless a meaningful match covers most of the question. */
  private static boolean weak(List<LexicalIndex.ScoredDoc> meaningful) {
    return meaningful.stream().mapToDouble(LexicalIndex.ScoredDoc::coverage).max().orElse(0) < STRONG_COVERAGE;
  }

  private record Similar(Entry entry, double cosine) {}

  private List<Similar> bySimilarity(double[] queryVector) {
    List<Similar> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.embedding() != null && e.embedding().length == queryVector.length) {
        out.add(new Similar(e, Embedder.similarity(queryVector, e.embedding())));
      }
    }
    out.sort(Comparator.comparingDouble(Similar::cosine).reversed().thenComparing(s -> s.entry().doc().id()));
    return out;
  }

  private static double rrf(int rank) {
    return 1.0 / (RRF_K + rank + 1);
  }
}
