package atende.knowledge;

import atende.platform.Log;
import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.ContentEmbeddingStatistics;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Embedder} on Vertex AI through google-genai's {@code models.embedContent}, which sends
 * {@code POST .../publishers/google/models/{model}:predict} with {@code instances[{content, task_type,
 * title}]} and {@code parameters{outputDimensionality}} for these models (docs/reference/gcp.md
 * "Embeddings", with the sources). What that shapes here:
 * <ul>
 *   <li>The SDK puts the config's one {@code title} on every instance of a request, so documents are
 *       sent grouped by title.
 *   <li>A request carries at most {@link Limits#texts} inputs and {@link Limits#tokens} input tokens, or
 *       Vertex answers 400. No tokenizer runs here: a text is counted at {@link #CHARS_PER_TOKEN}
 *       characters a token, and a request is filled to {@link #TOKEN_BUDGET_SHARE} of the limit, for
 *       text that tokenises worse (digits, links, code).
 *   <li>Inputs over the model's 2,048 tokens are truncated by Vertex ({@code autoTruncate} is left at its
 *       default, true); how many were is logged.
 *   <li>Vectors are normalised here: Vertex documents its vectors as normalised, but a
 *       gemini-embedding-001 vector cut to 768 dimensions is not (Matryoshka truncation).
 * </ul>
 * The client's own retries (408, 429, 5xx) apply to each request.
 */
public final class VertexEmbedder implements Embedder {
  static final String RETRIEVAL_DOCUMENT = "RETRIEVAL_DOCUMENT";
  static final String RETRIEVAL_QUERY = "RETRIEVAL_QUERY";
  /** Pessimistic for Portuguese (Google's rule of thumb is four characters a token for English). */
  static final int CHARS_PER_TOKEN = 3;
  static final double TOKEN_BUDGET_SHARE = 0.75;

  /** What one request to the model may carry. */
  record Limits(int texts, int tokens) {
    /** The text-embedding models: 250 texts and 20,000 input tokens a request. */
    static final Limits TEXT_EMBEDDING = new Limits(250, 20_000);
    /** gemini-embedding-001 takes one text a request on Vertex; an unknown model is assumed to as well. */
    static final Limits ONE_TEXT = new Limits(1, 20_000);
    private static final Set<String> TEXT_EMBEDDING_MODELS =
        Set.of("text-multilingual-embedding-002", "text-embedding-005", "text-embedding-004");

    static Limits of(String model) {
      return TEXT_EMBEDDING_MODELS.contains(model) ? TEXT_EMBEDDING : ONE_TEXT;
    }
  }

  private final Client client;
  private final String model;
  private final Limits limits;

  /** {@code client}: a Vertex AI client (see {@code GeminiEngine.client}); {@code model}: an embedding model id. */
  public VertexEmbedder(Client client, String model) {
    this.client = client;
    this.model = model;
    this.limits = Limits.of(model);
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public List<double[]> embedDocuments(List<Document> documents) {
    for (int i = 0; i < documents.size(); i++) {
      if (documents.get(i).text().isBlank()) throw new IllegalArgumentException("document " + i + " has no text to embed");
    }
    double[][] vectors = new double[documents.size()][];
    List<List<Integer>> requests = requests(documents, limits);
    int truncated = 0;
    for (List<Integer> request : requests) {
      List<String> texts = request.stream().map(i -> documents.get(i).text()).toList();
      String title = documents.get(request.get(0)).title();
      EmbedContentConfig.Builder config = EmbedContentConfig.builder().taskType(RETRIEVAL_DOCUMENT).outputDimensionality(DIMENSIONS);
      if (!title.isEmpty()) config.title(title);
      List<ContentEmbedding> embeddings = embed(texts, config.build());
      for (int j = 0; j < request.size(); j++) {
        vectors[request.get(j)] = unit(embeddings.get(j));
        if (embeddings.get(j).statistics().flatMap(ContentEmbeddingStatistics::truncated).orElse(false)) truncated++;
      }
    }
    Log.info("knowledge.embedded", "model", model, "documents", documents.size(), "requests", requests.size(), "truncated", truncated);
    return List.of(vectors);
  }

  @Override
  public double[] embedQuery(String query) {
    if (query == null || query.isBlank()) throw new IllegalArgumentException("no query text to embed");
    EmbedContentConfig config = EmbedContentConfig.builder().taskType(RETRIEVAL_QUERY).outputDimensionality(DIMENSIONS).build();
    return unit(embed(List.of(query), config).get(0));
  }

  /**
   * The documents' indexes, one list per request: documents of the same title together (in the order
   * titles first appear), each request within {@code limits} by the estimate above. A document estimated
   * over the token limit on its own still goes, alone: Vertex decides.
   */
  static List<List<Integer>> requests(List<Document> documents, Limits limits) {
    Map<String, List<Integer>> byTitle = new LinkedHashMap<>();
    for (int i = 0; i < documents.size(); i++) byTitle.computeIfAbsent(documents.get(i).title(), t -> new ArrayList<>()).add(i);
    int budget = (int) (limits.tokens() * TOKEN_BUDGET_SHARE);
    List<List<Integer>> requests = new ArrayList<>();
    for (List<Integer> group : byTitle.values()) {
      List<Integer> current = new ArrayList<>();
      int tokens = 0;
      for (int i : group) {
        int estimate = estimateTokens(documents.get(i));
        if (!current.isEmpty() && (current.size() == limits.texts() || tokens + estimate > budget)) {
          requests.add(current);
          current = new ArrayList<>();
          tokens = 0;
        }
        current.add(i);
        tokens += estimate;
      }
      requests.add(current);
    }
    return requests;
  }

  static int estimateTokens(Document document) {
    int chars = document.title().length() + document.text().length();
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  private List<ContentEmbedding> embed(List<String> texts, EmbedContentConfig config) {
    EmbedContentResponse response;
    try {
      response = client.models.embedContent(model, texts, config);
    } catch (ApiException e) {
      throw new EmbeddingFailure(model, e.code(), e.status() + " " + e.message(), e);
    } catch (RuntimeException e) {
      // Timeouts and network errors (GenAiIOException), or a request the SDK refused to build.
      throw new EmbeddingFailure(model, 0, e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
    List<ContentEmbedding> embeddings = response.embeddings().orElse(List.of());
    if (embeddings.size() != texts.size()) {
      throw new EmbeddingFailure(model, 0, embeddings.size() + " embeddings for " + texts.size() + " texts", null);
    }
    return embeddings;
  }

  /** The embedding scaled to unit length; a vector of the wrong size or no length is not an embedding. */
  private double[] unit(ContentEmbedding embedding) {
    List<Float> values = embedding.values().orElse(List.of());
    if (values.size() != DIMENSIONS) {
      throw new EmbeddingFailure(model, 0, values.size() + " dimensions instead of " + DIMENSIONS, null);
    }
    double[] vector = new double[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = values.get(i);
      norm += vector[i] * vector[i];
    }
    if (norm == 0 || !Double.isFinite(norm)) throw new EmbeddingFailure(model, 0, "a vector without a direction", null);
    norm = Math.sqrt(norm);
    for (int i = 0; i < DIMENSIONS; i++) vector[i] /= norm;
    return vector;
  }
}
