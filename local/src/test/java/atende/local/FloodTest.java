package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.guard.ModelBudget;
import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Floods through the real webhook, ProcessMessage and NotifyEscalation with Gemini configured (the local
 * Vertex stand-in counts the model calls): one number sending 200 messages, and 50 numbers at once.
 * Every webhook is delivered twice at the same moment, as Evolution's retries do. The model is called
 * within the budget, every message is stored and ends answered or skipped, the flooding customer is told
 * once and the team once.
 */
@Timeout(240)
class FloodTest {
  static FakeVertex vertex;
  static LocalStack stack;
  static Firestore db;
  static WebhookClient webhook;
  static final ExecutorService POSTERS = Executors.newFixedThreadPool(16);

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    db = stack.firestore();
    webhook = new WebhookClient(stack.webhookUrl(), stack.token());
  }

  @AfterAll
  static void stop() {
    POSTERS.shutdownNow();
    stack.close();
  }

  @BeforeEach
  void freshModel() {
    vertex.reset();
  }

  /** The texts of the flood: a stuck client repeating itself, numbered so each is a distinct message. */
  private static String text(int n) {
    return "Oi, alguém aí? Preciso de ajuda com meu pedido (" + n + ")";
  }

  @Test
  void oneNumberSending200MessagesCostsAtMostItsBudgetAndLosesNothing() {
    // Waves of 10 messages whose turns run before the next wave: 20 turns, far beyond a budget of 3 (a
    // small one keeps the test short; the contract's 30 is the default, see BudgetGuardTest).
    int budget = 3;
    String instance = "flood-" + Keys.suffix();
    String phone = phone(instance, 0);
    String team = "5511900" + String.format("%06d", Math.floorMod((instance + "team").hashCode(), 1_000_000));
    // A one-second debounce, as production waits three: with none, a wave's newest message could be answered
    // before an older one of the same wave was stored, and that one would wait for the sweep's unanswered
    // rule (minutes) instead of the wave's turn — a race of the burst logic, not of the budget.
    setInstance(instance, Map.of("debounceSeconds", 1, "maxModelCallsPerCustomerHour", budget, "escalationTargets", List.of(team)));

    Instant started = Instant.now();
    String ticketId = null;
    for (int wave = 0; wave < 20; wave++) {
      List<String> payloads = new ArrayList<>();
      for (int i = 0; i < 10; i++) payloads.add(Payloads.customerText(instance, Keys.messageKey(), phone, "Maria Souza", text(wave * 10 + i)));
      ticketId = postTwiceConcurrently(payloads).get(0);
      String id = ticketId;
      int stored = (wave + 1) * 10;
      eventually(() -> customerMessages(id), list -> list.size() == stored && list.stream().allMatch(FloodTest::finished),
          Duration.ofSeconds(30));
    }
    stack.eventarc().awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(60));

    List<QueryDocumentSnapshot> messages = customerMessages(ticketId);
    assertThat(messages).as("every message stored once").hasSize(200);
    assertThat(messages).extracting(m -> m.getString("status")).containsOnly("answered", "skipped");
    assertThat(messages).filteredOn(m -> "skipped".equals(m.getString("status")))
        .extracting(m -> m.getString("skipReason")).containsOnly("rate_limited");
    String customerId = Firestores.await(db.collection("tickets").document(ticketId).get()).getString("customerId");
    Map<String, Integer> perHour = slots(windows(started, ChronoUnit.HOURS, at -> ModelBudget.customerWindow(instance, customerId, at)));
    // The budget is per clock hour: a run that straddles one may use two windows, each within it.
    assertThat(perHour.values()).as("turns per clock hour").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(budget));
    assertThat(modelCalls()).as("model calls = turns counted").isEqualTo(perHour.values().stream().mapToInt(Integer::intValue).sum())
        .isGreaterThanOrEqualTo(budget);

    List<EvolutionStandIn.Sent> toCustomer = sentTo(instance, phone);
    assertThat(toCustomer).as("the budget's replies and one notice").hasSize(budget + 1);
    assertThat(toCustomer).filteredOn(s -> s.text().contains("pausei as respostas automáticas")).hasSize(1);
    List<EvolutionStandIn.Sent> toTeam = sentTo(instance, team);
    assertThat(toTeam).as("the team is told once").singleElement()
        .satisfies(s -> assertThat(s.text()).contains("muitas mensagens"));
    DocumentSnapshot ticket = Firestores.await(db.collection("tickets").document(ticketId).get());
    // Not the status: the webhook's reopening of a waiting ticket can race with the escalation and win (Intake).
    assertThat(ticket.getBoolean("escalation.required")).isTrue();
    assertThat(ticket.get("escalation.reasons")).isEqualTo(List.of("flood"));
  }

  @Test
  void fiftyNumbersAtOnceStayUnderTheInstancesCeilingAndAllGetAnAnswer() {
    int ceiling = 20;
    String instance = "crowd-" + Keys.suffix();
    setInstance(instance, Map.of("debounceSeconds", 0, "maxModelCallsPerMinute", ceiling));
    Instant started = Instant.now();
    List<String> phones = IntStream.range(0, 50).mapToObj(i -> phone(instance, i)).toList();

    List<String> tickets = postTwiceConcurrently(phones.stream()
        .map(p -> Payloads.customerText(instance, Keys.messageKey(), p, "Cliente", "Qual o horário de atendimento de vocês?")).toList());
    for (String ticketId : tickets) {
      eventually(() -> customerMessages(ticketId), list -> list.size() == 1 && list.stream().allMatch(FloodTest::finished),
          Duration.ofSeconds(60));
    }
    stack.eventarc().awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(60));

    List<QueryDocumentSnapshot> messages = tickets.stream().flatMap(t -> customerMessages(t).stream()).toList();
    assertThat(messages).hasSize(50).extracting(m -> m.getString("status")).containsOnly("answered");
    // The ceiling is per clock minute: a run that straddles one may use two windows, each within it.
    Map<String, Integer> perMinute = slots(windows(started, ChronoUnit.MINUTES, at -> ModelBudget.instanceWindow(instance, at)));
    assertThat(perMinute.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(ceiling));
    assertThat(modelCalls()).as("model calls = slots taken").isEqualTo(perMinute.values().stream().mapToInt(Integer::intValue).sum())
        .isLessThanOrEqualTo(ceiling * perMinute.size());
    long offline = messages.stream().filter(m -> "offline".equals(m.getString("ai.engine"))).count();
    assertThat(offline).as("beyond the ceiling the offline engine answers").isEqualTo(50 - modelCalls());
    for (String p : phones) assertThat(sentTo(instance, p)).as("one reply each, no notice").hasSize(1);
  }

  // ------------------------------------------------------------------------------------------- helpers

  /** The budget windows from {@code since} until now, one instant in each clock hour or minute. */
  private static List<String> windows(Instant since, ChronoUnit unit, Function<Instant, String> window) {
    List<String> ids = new ArrayList<>();
    for (Instant at = since.truncatedTo(unit); !at.isAfter(Instant.now()); at = at.plus(1, unit)) ids.add(window.apply(at));
    return ids;
  }

  /** The slots taken in each window that has any. */
  private static Map<String, Integer> slots(List<String> windows) {
    Map<String, Integer> taken = new TreeMap<>();
    for (String w : windows) {
      int n = Firestores.await(db.collection("budgets").document(w).collection("slots").get()).size();
      if (n > 0) taken.put(w, n);
    }
    return taken;
  }

  private static void setInstance(String instance, Map<String, Object> settings) {
    Firestores.await(db.collection("instances").document(instance).set(settings));
  }

  private static String phone(String instance, int n) {
    return "55119" + String.format("%05d", Math.floorMod(instance.hashCode(), 100_000)) + String.format("%03d", n);
  }

  /** Posts every payload twice at the same moment; returns the ticket of each (both answers agree). */
  private static List<String> postTwiceConcurrently(List<String> payloads) {
    List<CompletableFuture<WebhookClient.Reply>> replies = new ArrayList<>();
    for (String payload : payloads) {
      for (int copy = 0; copy < 2; copy++) replies.add(CompletableFuture.supplyAsync(() -> webhook.post(payload), POSTERS));
    }
    List<String> tickets = new ArrayList<>();
    for (int i = 0; i < replies.size(); i += 2) {
      WebhookClient.Reply first = replies.get(i).join();
      WebhookClient.Reply second = replies.get(i + 1).join();
      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(200);
      tickets.add(first.body().path("ticketId").asText());
    }
    return tickets;
  }

  private static boolean finished(QueryDocumentSnapshot m) {
    return List.of("answered", "skipped", "failed").contains(m.getString("status"));
  }

  private static List<QueryDocumentSnapshot> customerMessages(String ticketId) {
    return Firestores.await(db.collection("tickets").document(ticketId).collection("messages").get()).getDocuments().stream()
        .filter(m -> "customer".equals(m.getString("author"))).toList();
  }

  private static List<EvolutionStandIn.Sent> sentTo(String instance, String number) {
    return stack.evolution().sent().stream().filter(s -> s.instance().equals(instance) && s.number().startsWith(number)).toList();
  }

  /** Gemini's generateContent calls (the question embeddings are not the model's answers). */
  private static int modelCalls() {
    return vertex.calls() - vertex.embeddingRequests();
  }
}
