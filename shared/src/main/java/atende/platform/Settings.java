package atende.platform;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deployment configuration, read once from the environment (docs/design.md "Configuration"). Local runs
 * build it from the same names with {@link #from} and hand it to each function they host, so several
 * stacks can share one JVM. Secret-bearing values may be a Secret Manager version name; {@link Secrets}
 * resolves them. {@code mediaLimits}: the {@code ATENDE_MEDIA_MAX_*} names ({@link MediaLimits}).
 * {@code embeddingModel} ({@code ATENDE_EMBEDDING_MODEL}) embeds knowledge chunks and queries when Gemini
 * is configured ({@code atende.knowledge.Embedder}). {@code knowledgeAllowLoopback}
 * ({@code ATENDE_KB_ALLOW_LOOPBACK=true}, local stack only) lets knowledge sources be pages this machine serves.
 * {@code sendRetry}: how replies ride out an Evolution outage ({@link SendRetry}).
 * {@code idKey} ({@code ATENDE_ID_KEY}, a secret) keys the hash customer ids are made of ({@link ContactIds}).
 */
public record Settings(
    Optional<String> googleCloudProject,
    String location,
    String geminiModel,
    String embeddingModel,
    String embeddingLocation,
    Optional<String> googleApiKey,
    Optional<String> vertexBaseUrl,
    MediaLimits mediaLimits,
    Optional<String> evolutionApiUrl,
    Optional<String> evolutionApiKey,
    Optional<String> webhookToken,
    String firestoreDatabase,
    Optional<String> firestoreEmulatorHost,
    Optional<String> pubsubEmulatorHost,
    Optional<String> crmWebhookUrl,
    Optional<String> crmWebhookSecret,
    String escalationTopic,
    int notifyMaxAttempts,
    Optional<String> mediaBucket,
    Optional<String> storageEmulatorHost,
    boolean knowledgeAllowLoopback,
    SendRetry sendRetry,
    Optional<String> idKey) {

  /**
   * Default for {@code ATENDE_NOTIFY_MAX_ATTEMPTS}: the escalation push subscription's
   * max_delivery_attempts (terraform sets both from one local), so the notifier knows which delivery
   * is the last and records the failure before the message is dead-lettered.
   */
  public static final int DEFAULT_NOTIFY_MAX_ATTEMPTS = 5;

  public static final String DEFAULT_PROJECT = "atende-local";

  /** Vertex AI's multilingual text embedding model (768 dimensions; Portuguese among its languages). */
  public static final String DEFAULT_EMBEDDING_MODEL = "text-multilingual-embedding-002";

  /**
   * Where the embedding model is called ({@code ATENDE_EMBEDDING_LOCATION}): a region, because Google's global
   * endpoint lists only Gemini models; us-central1 serves every embedding model. Express mode ignores it.
   */
  public static final String DEFAULT_EMBEDDING_LOCATION = "us-central1";

  /**
   * Environment variables first, then system properties of the same name. The properties are for the
   * one caller that cannot hand settings over: a test constructing the deployed entry points through
   * their no-arg constructors from the deployable jar, in a class loader of its own.
   */
  public static Settings fromEnvironment() {
    return from(name -> {
      String value = System.getenv(name);
      return value != null ? value : System.getProperty(name);
    });
  }

  public static Settings from(UnaryOperator<String> lookup) {
    return new Reader(lookup).read();
  }

  /** The project whose Firestore and Pub/Sub we use; a fixed local id when none is configured. */
  public String projectId() {
    return googleCloudProject.orElse(DEFAULT_PROJECT);
  }

  /** True when Gemini is configured: an ADC project on Vertex AI, or an express-mode API key. */
  public boolean geminiConfigured() {
    return googleApiKey.isPresent() || googleCloudProject.isPresent();
  }

  private record Reader(UnaryOperator<String> lookup) {
    private Optional<String> env(String name) {
      return Optional.ofNullable(lookup.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    Settings read() {
      return new Settings(
          env("GOOGLE_CLOUD_PROJECT"),
          env("GOOGLE_CLOUD_LOCATION").orElse("global"),
          env("GEMINI_MODEL").orElse("gemini-3.5-flash"),
          env("ATENDE_EMBEDDING_MODEL").orElse(DEFAULT_EMBEDDING_MODEL),
          env("ATENDE_EMBEDDING_LOCATION").orElse(DEFAULT_EMBEDDING_LOCATION),
          env("GOOGLE_API_KEY"),
          env("GOOGLE_VERTEX_BASE_URL"),
          MediaLimits.from(lookup),
          env("EVOLUTION_API_URL"),
          env("EVOLUTION_API_KEY"),
          env("ATENDE_WEBHOOK_TOKEN"),
          env("FIRESTORE_DATABASE").orElse("(default)"),
          env("FIRESTORE_EMULATOR_HOST"),
          env("PUBSUB_EMULATOR_HOST"),
          env("CRM_WEBHOOK_URL"),
          env("CRM_WEBHOOK_SECRET"),
          env("ATENDE_ESCALATION_TOPIC").orElse("ticket-escalations"),
          env("ATENDE_NOTIFY_MAX_ATTEMPTS").map(Reader::positive).orElse(DEFAULT_NOTIFY_MAX_ATTEMPTS),
          env("ATENDE_MEDIA_BUCKET"),
          env("STORAGE_EMULATOR_HOST"),
          env("ATENDE_KB_ALLOW_LOOPBACK").map("true"::equalsIgnoreCase).orElse(false),
          SendRetry.from(lookup),
          env("ATENDE_ID_KEY"));
    }

    /** A count from the environment; unparseable means the default, anything below 1 means 1. */
    private static int positive(String value) {
      try {
        return Math.max(1, Integer.parseInt(value));
      } catch (NumberFormatException e) {
        return DEFAULT_NOTIFY_MAX_ATTEMPTS;
      }
    }
  }
}
