package atende.functions;

import atende.agent.Engine;
import atende.agent.EngineFailure;
import atende.agent.GeminiEngine;
import atende.agent.PromptStore;
import atende.agent.OfflineEngine;
import atende.agent.Policy;
import atende.agent.Responder;
import atende.console.ConsoleCommands;
import atende.conversation.Instances;
import atende.conversation.Intake;
import atende.conversation.Outbox;
import atende.conversation.TicketStore;
import atende.escalation.Escalations;
import atende.evolution.EvolutionClient;
import atende.evolution.EvolutionParser;
import atende.evolution.Webhook;
import atende.evolution.WebhookAuth;
import atende.knowledge.KnowledgeBase;
import atende.platform.Firestores;
import atende.platform.Log;
import atende.platform.Sleeper;
import atende.platform.Secrets;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The composition root: builds each function's collaborators once per instance from {@link Settings}
 * (no DI framework, lazily per code path so a cold start only pays for what its function uses).
 */
final class Wiring {
  private static final Map<Settings, Wiring> BY_SETTINGS = new ConcurrentHashMap<>();

  private final Settings settings;
  private final Clock clock = Clock.systemUTC();
  private final ObjectMapper json = new ObjectMapper();
  private final Secrets secrets = new Secrets(clock);

  private Wiring(Settings settings) {
    this.settings = settings;
  }

  static Wiring current() {
    return BY_SETTINGS.computeIfAbsent(Settings.fromEnvironment(), Wiring::new);
  }

  Webhook webhook() {
    warmUpFirestore();
    Supplier<String> token = () -> secrets.resolve(settings.webhookToken()).orElse(null);
    TicketStore store = new TicketStore(firestore(), clock);
    return new Webhook(new WebhookAuth(token, clock, json), new EvolutionParser(json),
        new Intake(store, new Instances(firestore(), clock)));
  }

  Responder responder() {
    Firestore db = firestore();
    Engine offline = new OfflineEngine();
    return new Responder(new TicketStore(db, clock), new Instances(db, clock), new KnowledgeBase(db, clock),
        engine(db, offline), offline, new Policy(Policy.DEFAULT_COMPLEXITY_KEYWORDS), outbox(db), escalations(db),
        Sleeper.REAL);
  }

  /**
   * Gemini when configured (DESIGN.md "Agent engines"), else the offline engine. A Gemini client that
   * cannot start (no credentials) fails every turn visibly — offline answer, escalated as
   * {@code model_unavailable} — instead of quietly running without the model.
   */
  private Engine engine(Firestore db, Engine offline) {
    if (!settings.geminiConfigured()) return offline;
    try {
      return new GeminiEngine(GeminiEngine.client(settings), settings.geminiModel(), new PromptStore(db, clock));
    } catch (RuntimeException e) {
      Log.error("gemini.client_failed", e);
      return turn -> {
        throw EngineFailure.unavailable("the Gemini client could not start", e);
      };
    }
  }

  ConsoleCommands consoleCommands() {
    Firestore db = firestore();
    return new ConsoleCommands(new TicketStore(db, clock), escalations(db), new Policy(Policy.DEFAULT_COMPLEXITY_KEYWORDS),
        outbox(db));
  }

  private Outbox outbox(Firestore db) {
    return new Outbox(new TicketStore(db, clock), evolution(), Sleeper.REAL);
  }

  private Escalations escalations(Firestore db) {
    return new Escalations(db, escalationPublisher(), clock);
  }

  private EvolutionClient evolution() {
    String url = settings.evolutionApiUrl().orElseThrow(() -> new IllegalStateException("EVOLUTION_API_URL is not set"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return new EvolutionClient(http, json, url, () -> secrets.resolve(settings.evolutionApiKey()).orElse(""));
  }

  /**
   * Opens the Firestore channel on a background thread while the invoker starts its HTTP server, so
   * a cold instance's first request does not pay for gRPC class loading and the connection alone.
   */
  private void warmUpFirestore() {
    Thread.ofVirtual().name("firestore-warmup").start(() -> {
      try {
        firestore().collection("instances").document("-warmup").get().get();
      } catch (Exception e) {
        // Only a head start: the first request reports real storage problems.
      }
    });
  }

  private Firestore firestore() {
    return Firestores.client(settings);
  }

  atende.metrics.MetricsEndpoint metrics() {
    return new atende.metrics.MetricsEndpoint(new atende.metrics.MetricsReader(firestore(), clock));
  }

  // ---- Escalations (NotifyEscalation and the publisher) ------------------------------------------
  // New methods only, fully qualified, so this block merges cleanly with edits elsewhere in the class.

  /** NotifyEscalation's domain: Firestore, Evolution, and the CRM webhook when CRM_WEBHOOK_URL is set. */
  atende.escalation.Notifier notifier() {
    Firestore db = firestore();
    java.util.Optional<atende.escalation.CrmWebhook> crm = settings.crmWebhookUrl().map(url ->
        new atende.escalation.CrmWebhook(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
            java.net.URI.create(url), () -> secrets.resolve(settings.crmWebhookSecret())));
    return new atende.escalation.Notifier(new atende.escalation.EscalationStore(db, clock), new TicketStore(db, clock),
        new Instances(db, clock), evolution(), crm, notifyMaxAttempts(), settings.projectId(),
        settings.firestoreDatabase(), clock);
  }

  /** Publishes to ATENDE_ESCALATION_TOPIC; one publisher per instance (it owns a gRPC channel and threads). */
  atende.escalation.EscalationPublisher escalationPublisher() {
    return atende.escalation.PubSubEscalationPublisher.shared(settings);
  }

  /**
   * ATENDE_NOTIFY_MAX_ATTEMPTS: the push subscription's max_delivery_attempts (terraform sets both from
   * one local), so the notifier knows which delivery is the last and records the failure before the
   * message is dead-lettered. Read per call, not in Settings, so a test can change it between hosts.
   */
  static int notifyMaxAttempts() {
    String value = System.getenv("ATENDE_NOTIFY_MAX_ATTEMPTS");
    if (value == null || value.isBlank()) value = System.getProperty("ATENDE_NOTIFY_MAX_ATTEMPTS");
    try {
      return value == null || value.isBlank() ? atende.escalation.Notifier.DEFAULT_MAX_ATTEMPTS
          : Math.max(1, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      return atende.escalation.Notifier.DEFAULT_MAX_ATTEMPTS;
    }
  }

  // ---- FollowUpSweep --------------------------------------------------------------------------------
  // New methods only, fully qualified, so this block merges cleanly with edits elsewhere in the class.

  /** FollowUpSweep's domain: Firestore, the Outbox (Evolution) for follow-ups, the escalation publisher. */
  atende.followup.Sweep followUpSweep() {
    Firestore db = firestore();
    return new atende.followup.Sweep(new TicketStore(db, clock), outbox(db), escalations(db));
  }
}
