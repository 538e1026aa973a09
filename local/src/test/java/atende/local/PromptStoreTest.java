package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.agent.PromptStore;
import atende.agent.Prompts;
import atende.agent.ThinkingLevel;
import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code config/prompts} on the Firestore emulator: created once with the defaults, never over a
 * console edit, re-read after the cache expires, and each bad field replaced by its default.
 */
@Timeout(60)
class PromptStoreTest {
  Firestore db;
  DocumentReference doc;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T12:00:00Z"));

  /** The document path is fixed, so each test gets its own project on the shared emulator. */
  @BeforeEach
  void connect() {
    String project = "prompts-" + Keys.suffix();
    db = Harness.firestore(project);
    doc = db.collection(PromptStore.COLLECTION).document(PromptStore.DOCUMENT);
  }

  @Test
  void aMissingDocumentIsCreatedWithTheDefaults() {
    assertThat(Firestores.await(doc.get()).exists()).isFalse();

    Prompts prompts = new PromptStore(db, clock).get();

    assertThat(prompts).isEqualTo(Prompts.DEFAULTS);
    Map<String, Object> stored = Firestores.await(doc.get()).getData();
    assertThat(stored).containsEntry("version", Prompts.DEFAULTS.version())
        .containsEntry("classification", Prompts.DEFAULTS.classification())
        .containsEntry("response_generation", Prompts.DEFAULTS.responseGeneration())
        .containsEntry("escalation_check", Prompts.DEFAULTS.escalationCheck())
        .containsEntry("follow_up", Prompts.DEFAULTS.followUp())
        .containsEntry("thinkingLevel", "low")
        .containsEntry("maxOutputTokens", 1000L)
        .containsKey("createdAt")
        .as("no temperature: Gemini 3 keeps its default unless an operator sets one").doesNotContainKey("temperature");
    assertThat(Prompts.DEFAULTS.classification()).contains("categoria", "prioridade");
  }

  @Test
  void concurrentColdStartsAllGetTheDefaultsAndOneDocument() throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Prompts>> starts = IntStream.range(0, 8)
          .mapToObj(i -> pool.submit(() -> new PromptStore(db, clock).get())).toList();
      for (Future<Prompts> start : starts) assertThat(start.get()).isEqualTo(Prompts.DEFAULTS);
    }
    assertThat(Firestores.await(doc.get()).getString("version")).isEqualTo(Prompts.DEFAULTS.version());
  }

  @Test
  void aConsoleEditedDocumentIsUsedAndNeverOverwritten() {
    Firestores.await(doc.set(Map.of("version", "console-7", "classification", "Classifique com cuidado.", "temperature", 0.1)));

    Prompts prompts = new PromptStore(db, clock).get();

    assertThat(prompts.version()).isEqualTo("console-7");
    assertThat(prompts.classification()).isEqualTo("Classifique com cuidado.");
    assertThat(prompts.temperature()).contains(0.1);
    // Fields the edit does not have come from the defaults, in memory only.
    assertThat(prompts.responseGeneration()).isEqualTo(Prompts.DEFAULTS.responseGeneration());
    assertThat(prompts.answerTokens()).isEqualTo(Prompts.DEFAULTS.answerTokens());
    assertThat(prompts.thinkingLevel()).isEqualTo(Prompts.DEFAULTS.thinkingLevel());
    assertThat(Firestores.await(doc.get()).getData())
        .containsOnlyKeys("version", "classification", "temperature")
        .containsEntry("version", "console-7");
  }

  @Test
  void anEditIsSeenOnlyAfterTheCacheExpires() {
    PromptStore store = new PromptStore(db, clock);
    assertThat(store.get().version()).isEqualTo(Prompts.DEFAULTS.version());

    Firestores.await(doc.update("version", "console-8", "follow_up", "Faça follow-up em 3 horas."));
    clock.advance(Duration.ofSeconds(59));
    assertThat(store.get().version()).isEqualTo(Prompts.DEFAULTS.version());
    assertThat(store.get().followUp()).isEqualTo(Prompts.DEFAULTS.followUp());

    clock.advance(Duration.ofSeconds(2));
    assertThat(store.get().version()).isEqualTo("console-8");
    assertThat(store.get().followUp()).isEqualTo("Faça follow-up em 3 horas.");
  }

  @Test
  void garbageFieldsFallBackOneByOne() {
    Firestores.await(doc.set(Map.of(
        "version", 9,
        "classification", 42,
        "response_generation", "   ",
        "escalation_check", "Escale sempre que houver dúvida.",
        "temperature", "quente",
        "thinkingLevel", "enorme",
        "maxOutputTokens", 5)));

    Prompts prompts = new PromptStore(db, clock).get();

    assertThat(prompts.version()).isEqualTo("9");
    assertThat(prompts.classification()).isEqualTo(Prompts.DEFAULTS.classification());
    assertThat(prompts.responseGeneration()).isEqualTo(Prompts.DEFAULTS.responseGeneration());
    assertThat(prompts.escalationCheck()).isEqualTo("Escale sempre que houver dúvida.");
    assertThat(prompts.followUp()).isEqualTo(Prompts.DEFAULTS.followUp());
    assertThat(prompts.temperature()).isEqualTo(Prompts.DEFAULTS.temperature()).isEmpty();
    assertThat(prompts.thinkingLevel()).isEqualTo(ThinkingLevel.LOW);
    assertThat(prompts.answerTokens()).isEqualTo(Prompts.DEFAULTS.answerTokens());
  }

  @Test
  void theThinkingLevelIsAConsoleSetting() {
    Firestores.await(doc.set(Map.of("version", "console-9", "thinkingLevel", "MINIMAL")));
    assertThat(new PromptStore(db, clock).get().thinkingLevel()).isEqualTo(ThinkingLevel.MINIMAL);
  }

  @Test
  void parseReportsWhichFieldsFellBack() {
    Prompts.Parsed parsed = Prompts.parse(Map.of("temperature", 3.5, "classification", "ok"), Prompts.DEFAULTS);
    // An absent temperature is not a fallback: it means the model's own default.
    assertThat(parsed.fellBack()).containsExactlyInAnyOrder(
        "response_generation", "escalation_check", "follow_up", "version", "temperature", "thinkingLevel", "maxOutputTokens");
    assertThat(parsed.prompts().classification()).isEqualTo("ok");
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
