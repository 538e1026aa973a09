package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An operator feeds the knowledge base from the console (docs/design.md "Knowledge sources"): a pasted text
 * or a page's address in {@code knowledgeSources/*} becomes {@code knowledge/*} chunks, edits and deletions
 * follow, a forbidden address is refused where the operator looks, and the AI answers from what was fed.
 * Each source is for an instance of its own, so no other test's turns see its chunks.
 */
@Timeout(180)
class KnowledgeSourcesTest {
  static LocalStack stack;
  static Firestore db;
  static HttpServer site;
  /** The help page the site serves now; tests change it to see resync follow. */
  static final AtomicReference<String> page = new AtomicReference<>();

  static final String FRETE_E_TROCAS = """
      # Frete
      O frete é grátis para compras acima de R$ 199 em todo o Brasil. Abaixo disso, o valor aparece no carrinho antes do pagamento.

      # Trocas
      Você pode trocar um produto em até 30 dias após o recebimento, pelo menu Meus Pedidos.
      """;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    db = stack.firestore();
    site = LoopbackServer.start(exchange -> {
      byte[] body = page.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }

  @AfterAll
  static void stop() {
    site.stop(0);
    stack.close();
  }

  @Test
  void pastedTextBecomesChunksUnderItsHeadingsAndTheAiAnswersAParaphraseFromIt() {
    Conversation chat = new Conversation(stack, "kb", Map.of("debounceSeconds", 0));
    String instance = chat.instance;
    String sourceId = source(Map.of("text", FRETE_E_TROCAS, "title", "Central de ajuda", "instance", instance));

    DocumentSnapshot synced = awaitStatus(sourceId, "synced");
    assertThat(synced.getLong("chunks")).isEqualTo(2);
    assertThat(synced.get("error")).isNull();
    List<QueryDocumentSnapshot> chunks = chunks(sourceId);
    assertThat(chunks).extracting(c -> c.getString("title"))
        .allMatch(t -> t.startsWith("Central de ajuda"))
        .anyMatch(t -> t.contains("Frete")).anyMatch(t -> t.contains("Trocas"));
    assertThat(chunks).allMatch(c -> instance.equals(c.getString("instance")));

    chat.customerSays("vcs cobram pra entregar? qnto fica o frete");
    String reply = chat.awaitSent(1).get(0).text();
    assertThat(reply).contains("R$ 199").contains("Central de ajuda");
  }

  @Test
  void anEditRewritesOnlyWhatChangedDeletesWhatVanishedAndADeletedSourceTakesItsChunks() {
    String sourceId = source(Map.of("text", FRETE_E_TROCAS, "instance", "kb-" + Keys.suffix()));
    awaitStatus(sourceId, "synced");
    Map<String, Timestamp> before = updateTimes(sourceId);
    assertThat(before).hasSize(2);

    String withoutTrocas = FRETE_E_TROCAS.substring(0, FRETE_E_TROCAS.indexOf("# Trocas"));
    String withPrazos = withoutTrocas + "\n# Prazos\nEntregamos em até 5 dias úteis nas capitais.\n";
    update(sourceId, Map.of("text", withPrazos));

    Map<String, Timestamp> after = eventually(() -> updateTimes(sourceId),
        now -> now.size() == 2 && !now.keySet().equals(before.keySet()));
    String frete = before.keySet().stream().filter(after::containsKey).findFirst().orElseThrow();
    assertThat(after.get(frete)).as("the unchanged chunk is not rewritten").isEqualTo(before.get(frete));
    assertThat(chunks(sourceId)).extracting(c -> c.getString("content"))
        .anyMatch(c -> c.contains("5 dias úteis")).noneMatch(c -> c.contains("30 dias"));
    DocumentSnapshot synced = awaitStatus(sourceId, "synced");
    assertThat(synced.get("lastChange.written")).isEqualTo(1L);
    assertThat(synced.get("lastChange.deleted")).isEqualTo(1L);

    Firestores.await(db.collection("knowledgeSources").document(sourceId).delete());
    eventually(() -> chunks(sourceId), List::isEmpty);
  }

  @Test
  void aPageIsFetchedReducedToItsMainTextAndResyncFollowsItsChanges() {
    page.set(helpPage("Pagamento por Pix", "O Pix é confirmado em até 10 minutos."));
    String sourceId = source(Map.of("url", LoopbackServer.url(site) + "/ajuda/pagamentos", "instance", "kb-" + Keys.suffix()));

    DocumentSnapshot synced = awaitStatus(sourceId, "synced");
    assertThat(synced.getString("format")).isEqualTo("html");
    String text = chunks(sourceId).stream().map(c -> c.getString("title") + " " + c.getString("content")).collect(Collectors.joining("\n"));
    assertThat(text).contains("10 minutos").doesNotContain("Aceitar cookies").doesNotContain("Todos os direitos")
        .doesNotContain("Início").doesNotContain("gtag");

    page.set(helpPage("Pagamento por Pix", "O Pix é confirmado em até 2 minutos."));
    update(sourceId, Map.of("resync", true));
    eventually(() -> chunks(sourceId), now -> now.stream().anyMatch(c -> c.getString("content").contains("2 minutos"))
        && now.stream().noneMatch(c -> c.getString("content").contains("10 minutos")));
    DocumentSnapshot after = awaitStatus(sourceId, "synced");
    assertThat(after.getBoolean("resync")).as("the request is taken").isFalse();
  }

  @Test
  void theMetadataServerIsRefusedVisiblyAndAFailingPageKeepsItsLastGoodChunks() {
    String refused = source(Map.of("url", "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token",
        "instance", "kb-" + Keys.suffix()));
    DocumentSnapshot error = awaitStatus(refused, "error");
    assertThat(error.getString("error.code")).isEqualTo("fetch_refused");
    assertThat(error.getString("error.message")).contains("metadata server");
    assertThat(chunks(refused)).isEmpty();

    page.set(helpPage("Boleto", "O boleto vence em 3 dias úteis."));
    String sourceId = source(Map.of("url", LoopbackServer.url(site) + "/ajuda/boleto", "instance", "kb-" + Keys.suffix()));
    awaitStatus(sourceId, "synced");
    int good = chunks(sourceId).size();
    page.set("<html><body><img src=boleto.png></body></html>");
    update(sourceId, Map.of("title", "Boleto (imagem)"));
    DocumentSnapshot failed = awaitStatus(sourceId, "error");
    assertThat(failed.getString("error.message")).isNotBlank();
    assertThat(chunks(sourceId)).hasSize(good);
  }

  @Test
  void aDisabledSourceLosesItsChunksAndEveryEventDeliveredTwiceLeavesOneSetOfChunks() {
    stack.eventarc().deliverEachChange(2);
    try {
      String sourceId = source(Map.of("text", FRETE_E_TROCAS, "instance", "kb-" + Keys.suffix()));
      awaitStatus(sourceId, "synced");
      stack.eventarc().awaitQuiet(java.time.Duration.ofMillis(1500), java.time.Duration.ofSeconds(60));
      assertThat(chunks(sourceId)).hasSize(2);

      update(sourceId, Map.of("enabled", false));
      awaitStatus(sourceId, "disabled");
      eventually(() -> chunks(sourceId), List::isEmpty);
      update(sourceId, Map.of("enabled", true));
      awaitStatus(sourceId, "synced");
      stack.eventarc().awaitQuiet(java.time.Duration.ofMillis(1500), java.time.Duration.ofSeconds(60));
      assertThat(chunks(sourceId)).hasSize(2);
    } finally {
      stack.eventarc().deliverEachChange(1);
    }
  }

  @Test
  void theDailyTickAsksEveryUrlSourceToSyncAgain() throws Exception {
    page.set(helpPage("Horário", "Atendemos de segunda a sexta, das 8h às 18h."));
    String sourceId = source(Map.of("url", LoopbackServer.url(site) + "/ajuda/horario", "instance", "kb-" + Keys.suffix()));
    awaitStatus(sourceId, "synced");
    page.set(helpPage("Horário", "Atendemos todos os dias, das 7h às 22h."));

    stack.knowledgeResyncTick();

    eventually(() -> chunks(sourceId), now -> now.stream().anyMatch(c -> c.getString("content").contains("7h às 22h")));
  }

  @Test
  void questionsTheKnowledgeCannotAnswerAreGroupedAsGapsOnceEachAndMetricsListsThem() {
    Conversation chat = new Conversation(stack, "kb-gap", Map.of("debounceSeconds", 0));
    source(Map.of("text", FRETE_E_TROCAS, "instance", chat.instance));
    chat.customerSays("Vocês aceitam pagamento com cartão de débito na entrega?");
    chat.awaitSent(1);
    String otherPhone = "5511966660000";
    WebhookClient.Reply other = new WebhookClient(stack.webhookUrl(), stack.token()).post(Payloads.customerText(chat.instance,
        Keys.messageKey(), otherPhone, "João", "aceitam pagamento com cartao de debito na entrega???"));
    String otherTicket = other.body().path("ticketId").asText();
    eventually(() -> stack.evolution().sentTo(otherPhone + "@s.whatsapp.net"), list -> !list.isEmpty());

    List<QueryDocumentSnapshot> gaps = eventually(() -> Firestores.await(db.collection("knowledgeGaps")
        .whereEqualTo("instance", chat.instance).get()).getDocuments(),
        list -> !list.isEmpty() && list.get(0).getLong("count") == 2);
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0).getString("question")).contains("cartao de debito");
    assertThat(gaps.get(0).get("ticketIds")).asList().contains(otherTicket).hasSize(2);

    var metrics = new atende.metrics.MetricsEndpoint(new atende.metrics.MetricsReader(db, java.time.Clock.systemUTC()))
        .handle("GET", Map.of("instance", List.of(chat.instance)));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body().get("knowledgeGaps")).asList().singleElement().asString()
        .contains("count=2").contains("cartao de debito");
  }

  static String helpPage(String title, String answer) {
    return """
        <!doctype html><html lang="pt-BR"><head><title>%s | Loja Exemplo</title>
        <script>gtag('config', 'G-XXXX');</script><style>body{font-family:sans-serif}</style></head>
        <body><header><nav><a href="/">Início</a> <a href="/ajuda">Ajuda</a></nav></header>
        <div class="cookie-banner">Usamos cookies. <button>Aceitar cookies</button></div>
        <main><h1>%s</h1><p>%s Em caso de dúvida, fale conosco pelo WhatsApp.</p></main>
        <footer>© 2026 Loja Exemplo. Todos os direitos reservados.</footer></body></html>
        """.formatted(title, title, answer);
  }

  private static String source(Map<String, Object> fields) {
    String id = "src-" + Keys.suffix();
    Firestores.await(db.collection("knowledgeSources").document(id).set(fields));
    return id;
  }

  private static void update(String sourceId, Map<String, Object> fields) {
    Firestores.await(db.collection("knowledgeSources").document(sourceId).update(new HashMap<>(fields)));
  }

  private static DocumentSnapshot awaitStatus(String sourceId, String status) {
    return eventually(db, "knowledgeSources/" + sourceId, doc -> status.equals(doc.getString("status")));
  }

  private static List<QueryDocumentSnapshot> chunks(String sourceId) {
    return Firestores.await(db.collection("knowledge").whereEqualTo("sourceId", sourceId).get()).getDocuments();
  }

  private static Map<String, Timestamp> updateTimes(String sourceId) {
    return chunks(sourceId).stream().collect(Collectors.toMap(QueryDocumentSnapshot::getId, QueryDocumentSnapshot::getUpdateTime));
  }
}
