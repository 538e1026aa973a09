package atende.knowledge;

import atende.platform.Settings;
import com.google.genai.Client;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Text embeddings for semantic ranking of the knowledge base: chunks are embedded once, at sync time,
 * as retrieval documents (their vectors stored on the chunk with {@link #model()}, so a model change
 * re-embeds), and a customer's question once per turn as a retrieval query. Every vector has
 * {@link #DIMENSIONS} components and unit length, so the dot product ({@link #similarity}) is the
 * cosine similarity. Failures surface as {@link EmbeddingFailure}.
 */
public interface Embedder {
  /**
   * The stored vector size, whatever the model: text-multilingual-embedding-002's full size, and a size
   * gemini-embedding-001 is asked for with {@code outputDimensionality} (docs/reference/gcp.md
   * "Embeddings"); within Firestore's 2048-dimension limit for vector fields.
   */
  int DIMENSIONS = 768;

  /** A chunk to embed: its title (may be empty) helps the model place the text. */
  record Document(String title, String text) {
    public Document {
      title = title == null ? "" : title.strip();
      text = text == null ? "" : text;
    }
  }

  /** The model id the vectors come from. */
  String model();

  /** One unit vector per document, in the documents' order (task type RETRIEVAL_DOCUMENT). */
  List<double[]> embedDocuments(List<Document> documents);

  /** The unit vector of a customer's question (task type RETRIEVAL_QUERY). */
  double[] embedQuery(String query);

  /** Cosine similarity of two unit vectors of the same model: their dot product, in [-1, 1]. */
  static double similarity(double[] a, double[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
    double dot = 0;
    for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
    return dot;
  }

  /**
   * The Vertex AI embedder when Gemini is configured, else empty (retrieval stays lexical). {@code clients}
   * builds the google-genai client from the settings ({@code GeminiEngine.embeddingClient}), passed in because the
   * agent package sits above this one.
   */
  static Optional<Embedder> of(Settings settings, Function<Settings, Client> clients) {
    if (!settings.geminiConfigured()) return Optional.empty();
    return Optional.of(new VertexEmbedder(clients.apply(settings), settings.embeddingModel()));
  }
}
