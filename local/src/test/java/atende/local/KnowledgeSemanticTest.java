package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import atende.platform.Settings;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.VectorValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With Gemini configured (here against {@link FakeVertex}, through the real google-genai client), a source's
 * chunks are embedded once at sync time and stored with their model, an unchanged resync embeds nothing, and
 * a turn embeds the customer's question once and hands the model the entries it found, with their source.
 */
@Timeout(180)
class KnowledgeSemanticTest {
  static FakeVertex vertex;
  static LocalStack stack;
  static Firestore db;

  static final String HELP = """
      # Frete
      O frete é grátis para compras acima de R$ 199 em todo o Brasil.

      # Trocas
      Você pode trocar um produto em até 30 dias após o recebimento, pelo menu Meus Pedidos.

      # Pagamento por Pix
      O Pix é confirmado em até 10 minutos e o pedido segue para separação.

      # Boleto
      O boleto vence em 3 dias úteis; depois disso, gere um novo pelo menu Meus Pedidos.

      # Horário de atendimento
      Atendemos de segunda a sexta, das 8h às 18h, pelo WhatsApp e pelo e-mail.

      # Garantia
      Todos os produtos têm garantia de 12 meses contra defeitos de fabricação.
      """;

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    db = stack.firestore();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void chunksAreEmbeddedOnceAtSyncAndATurnEmbedsTheQuestionOnce() {
    Conversation chat = new Conversation(stack, "kb-sem", Map.of("debounceSeconds", 0));
    String sourceId = "src-" + Keys.suffix();
    Firestores.await(db.collection("knowledgeSources").document(sourceId)
        .set(Map.of("text", HELP, "title", "Central de ajuda", "instance", chat.instance)));
    DocumentSnapshot synced = eventually(db, "knowledgeSources/" + sourceId, doc -> "synced".equals(doc.getString("status")));
    assertThat(synced.getLong("chunks")).isEqualTo(6);
    List<QueryDocumentSnapshot> chunks = Firestores.await(db.collection("knowledge").whereEqualTo("sourceId", sourceId).get()).getDocuments();
    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.getString("embeddingModel")).isEqualTo(Settings.DEFAULT_EMBEDDING_MODEL);
      assertThat(((VectorValue) chunk.get("embedding")).toArray()).hasSize(768);
    });
    int embeddedAtSync = vertex.embeddedTexts();
    assertThat(embeddedAtSync).isGreaterThanOrEqualTo(6);

    Firestores.await(db.collection("knowledgeSources").document(sourceId).update("resync", true));
    eventually(db, "knowledgeSources/" + sourceId, doc -> Boolean.FALSE.equals(doc.getBoolean("resync"))
        && "synced".equals(doc.getString("status")));
    assertThat(vertex.embeddedTexts()).as("unchanged chunks are not embedded again").isEqualTo(embeddedAtSync);

    int requestsBefore = vertex.embeddingRequests();
    chat.customerSays("o pix demora quanto tempo pra cair?");
    chat.awaitSent(1);
    assertThat(vertex.embeddingRequests() - requestsBefore).as("the question, embedded once").isEqualTo(1);
    String prompt = vertex.requests().stream().filter(r -> r.path().endsWith(":generateContent")).reduce((a, b) -> b)
        .orElseThrow().systemText();
    assertThat(prompt).contains("O Pix é confirmado em até 10 minutos").contains("Fonte: Central de ajuda");
  }
}
