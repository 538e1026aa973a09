package atende.local;

// Report command (from the repository root): dev/eval knowledge
//
// Add -Deval.showHoldoutErrors=true (dev/eval knowledge -Deval.showHoldoutErrors=true) to also list the
// held-out misses; look only once tuning is frozen: the held-out half must not drive any change.

import static org.assertj.core.api.Assertions.assertThat;

import atende.agent.GeminiEngine;
import atende.knowledge.Embedder;
import atende.knowledge.KnowledgeDoc;
import atende.knowledge.KnowledgeIndex;
import atende.knowledge.KnowledgeKind;
import atende.knowledge.VertexEmbedder;
import atende.knowledge.sources.Chunk;
import atende.knowledge.sources.Chunker;
import atende.knowledge.sources.Extractors;
import atende.platform.Settings;
import com.google.genai.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures knowledge retrieval on the labelled pt-BR set {@code shared/src/test/resources/knowledge-eval/}
 * (its README): every source file goes the production way ({@link Extractors#extract} by file name,
 * {@link Chunker#chunks}, one entry per chunk with its embedding from {@link VertexEmbedder}) into one
 * {@link KnowledgeIndex}, and each question is ranked lexically, semantically (pure cosine order) and by
 * the fused retrieval turns use. Embeddings come from the real google-genai client against
 * {@link FakeVertex}, or against Vertex AI when the environment configures Gemini; the report says which.
 *
 * <p>Answerable questions: recall@3 (a chunk of the expected file among the top 3), MRR (1 / rank of the
 * expected file's first chunk within the top {@value #DEPTH}, else 0) and section recall@3 (a top-3 chunk
 * of that file whose title contains the labelled section). Unanswerable ones: how often lexical and hybrid
 * ranking return anything at all. Every figure is given for the tuning half (odd ids, the only misses
 * looked at when improving retrieval), the held-out half (even ids) and the whole set.
 */
class KnowledgeRetrievalEvaluation {

  static final Path SET = Repo.root().resolve("shared/src/test/resources/knowledge-eval");
  static final Path REPORT = Repo.root().resolve("local/target/knowledge-retrieval-report.txt");
  static final int TOP = 3;
  static final int DEPTH = 10;

  /** One line of {@code questions.tsv}. */
  record Question(String id, String text, String expected, String section) {
    boolean answerable() {
      return !expected.equals("-");
    }

    /** Odd ids are the tuning half. */
    boolean tuning() {
      return Integer.parseInt(id.replaceAll("\\D", "")) % 2 == 1;
    }
  }

  enum Half {
    TUNING("tuning (odd)", Question::tuning),
    HELD_OUT("held-out (even)", q -> !q.tuning()),
    ALL("all", q -> true);

    final String label;
    final Predicate<Question> holds;

    Half(String label, Predicate<Question> holds) {
      this.label = label;
      this.holds = holds;
    }
  }

  enum Ranking { LEXICAL, SEMANTIC, HYBRID }

  /** What each ranking returned for one question, best first, at most {@value #DEPTH}. */
  record Outcome(Question question, Map<Ranking, List<KnowledgeDoc>> ranked, boolean weak, boolean lexicalMatch) {
    /** 1-based rank of the expected file's first chunk, 0 when absent. */
    int rank(Ranking r) {
      List<KnowledgeDoc> docs = ranked.get(r);
      for (int i = 0; i < docs.size(); i++) if (docs.get(i).source().equals(question.expected())) return i + 1;
      return 0;
    }

    boolean found(Ranking r) {
      int rank = rank(r);
      return rank > 0 && rank <= TOP;
    }

    double reciprocalRank(Ranking r) {
      int rank = rank(r);
      return rank == 0 ? 0 : 1.0 / rank;
    }

    boolean sectionFound(Ranking r) {
      return top(r).stream().anyMatch(d -> d.source().equals(question.expected()) && containsSection(d.title()));
    }

    boolean containsSection(String title) {
      return title.toLowerCase(Locale.ROOT).contains(question.section().toLowerCase(Locale.ROOT));
    }

    List<KnowledgeDoc> top(Ranking r) {
      List<KnowledgeDoc> docs = ranked.get(r);
      return docs.subList(0, Math.min(TOP, docs.size()));
    }
  }

  /** Milliseconds spent, for the report only: no gate rests on them. */
  record Timings(double extractAndChunk, double embedDocuments, double indexCold, double indexWarm,
      Map<Ranking, double[]> perQuery, double[] embedQuery) {}

  static String embeddings;
  static int sources;
  static List<KnowledgeDoc> chunks;
  static List<Outcome> outcomes;
  static Timings timings;
  private static FakeVertex vertex;

  @BeforeAll
  static void run() throws IOException {
    Settings environment = Settings.fromEnvironment();
    Settings settings = environment;
    if (environment.geminiConfigured()) {
      embeddings = "Vertex AI, model " + environment.embeddingModel()
          + (environment.googleApiKey().isPresent() ? " (express mode, GOOGLE_API_KEY)" : " (project " + environment.projectId() + ", ADC)");
    } else {
      vertex = new FakeVertex().recording(false);
      settings = Settings.from(name -> switch (name) {
        case "GOOGLE_API_KEY" -> "local-stand-in";
        case "GOOGLE_VERTEX_BASE_URL" -> vertex.url().toString();
        default -> null;
      });
      embeddings = "FakeVertex, the local stand-in (model " + settings.embeddingModel() + " on the wire): its vectors are"
          + " hashes of word stems and 3-grams, so semantic and hybrid figures measure only sub-word overlap, not meaning."
          + " Set GOOGLE_API_KEY, or GOOGLE_CLOUD_PROJECT with ADC, to measure Vertex AI.";
    }
    try (Client client = GeminiEngine.client(settings)) {
      evaluate(new VertexEmbedder(client, settings.embeddingModel()));
    }
    String report = report(Boolean.getBoolean("eval.showHoldoutErrors"));
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, report);
    System.out.println(report);
  }

  @AfterAll
  static void stop() {
    if (vertex != null) vertex.close();
  }

  // The goal of issue #13 is lexical recall@3 >= 0.9 on this set; it is NOT reached on the held-out half,
  // which no change to retrieval was fitted to: 0.653 (47 of 72) at first; 0.694 after synonym groups made
  // from the tuning half's misses; 0.806 once meaningful matches rank first; 0.819 once numbered clause
  // lines of plain-text policies became headings (tuning half 0.890, all 0.855). This is that measured
  // floor, a regression guard, not the goal: raise it when retrieval improves, to 0.9 once reached.
  static final double HELD_OUT_LEXICAL_RECALL_FLOOR = 0.81;

  @Test
  void onTheHeldOutHalfLexicalRankingFindsTheAnsweringSourceInTheTopThreeAtLeastAsOftenAsMeasured() {
    assertThat(recall(answerable(Half.HELD_OUT), Ranking.LEXICAL)).as("held-out lexical recall@3")
        .isGreaterThanOrEqualTo(HELD_OUT_LEXICAL_RECALL_FLOOR);
  }

  @Test
  void theSetHasTheSizeTheIssueAsksForAndEverySourceIsReadIntoChunks() {
    assertThat(sources).isGreaterThanOrEqualTo(15);
    assertThat(answerable(Half.ALL)).hasSizeGreaterThanOrEqualTo(80);
    assertThat(answerable(Half.HELD_OUT)).hasSizeGreaterThanOrEqualTo(40);
    assertThat(chunks.stream().map(KnowledgeDoc::source).distinct()).hasSize(sources);
    assertThat(outcomes).filteredOn(o -> o.question().answerable()).extracting(o -> o.question().expected())
        .allMatch(expected -> chunks.stream().anyMatch(c -> c.source().equals(expected)));
  }

  /** Prints the same report without JUnit. */
  public static void main(String[] args) throws IOException {
    try {
      run();
    } finally {
      stop();
    }
  }

  // ------------------------------------------------------------------------------------ plumbing

  static void evaluate(Embedder embedder) throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(SET.resolve("sources"))) {
      files = listed.sorted().toList();
    }
    sources = files.size();
    long start = System.nanoTime();
    List<List<KnowledgeDoc>> bySource = new ArrayList<>();
    for (Path file : files) bySource.add(chunks(file));
    double extractAndChunk = millis(start);

    start = System.nanoTime();
    List<KnowledgeIndex.Entry> entries = new ArrayList<>();
    for (List<KnowledgeDoc> docs : bySource) {
      // One call per source, as the sync embeds a source's chunks.
      List<double[]> vectors = embedder.embedDocuments(docs.stream().map(d -> new Embedder.Document(d.title(), d.content())).toList());
      for (int i = 0; i < docs.size(); i++) entries.add(new KnowledgeIndex.Entry(docs.get(i), vectors.get(i)));
    }
    double embedDocuments = millis(start);
    chunks = entries.stream().map(KnowledgeIndex.Entry::doc).toList();

    start = System.nanoTime();
    KnowledgeIndex.of(entries);
    double indexCold = millis(start);
    start = System.nanoTime();
    KnowledgeIndex index = KnowledgeIndex.of(entries);
    double indexWarm = millis(start);

    List<Question> questions = questions();
    outcomes = new ArrayList<>();
    Map<Ranking, double[]> perQuery = new EnumMap<>(Ranking.class);
    for (Ranking r : Ranking.values()) perQuery.put(r, new double[questions.size()]);
    double[] embedQuery = new double[questions.size()];
    for (int i = 0; i < questions.size(); i++) {
      String text = questions.get(i).text();
      Map<Ranking, List<KnowledgeDoc>> ranked = new EnumMap<>(Ranking.class);
      start = System.nanoTime();
      ranked.put(Ranking.LEXICAL, index.lexicalRanking(text, DEPTH));
      perQuery.get(Ranking.LEXICAL)[i] = millis(start);
      boolean lexicalMatch = !index.lexical(text, 1).isEmpty();
      start = System.nanoTime();
      double[] vector = embedder.embedQuery(text);
      embedQuery[i] = millis(start);
      start = System.nanoTime();
      ranked.put(Ranking.SEMANTIC, index.semantic(vector, DEPTH));
      perQuery.get(Ranking.SEMANTIC)[i] = millis(start);
      start = System.nanoTime();
      KnowledgeIndex.Retrieval hybrid = index.retrieve(text, Optional.of(vector), DEPTH);
      perQuery.get(Ranking.HYBRID)[i] = millis(start);
      ranked.put(Ranking.HYBRID, hybrid.docs());
      outcomes.add(new Outcome(questions.get(i), ranked, hybrid.weak(), lexicalMatch));
    }
    timings = new Timings(extractAndChunk, embedDocuments, indexCold, indexWarm, perQuery, embedQuery);
  }

  /** A source file's chunks as the sync makes them, named by file and position. */
  static List<KnowledgeDoc> chunks(Path file) throws IOException {
    String name = file.getFileName().toString();
    List<Chunk> chunks = Chunker.chunks(Extractors.extract(Files.readAllBytes(file), null, name)).chunks();
    List<KnowledgeDoc> docs = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      docs.add(new KnowledgeDoc(String.format(Locale.ROOT, "%s#%03d", name, i), c.title(), c.content(), KnowledgeKind.FAQ,
          List.of(), "pt-BR", name));
    }
    return docs;
  }

  static List<Question> questions() {
    try {
      return Files.readAllLines(SET.resolve("questions.tsv"), StandardCharsets.UTF_8).stream().skip(1)
          .filter(line -> !line.isBlank())
          .map(line -> Arrays.copyOf(line.split("\t", -1), 4))
          .map(f -> new Question(f[0], f[1], f[2], f[3] == null ? "" : f[3]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Outcome> answerable(Half half) {
    return outcomes.stream().filter(o -> o.question().answerable() && half.holds.test(o.question())).toList();
  }

  static List<Outcome> unanswerable(Half half) {
    return outcomes.stream().filter(o -> !o.question().answerable() && half.holds.test(o.question())).toList();
  }

  static double recall(List<Outcome> of, Ranking r) {
    return mean(of, o -> o.found(r) ? 1 : 0);
  }

  static double mean(List<Outcome> of, ToDoubleFunction<Outcome> value) {
    return of.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  static double millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String report(boolean showHoldoutErrors) {
    StringBuilder sb = new StringBuilder("\n=== Knowledge retrieval evaluation (pt-BR) ===\n\n");
    sb.append("Embeddings: ").append(embeddings).append("\n");
    sb.append(String.format(Locale.ROOT, "Set: %d sources -> %d chunks; %d questions, %d answerable, %d unanswerable%n%n",
        sources, chunks.size(), outcomes.size(), answerable(Half.ALL).size(), unanswerable(Half.ALL).size()));

    sb.append(String.format(Locale.ROOT, "%-16s %4s  %-22s  %-22s  %-22s%n", "answerable", "n",
        "recall@3 lex/sem/hyb", "MRR@10 lex/sem/hyb", "section@3 lex/sem/hyb"));
    for (Half half : Half.values()) {
      List<Outcome> of = answerable(half);
      List<Outcome> sectioned = of.stream().filter(o -> !o.question().section().isEmpty()).toList();
      sb.append(String.format(Locale.ROOT, "%-16s %4d  %-22s  %-22s  %-22s%n", half.label, of.size(),
          triple(r -> recall(of, r)), triple(r -> mean(of, o -> o.reciprocalRank(r))),
          triple(r -> mean(sectioned, o -> o.sectionFound(r) ? 1 : 0))));
    }
    long reachable = answerable(Half.ALL).stream()
        .filter(o -> chunks.stream().anyMatch(c -> c.source().equals(o.question().expected()) && o.containsSection(c.title())))
        .count();
    sb.append(String.format(Locale.ROOT, "(section@3's ceiling: %d of %d labelled sections are in some chunk title of their file;"
        + " small subsections merge under their parent's title)%n%n", reachable, answerable(Half.ALL).size()));

    sb.append(String.format(Locale.ROOT, "%-16s %4s  %-26s  %-26s%n", "unanswerable", "n", "false match lexical", "false match hybrid"));
    for (Half half : Half.values()) {
      List<Outcome> of = unanswerable(half);
      sb.append(String.format(Locale.ROOT, "%-16s %4d  %-26s  %-26s%n", half.label, of.size(),
          share(of, Outcome::lexicalMatch), share(of, o -> !o.ranked().get(Ranking.HYBRID).isEmpty())));
    }
    sb.append(String.format(Locale.ROOT, "%nHybrid retrievals flagged weak (they would become knowledge gaps):%n"));
    for (Half half : Half.values()) {
      sb.append(String.format(Locale.ROOT, "%-16s answerable %-14s unanswerable %s%n", half.label,
          share(answerable(half), Outcome::weak), share(unanswerable(half), Outcome::weak)));
    }

    sb.append(String.format(Locale.ROOT, "%nTime (figures only, this machine, no gate):%n"
            + "  extract + chunk %d sources %.0f ms; embed %d chunks %.0f ms; index build %.0f ms cold (first in this JVM), %.0f ms warm%n"
            + "  per query, median: lexical %.2f ms, query embedding %.2f ms, semantic %.2f ms, hybrid %.2f ms (+ the embedding)%n",
        sources, timings.extractAndChunk(), chunks.size(), timings.embedDocuments(), timings.indexCold(), timings.indexWarm(),
        median(timings.perQuery().get(Ranking.LEXICAL)), median(timings.embedQuery()),
        median(timings.perQuery().get(Ranking.SEMANTIC)), median(timings.perQuery().get(Ranking.HYBRID))));

    sb.append(misses(Half.TUNING));
    if (showHoldoutErrors) sb.append(misses(Half.HELD_OUT));
    return sb.toString();
  }

  private static String triple(ToDoubleFunction<Ranking> figure) {
    return String.format(Locale.ROOT, "%.3f %.3f %.3f",
        figure.applyAsDouble(Ranking.LEXICAL), figure.applyAsDouble(Ranking.SEMANTIC), figure.applyAsDouble(Ranking.HYBRID));
  }

  private static String share(List<Outcome> of, Predicate<Outcome> holds) {
    long n = of.stream().filter(holds).count();
    return String.format(Locale.ROOT, "%d/%d (%.1f%%)", n, of.size(), of.isEmpty() ? 0 : 100.0 * n / of.size());
  }

  /** Lexical misses (expected file not in the top 3) and false matches of one half, with what came first. */
  private static String misses(Half half) {
    StringBuilder sb = new StringBuilder("\n").append(half.label).append(": lexical misses (expected -> top 3 files)\n");
    for (Outcome o : outcomes) {
      Question q = o.question();
      if (!half.holds.test(q)) continue;
      List<KnowledgeDoc> top = o.top(Ranking.LEXICAL);
      if (q.answerable() ? !o.found(Ranking.LEXICAL) : !top.isEmpty()) {
        sb.append(String.format(Locale.ROOT, "  %s %s%n       %s -> %s%n", q.id(), q.text(), q.expected(),
            top.stream().map(KnowledgeDoc::source).toList()));
      }
    }
    return sb.toString();
  }
}
