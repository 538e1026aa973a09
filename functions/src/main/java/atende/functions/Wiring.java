package atende.functions;

import atende.agent.Engine;
import atende.agent.EngineFailure;
import atende.agent.GeminiEngine;
import atende.agent.PromptStore;
import atende.agent.OfflineEngine;
import atende.agent.Policy;
import atende.agent.ReplyTemplates;
import atende.agent.Responder;
import atende.agent.TurnStore;
import atende.console.ConsoleCommands;
import atende.console.ConsoleStore;
import atende.conversation.EvolutionMediaSource;
import atende.conversation.Instances;
import atende.conversation.Intake;
import atende.conversation.Outbox;
import atende.conversation.TicketStore;
import atende.erasure.CustomerErasure;
import atende.escalation.CrmWebhook;
import atende.escalation.EscalationPublisher;
import atende.escalation.EscalationStore;
import atende.escalation.Escalations;
import atende.escalation.Notifier;
import atende.escalation.PubSubEscalationPublisher;
import atende.evolution.EvolutionClient;
import atende.evolution.EvolutionParser;
import atende.conversation.Webhook;
import atende.evolution.WebhookAuth;
import atende.followup.Retention;
import atende.followup.Sweep;
import atende.followup.SweepStore;
import atende.guard.ModelBudget;
import atende.knowledge.Embedder;
import atende.knowledge.KnowledgeBase;
import atende.knowledge.KnowledgeGaps;
import atende.knowledge.sources.ContentReader;
import atende.knowledge.sources.FetchPolicy;
import atende.knowledge.sources.SourceFetcher;
import atende.knowledge.sources.SourceResync;
import atende.knowledge.sources.SourceStore;
import atende.knowledge.sources.SourceSync;
import atende.media.GcsMediaStorage;
import atende.media.MediaStorage;
import atende.metrics.MetricsEndpoint;
import atende.metrics.MetricsReader;
import atende.platform.ContactIds;
import atende.platform.Firestores;
import atende.platform.Log;
import atende.platform.Sleeper;
import atende.platform.Secrets;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
  private volatile HttpClient http;

  private Wiring(Settings settings) {
    this.settings = settings;
  }

  /** One per distinct configuration: deployed, the environment's; locally, each stack's own. */
  static Wiring of(Settings settings) {
    return BY_SETTINGS.computeIfAbsent(settings, Wiring::new);
  }

  Webhook webhook() {
    warmUpFirestore();
    Supplier<String> token = () -> secrets.resolve(settings.webhookToken()).orElse(null);
    TicketStore store = new TicketStore(firestore(), clock);
    return new Webhook(new WebhookAuth(token, clock, json), new EvolutionParser(json),
        new Intake(store, new Instances(firestore(), clock), mediaStorage(), contactIds()));
  }

  /** Customer ids keyed by ATENDE_ID_KEY (a Secret Manager version deployed); local runs use a fixed development key. */
  private ContactIds contactIds() {
    return new ContactIds(() -> secrets.resolve(settings.idKey()).orElse(ContactIds.DEV_KEY));
  }

  /**
   * The AI turn. Media bytes are read from the media bucket, and fetched from Evolution into it when the
   * webhook payload had none; without ATENDE_MEDIA_BUCKET every media call fails and the turn answers
   * media honestly.
   */
  Responder responder() {
    Firestore db = firestore();
    Engine offline = new OfflineEngine();
    MediaStorage storage = mediaStorage();
    return new Responder(new TurnStore(db, clock), new Instances(db, clock), new KnowledgeBase(db, clock, embedder(GeminiEngine.Transport.QUESTION_EMBEDDING)),
        engine(db, offline, storage), offline, Policy.DEFAULT, outbox(db), escalations(db),
        Sleeper.REAL, new EvolutionMediaSource(evolution(), storage), settings.mediaLimits(), new ModelBudget(db, clock));
  }

  /**
   * Gemini when configured (docs/design.md "Agent engines"), else the offline engine. A Gemini client that
   * cannot start (no credentials) fails every turn visibly — offline answer, escalated as
   * {@code model_unavailable} — instead of quietly running without the model.
   */
  private Engine engine(Firestore db, Engine offline, MediaStorage mediaStorage) {
    if (!settings.geminiConfigured()) return offline;
    try {
      return new GeminiEngine(GeminiEngine.client(settings), settings.geminiModel(), new PromptStore(db, clock),
          GeminiEngine.MediaDelivery.of(settings, mediaStorage));
    } catch (RuntimeException e) {
      Log.error("gemini.client_failed", e);
      return turn -> {
        throw EngineFailure.unavailable("the Gemini client could not start", e);
      };
    }
  }

  CustomerErasure customerErasure() {
    Firestore db = firestore();
    return new CustomerErasure(db, new TicketStore(db, clock), mediaStorage(), new KnowledgeGaps(db, clock));
  }

  ConsoleCommands consoleCommands() {
    Firestore db = firestore();
    return new ConsoleCommands(new ConsoleStore(db, clock), escalations(db), Policy.DEFAULT,
        outbox(db));
  }

  private Outbox outbox(Firestore db) {
    return new Outbox(new TicketStore(db, clock), evolution(), Sleeper.REAL, settings.sendRetry());
  }

  private Escalations escalations(Firestore db) {
    return new Escalations(escalationStore(db), escalationPublisher());
  }

  private EscalationStore escalationStore(Firestore db) {
    return new EscalationStore(db, new TicketStore(db, clock), clock);
  }

  private EvolutionClient evolution() {
    String url = settings.evolutionApiUrl().orElseThrow(() -> new IllegalStateException("EVOLUTION_API_URL is not set"));
    return new EvolutionClient(http(), json, url, () -> secrets.resolve(settings.evolutionApiKey()).orElse(""));
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

  /** One HTTP client per instance for Evolution and the CRM webhook (it pools connections). */
  private HttpClient http() {
    HttpClient client = http;
    if (client == null) {
      synchronized (this) {
        if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        client = http;
      }
    }
    return client;
  }

  private Firestore firestore() {
    return Firestores.client(settings);
  }

  /**
   * Where media bytes live (docs/design.md "Media"): the {@code ATENDE_MEDIA_BUCKET} bucket, through a
   * client shared by the instance; without the variable every call fails as not retryable.
   */
  MediaStorage mediaStorage() {
    return GcsMediaStorage.of(settings);
  }

  MetricsEndpoint metrics() {
    return new MetricsEndpoint(new MetricsReader(firestore(), clock));
  }

  /** NotifyEscalation's domain: Firestore, Evolution, and the CRM webhook when CRM_WEBHOOK_URL is set. */
  Notifier notifier() {
    Firestore db = firestore();
    Optional<CrmWebhook> crm = settings.crmWebhookUrl().map(url ->
        new CrmWebhook(http(), URI.create(url), () -> secrets.resolve(settings.crmWebhookSecret())));
    return new Notifier(escalationStore(db), new Instances(db, clock), evolution(), outbox(db),
        ReplyTemplates::humanHandoff, crm,
        settings.notifyMaxAttempts(), settings.projectId(), settings.firestoreDatabase(), clock);
  }

  /** Publishes to ATENDE_ESCALATION_TOPIC; one publisher per instance (it owns a gRPC channel and threads). */
  EscalationPublisher escalationPublisher() {
    return PubSubEscalationPublisher.shared(settings);
  }

  /**
   * SyncKnowledgeSource's domain: fetches refuse every non-public address (loopback too, unless the local
   * stack allows it), and chunks are embedded when Gemini is configured.
   */
  SourceSync sourceSync() {
    FetchPolicy policy = FetchPolicy.DEFAULT;
    if (settings.knowledgeAllowLoopback()) {
      policy = new FetchPolicy(true, policy.maxBytes(), policy.timeout(), policy.maxRedirects());
    }
    return new SourceSync(new SourceStore(firestore(), clock), new ContentReader(new SourceFetcher(policy)),
        embedder(GeminiEngine.Transport.CHUNK_EMBEDDING));
  }

  /** ResyncKnowledgeSources' domain: only Firestore. */
  SourceResync sourceResync() {
    return new SourceResync(new SourceStore(firestore(), clock));
  }

  /**
   * Vertex AI text embeddings when Gemini is configured; none offline (ranking is lexical then). A client that
   * cannot start (no credentials) must not stop the function from starting: ranking stays lexical, logged.
   */
  private Optional<Embedder> embedder(GeminiEngine.Transport transport) {
    try {
      return Embedder.of(settings, s -> GeminiEngine.embeddingClient(s, transport));
    } catch (RuntimeException e) {
      // No credentials: ranking stays lexical and chunks are written without vectors (their ids name no
      // model, so a later sync with a working client embeds them).
      Log.error("knowledge.embedder_failed", e);
      return Optional.empty();
    }
  }

  /** FollowUpSweep's domain: Firestore, the Outbox (Evolution) for follow-ups, the escalation publisher. */
  Sweep followUpSweep() {
    Firestore db = firestore();
    TicketStore tickets = new TicketStore(db, clock);
    return new Sweep(new SweepStore(db, tickets), outbox(db), escalations(db), new Retention(db, tickets, mediaStorage()));
  }
}
