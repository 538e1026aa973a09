package atende.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.Embedder.Document;
import atende.knowledge.VertexEmbedder.Limits;
import atende.platform.Settings;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How documents are planned into requests (the wire itself: local's EmbeddingsTest). */
class VertexEmbedderTest {
  static Document doc(String title, int chars) {
    return new Document(title, "x".repeat(chars));
  }

  @Test
  void documentsShareARequestOnlyWithTheirOwnTitleBecauseTheSdkSendsOneTitleARequest() {
    List<Document> docs = List.of(doc("Senha", 10), doc("Boleto", 10), doc("Senha", 10), doc("", 10), doc(" Boleto ", 10));

    assertThat(VertexEmbedder.requests(docs, Limits.TEXT_EMBEDDING))
        .containsExactly(List.of(0, 2), List.of(1, 4), List.of(3));
  }

  @Test
  void aRequestIsClosedAtTheTextLimitOrAtThreeQuartersOfTheTokenLimit() {
    assertThat(VertexEmbedder.requests(List.of(doc("", 1), doc("", 1), doc("", 1)), new Limits(2, 20_000)))
        .containsExactly(List.of(0, 1), List.of(2));
    // 6,000 characters are 2,000 estimated tokens: seven fit in 15,000, the eighth starts a request.
    List<Document> docs = Collections.nCopies(8, doc("", 6_000));
    assertThat(VertexEmbedder.requests(docs, Limits.TEXT_EMBEDDING)).extracting(List::size).containsExactly(7, 1);
  }

  @Test
  void aDocumentOverTheLimitOnItsOwnStillGoesAloneAndVertexDecides() {
    List<Document> docs = List.of(doc("", 10), doc("", 90_000), doc("", 10));

    assertThat(VertexEmbedder.requests(docs, Limits.TEXT_EMBEDDING)).containsExactly(List.of(0), List.of(1), List.of(2));
  }

  @Test
  void onlyTheTextEmbeddingModelsAreKnownToTakeManyTextsARequest() {
    assertThat(Limits.of(Settings.DEFAULT_EMBEDDING_MODEL).texts()).isEqualTo(250);
    assertThat(Limits.of("gemini-embedding-001").texts()).isEqualTo(1);
    assertThat(Limits.of("some-future-embedding").texts()).as("unknown: the pessimistic side").isEqualTo(1);
  }

  @Test
  void theEmbeddingModelIsConfigurableAndMultilingualByDefault() {
    assertThat(Settings.from(name -> null).embeddingModel()).isEqualTo("text-multilingual-embedding-002");
    assertThat(Settings.from(name -> name.equals("ATENDE_EMBEDDING_MODEL") ? "gemini-embedding-001" : null).embeddingModel())
        .isEqualTo("gemini-embedding-001");
  }
}
