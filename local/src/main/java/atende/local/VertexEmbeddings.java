package atende.local;

import atende.knowledge.PtText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * How {@link FakeVertex} answers {@code POST .../publishers/google/models/{model}:predict} for the text
 * embedding models, as Vertex AI does (docs/reference/gcp.md "Embeddings" has the sources):
 * <ul>
 *   <li>Request {@code instances[{content, task_type?, title?}]}, {@code parameters{outputDimensionality?,
 *       autoTruncate?}}; answer {@code predictions[{embeddings{values, statistics{truncated, token_count}}}]}
 *       and {@code metadata{billableCharacterCount}}.
 *   <li>A model it does not serve is 404 "Publisher Model `...` was not found or your project does not
 *       have access to it" (genkit-ai/genkit#4688 shows the wording).
 *   <li>250 texts a request for the text-embedding models, one for gemini-embedding-001 ("Get text
 *       embeddings"); more is 400 "N instance(s) is allowed per prediction. Actual: M"
 *       (LangStream/langstream#570 shows the wording).
 *   <li>20,000 input tokens a request, counted before truncation (pessimistic), else 400; an input over
 *       2,048 tokens is truncated ({@code truncated: true}) unless {@code autoTruncate} is false, then it
 *       is 400. The token wording is the one Vertex uses for generateContent, assumed here.
 *   <li>An empty {@code content} is 400; a {@code title} is only valid with task type RETRIEVAL_DOCUMENT
 *       (the Text embeddings API reference), 400 otherwise; an unknown task type or an
 *       {@code outputDimensionality} outside the model's range is 400 INVALID_ARGUMENT
 *       (TextEmbeddingPredictionParams). Those wordings are ours.
 *   <li>Tokens at three characters each: pessimistic for Portuguese, like the answers' tokens.
 * </ul>
 * The vectors cannot be semantic: each is a deterministic feature hash of the accent-folded word stems
 * of title and text and of the stems' character 3-grams ({@link #vector}), at the model's full size and unit
 * length, then cut to {@code outputDimensionality} as Matryoshka models are (so a cut vector is no
 * longer unit length, as gemini-embedding-001's are not). Similarity between them measures only
 * shared words and word pieces: a figure measured against this stand-in says nothing of Google's model.
 */
final class VertexEmbeddings {
  private VertexEmbeddings() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A served model: its full vector size, the smallest {@code outputDimensionality} it takes, texts per request. */
  record Model(int dimensions, int minDimensions, int textsPerRequest) {}

  static final Map<String, Model> MODELS = Map.of(
      "text-multilingual-embedding-002", new Model(768, 1, 250),
      "text-embedding-005", new Model(768, 1, 250),
      "gemini-embedding-001", new Model(3072, 128, 1));
  static final int MAX_INPUT_TOKENS = 2_048;
  static final int MAX_REQUEST_TOKENS = 20_000;
  static final int CHARS_PER_TOKEN = FakeVertex.CHARS_PER_ANSWER_TOKEN;
  static final Set<String> TASK_TYPES = Set.of("RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT", "SEMANTIC_SIMILARITY",
      "CLASSIFICATION", "CLUSTERING", "QUESTION_ANSWERING", "FACT_VERIFICATION", "CODE_RETRIEVAL_QUERY");
  /** A stem counts this much; each of its 3-grams this much, so a shared word outweighs a shared piece. */
  private static final double STEM_WEIGHT = 1.0;
  private static final double GRAM_WEIGHT = 0.25;

  /** Vertex's answer to a predict request for {@code modelId}: the embeddings, or its refusal. */
  static FakeVertex.Reply answer(FakeVertex.Request request, String modelId) {
    Model model = MODELS.get(modelId);
    if (model == null) {
      String resource = request.path().replaceFirst("^/v1beta1/", "").replaceFirst(":predict$", "");
      return FakeVertex.Reply.error(404, "NOT_FOUND", "Publisher Model `" + resource + "` was not found or your project does not "
          + "have access to it. Please ensure you are using a valid model version. For more information, see: "
          + "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions");
    }
    JsonNode body = request.body();
    if (body == null || !body.path("instances").isArray()) return invalid("Invalid JSON payload received.");
    JsonNode instances = body.get("instances");
    if (instances.isEmpty()) return invalid("Request contains an invalid argument.");
    if (instances.size() > model.textsPerRequest()) {
      return invalid(model.textsPerRequest() + " instance(s) is allowed per prediction. Actual: " + instances.size());
    }
    JsonNode parameters = body.path("parameters");
    int dimensions = model.dimensions();
    if (parameters.has("outputDimensionality")) {
      dimensions = parameters.path("outputDimensionality").asInt(0);
      if (dimensions < model.minDimensions() || dimensions > model.dimensions()) {
        return invalid("outputDimensionality must be between " + model.minDimensions() + " and " + model.dimensions() + " for " + modelId + ".");
      }
    }
    boolean autoTruncate = parameters.path("autoTruncate").asBoolean(true);
    int requestTokens = 0;
    for (int i = 0; i < instances.size(); i++) {
      JsonNode instance = instances.get(i);
      String content = instance.path("content").asText("");
      if (content.isBlank()) return invalid("instances[" + i + "].content: the text content is empty.");
      String task = instance.path("task_type").asText("");
      if (!task.isEmpty() && !TASK_TYPES.contains(task)) return invalid("instances[" + i + "].task_type: unknown task type " + task + ".");
      if (instance.has("title") && !"RETRIEVAL_DOCUMENT".equals(task)) {
        return invalid("instances[" + i + "].title is only valid with task_type RETRIEVAL_DOCUMENT.");
      }
      int tokens = tokens(instance);
      if (!autoTruncate && tokens > MAX_INPUT_TOKENS) return tooManyTokens(tokens, MAX_INPUT_TOKENS);
      requestTokens += tokens;
    }
    if (requestTokens > MAX_REQUEST_TOKENS) return tooManyTokens(requestTokens, MAX_REQUEST_TOKENS);

    ObjectNode root = JSON.createObjectNode();
    ArrayNode predictions = root.putArray("predictions");
    int characters = 0;
    for (JsonNode instance : instances) {
      int tokens = tokens(instance);
      boolean truncated = tokens > MAX_INPUT_TOKENS;
      String text = instance.path("title").asText("") + "\n" + instance.path("content").asText();
      if (truncated) text = text.substring(0, MAX_INPUT_TOKENS * CHARS_PER_TOKEN);
      characters += instance.path("content").asText().length();
      ObjectNode embeddings = predictions.addObject().putObject("embeddings");
      ArrayNode values = embeddings.putArray("values");
      double[] vector = vector(text, model.dimensions());
      for (int d = 0; d < dimensions; d++) values.add((float) vector[d]);
      embeddings.putObject("statistics").put("truncated", truncated).put("token_count", Math.min(tokens, MAX_INPUT_TOKENS));
    }
    root.putObject("metadata").put("billableCharacterCount", characters);
    return FakeVertex.Reply.ok(root.toString());
  }

  private static int tokens(JsonNode instance) {
    int chars = instance.path("title").asText("").length() + instance.path("content").asText("").length();
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  private static FakeVertex.Reply invalid(String message) {
    return FakeVertex.Reply.error(400, "INVALID_ARGUMENT", message);
  }

  private static FakeVertex.Reply tooManyTokens(int tokens, int limit) {
    return invalid("Unable to submit request because the input token count is " + tokens + " but the model supports up to "
        + limit + ". Reduce the input token count and try again.");
  }

  /**
   * The stand-in's embedding: every word stem (accent-folded, stopwords dropped, {@link PtText#terms})
   * and every 3-gram of the stem (with its ends marked), hashed with a sign into {@code dimensions} buckets, then scaled
   * to unit length. A text with no such word is hashed whole, so no vector is zero.
   */
  static double[] vector(String text, int dimensions) {
    double[] vector = new double[dimensions];
    for (String term : PtText.terms(text)) {
      add(vector, "w:" + term, STEM_WEIGHT);
      String padded = "^" + term + "$";
      for (int i = 0; i + 3 <= padded.length(); i++) add(vector, "g:" + padded.substring(i, i + 3), GRAM_WEIGHT);
    }
    double norm = 0;
    for (double v : vector) norm += v * v;
    if (norm == 0) {
      add(vector, "t:" + PtText.fold(text).strip(), STEM_WEIGHT);
      norm = STEM_WEIGHT * STEM_WEIGHT;
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < dimensions; i++) vector[i] /= norm;
    return vector;
  }

  /** Feature hashing with a sign bit (FNV-1a, 64 bits), so collisions cancel out rather than pile up. */
  private static void add(double[] vector, String feature, double weight) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    int bucket = (int) Math.floorMod(hash, (long) vector.length);
    vector[bucket] += hash < 0 ? -weight : weight;
  }
}
