package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import atende.agent.GeminiEngine;
import atende.knowledge.Embedder;
import atende.knowledge.EmbeddingFailure;
import atende.knowledge.VertexEmbedder;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.ContentEmbeddingStatistics;
import com.google.genai.types.EmbedContentConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Knowledge embeddings through the real google-genai client, as the sync and the turn will call them,
 * against FakeVertex's {@code predict}: what goes over the wire, how documents are batched within
 * Vertex's per-request limits, and how Vertex's refusals surface. Similarity here is the stand-in's
 * word overlap, not Google's model (see {@link VertexEmbeddings}).
 */
@Timeout(60)
class EmbeddingsTest {
  static final String MODEL = Settings.DEFAULT_EMBEDDING_MODEL;
  /** One attempt: an error status reaches the embedder at once instead of after the SDK's retries. */
  static final GeminiEngine.Transport ONE_ATTEMPT =
      new GeminiEngine.Transport(Duration.ofSeconds(10), 1, Duration.ofMillis(20), Optional.empty());

  FakeVertex vertex;
  Client client;

  /** A fresh stand-in per test: its request counts are that test's alone. */
  @BeforeEach
  void start() {
    vertex = new FakeVertex();
    client = GeminiEngine.client(settings(MODEL), ONE_ATTEMPT);
  }

  @AfterEach
  void stop() {
    client.close();
    vertex.close();
  }

  Settings settings(String embeddingModel) {
    return Settings.from(name -> switch (name) {
      case "GOOGLE_API_KEY" -> "test-express-key";
      case "GOOGLE_VERTEX_BASE_URL" -> vertex.url().toString();
      case "ATENDE_EMBEDDING_MODEL" -> embeddingModel;
      default -> null;
    });
  }

  Embedder embedder(String model) {
    return new VertexEmbedder(client, model);
  }

  static double length(double[] v) {
    return Math.sqrt(Embedder.similarity(v, v));
  }

  @Test
  void documentsAndAQueryComeBackAsUnitVectorsOfTheStoredSize() {
    Embedder embedder = Embedder.of(settings(MODEL), GeminiEngine::client).orElseThrow();
    List<double[]> documents = embedder.embedDocuments(List.of(
        new Embedder.Document("Senha", "Para redefinir sua senha, toque em Esqueci minha senha na tela de login."),
        new Embedder.Document("Boleto", "O boleto vence todo dia 10 e pode ser pago em qualquer banco.")));
    double[] query = embedder.embedQuery("como troco minha senha?");

    assertThat(embedder.model()).isEqualTo(MODEL);
    assertThat(documents).hasSize(2).allSatisfy(v -> {
      assertThat(v).hasSize(Embedder.DIMENSIONS);
      assertThat(length(v)).isCloseTo(1.0, offset(1e-6));
    });
    assertThat(query).hasSize(Embedder.DIMENSIONS);
    assertThat(vertex.embeddingRequests()).as("one request per title, one for the query").isEqualTo(3);
  }

  @Test
  void theWireCarriesTaskTypeTitleAndDimensionAsVertexDocumentsThem() {
    embedder(MODEL).embedDocuments(List.of(new Embedder.Document("Horário", "Atendemos de segunda a sexta, das 8h às 18h.")));
    embedder(MODEL).embedQuery("que horas vocês abrem?");

    List<FakeVertex.Request> sent = vertex.requests();
    assertThat(sent).extracting(FakeVertex.Request::path)
        .containsOnly("/v1beta1/publishers/google/models/" + MODEL + ":predict");
    JsonNode document = sent.get(0).body();
    assertThat(document.at("/instances/0/content").asText()).isEqualTo("Atendemos de segunda a sexta, das 8h às 18h.");
    assertThat(document.at("/instances/0/task_type").asText()).isEqualTo("RETRIEVAL_DOCUMENT");
    assertThat(document.at("/instances/0/title").asText()).isEqualTo("Horário");
    assertThat(document.at("/parameters/outputDimensionality").asInt()).isEqualTo(Embedder.DIMENSIONS);
    JsonNode query = sent.get(1).body();
    assertThat(query.at("/instances/0/task_type").asText()).isEqualTo("RETRIEVAL_QUERY");
    assertThat(query.at("/instances/0").has("title")).as("a title is only valid on documents").isFalse();
  }

  @Test
  void aQuestionSharingTheDocumentsWordsScoresCloserThanAnUnrelatedText() {
    // The stand-in sees shared stems and word pieces ("redefinir"/"redefino", "senha"), not meaning:
    // the example is one that sub-word overlap decides honestly.
    Embedder embedder = embedder(MODEL);
    List<double[]> docs = embedder.embedDocuments(List.of(
        new Embedder.Document("Redefinição de senha", "Na tela de entrada, toque em Esqueci minha senha e siga o e-mail."),
        new Embedder.Document("Segunda via do boleto", "A segunda via do boleto sai no app, em Financeiro > Faturas.")));
    double[] query = embedder.embedQuery("Esqueci a senha, como redefino?");

    double password = Embedder.similarity(query, docs.get(0));
    double invoice = Embedder.similarity(query, docs.get(1));
    assertThat(password).isGreaterThan(invoice + 0.2);
  }

  @Test
  void moreDocumentsThanOneRequestTakesAreSplitWithinVertexsLimits() {
    List<Embedder.Document> many = IntStream.range(0, 260)
        .mapToObj(i -> new Embedder.Document("Perguntas frequentes", "Pergunta número " + i + ": como funciona o plano " + i + "?"))
        .toList();

    List<double[]> vectors = embedder(MODEL).embedDocuments(many);

    assertThat(vectors).hasSize(260);
    assertThat(vertex.embeddingRequests()).as("250 texts a request, then the other 10").isEqualTo(2);
    assertThat(vertex.embeddedTexts()).isEqualTo(260);
    assertThat(vectors.get(259)).as("order kept across requests")
        .isEqualTo(embedder(MODEL).embedDocuments(List.of(many.get(259))).get(0));
  }

  @Test
  void longDocumentsAreSplitByTheirTokensBeforeVertexRefusesTheRequest() {
    // 12 texts of ~1,700 tokens: 20,400 together, over the 20,000 a request may carry.
    String longText = "O cancelamento pode ser pedido a qualquer momento pelo aplicativo. ".repeat(75);
    List<Embedder.Document> long12 = IntStream.range(0, 12).mapToObj(i -> new Embedder.Document("", i + " " + longText)).toList();
    assertThatThrownBy(() -> client.models.embedContent(MODEL, long12.stream().map(Embedder.Document::text).toList(), null))
        .as("all in one request").hasMessageContaining("input token count");
    vertex.reset();

    assertThat(embedder(MODEL).embedDocuments(long12)).hasSize(12);
    assertThat(vertex.embeddingRequests()).isGreaterThan(1);
    assertThat(vertex.requests()).allSatisfy(r -> assertThat(r.body().at("/instances/0").has("title")).isFalse());
  }

  @Test
  void geminiEmbeddingTakesOneTextARequestAndItsCutVectorsAreNormalisedHere() {
    List<double[]> vectors = embedder("gemini-embedding-001").embedDocuments(List.of(
        new Embedder.Document("Entrega", "O prazo de entrega é de 5 dias úteis."),
        new Embedder.Document("Entrega", "Acompanhe o pedido pelo código de rastreio.")));

    assertThat(vertex.embeddingRequests()).isEqualTo(2);
    assertThat(vectors).allSatisfy(v -> assertThat(length(v)).isCloseTo(1.0, offset(1e-6)));
    JsonNode first = vertex.requests().get(0).body();
    assertThat(first.path("instances")).hasSize(1);
  }

  @Test
  void vertexRefusesMoreInstancesThanTheModelTakes() {
    // What the embedder's batching avoids: the SDK itself sends gemini-embedding-001 a whole list.
    assertThatThrownBy(() -> client.models.embedContent("gemini-embedding-001", List.of("um", "dois"), null))
        .hasMessageContaining("1 instance(s) is allowed per prediction. Actual: 2");
  }

  @Test
  void vertexRefusesWhatItCannotEmbed() {
    assertThatThrownBy(() -> client.models.embedContent(MODEL, List.of("ok", " "), null)).as("empty content")
        .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> client.models.embedContent(MODEL, "oi", EmbedContentConfig.builder().outputDimensionality(1024).build()))
        .as("over the model's 768").isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> client.models.embedContent(MODEL, "oi",
        EmbedContentConfig.builder().taskType("RETRIEVAL_QUERY").title("Título").build()))
        .as("a title on a query").isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void anInputOverTheModelsTokensIsTruncatedUnlessAutoTruncateIsOff() {
    String tooLong = "Política de trocas: até 30 dias após a entrega, com nota fiscal. ".repeat(120);

    ContentEmbeddingStatistics statistics = client.models.embedContent(MODEL, tooLong, null)
        .embeddings().orElseThrow().get(0).statistics().orElseThrow();
    assertThat(statistics.truncated()).contains(true);
    assertThat(statistics.tokenCount()).contains(2048f);
    assertThatThrownBy(() -> client.models.embedContent(MODEL, tooLong, EmbedContentConfig.builder().autoTruncate(false).build()))
        .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void anUnknownModelIsAFailureWithVertexsStatus() {
    assertThatThrownBy(() -> embedder("text-embedding-999").embedQuery("oi"))
        .isInstanceOfSatisfying(EmbeddingFailure.class, f -> assertThat(f.status()).isEqualTo(404))
        .hasMessageContaining("text-embedding-999");
  }

  @Test
  void anExhaustedQuotaIsAFailureWithStatus429() {
    vertex.enqueue(FakeVertex.Reply.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model"));

    assertThatThrownBy(() -> embedder(MODEL).embedQuery("qual o horário?"))
        .isInstanceOfSatisfying(EmbeddingFailure.class, f -> assertThat(f.status()).isEqualTo(429));
  }

  @Test
  void withoutGeminiThereIsNoEmbedder() {
    assertThat(Embedder.of(Settings.from(name -> null), GeminiEngine::client)).isEmpty();
  }
}
