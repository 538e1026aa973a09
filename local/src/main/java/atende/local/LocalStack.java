package atende.local;

import atende.functions.EvolutionWebhook;
import atende.functions.FollowUpSweep;
import atende.functions.NotifyEscalation;
import atende.functions.ProcessMessage;
import atende.functions.ResyncKnowledgeSources;
import atende.functions.SyncKnowledgeSource;
import atende.functions.EraseCustomer;
import atende.functions.TicketEdited;
import atende.platform.Firestores;
import atende.platform.Settings;
import com.google.cloud.firestore.Firestore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole system on one machine: the Firestore emulator, every function under the Functions
 * Framework invoker, a local Eventarc that turns emulator writes into the trigger CloudEvents
 * production sends, a Cloud Storage stand-in for the media bucket, and an Evolution stand-in unless
 * {@code EVOLUTION_API_URL} points at a real one.
 * The functions get one {@link Settings}: the environment's, with the addresses of the parts this stack
 * runs itself in place of the environment's, handed to each function's constructor (no process-wide
 * state, so stacks can run side by side in one JVM).
 */
public final class LocalStack implements AutoCloseable {
  public static final String LOCAL_TOKEN = "local-webhook-token";

  private final List<AutoCloseable> parts = new ArrayList<>();
  private final FakeVertex vertex;
  private final EvolutionStandIn evolution;
  private final FunctionHost webhook;
  private final FunctionHost processMessage;
  private final FunctionHost ticketEdited;
  private final FunctionHost notify;
  private final PubSubStandIn pubsub;
  private final CloudStorageStandIn storage;
  /** Topic names as terraform/pubsub.tf creates them. */
  static final String DEAD_LETTER_TOPIC = "ticket-escalations-dead-letter";
  static final String TICK_TOPIC = "followup-tick";
  static final String NOTIFY_SUBSCRIPTION = "ticket-escalations-notify";
  static final String KNOWLEDGE_RESYNC_TOPIC = "knowledge-resync";
  private final LocalEventarc eventarc;
  private final String token;
  private final Settings settings;
  /** The functions' settings but straight at the emulator: what tests read with, also during a Firestore outage. */
  private final Settings direct;
  private final OutageProxy firestoreProxy;

  /** Held so the level sticks: the invoker's Jetty logs every start and stop at INFO. */
  private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

  private LocalStack(int webhookPort, FakeVertex vertex, boolean firestoreOutages, Map<String, String> env) {
    JETTY.setLevel(java.util.logging.Level.WARNING);
    // Kept first, so it closes last: the functions stop before the model they call.
    this.vertex = vertex == null ? null : keep(vertex);
    Emulator emulator = Emulator.shared();
    Map<String, String> own = new HashMap<>(env);
    firestoreProxy = firestoreOutages ? keep(new OutageProxy(emulator.host())) : null;
    own.put("FIRESTORE_EMULATOR_HOST", firestoreOutages ? firestoreProxy.host() : emulator.host());
    Settings environment = settings(Map.of());
    if (environment.evolutionApiUrl().isEmpty()) {
      evolution = keep(new EvolutionStandIn());
      own.put("EVOLUTION_API_URL", evolution.url().toString());
      own.put("EVOLUTION_API_KEY", evolution.apiKey());
    } else {
      evolution = null;
    }
    token = environment.webhookToken().orElse(LOCAL_TOKEN);
    own.put("ATENDE_WEBHOOK_TOKEN", token);
    if (vertex != null) {
      // Express mode against the fake: the real google-genai client, a local endpoint.
      own.put("GOOGLE_API_KEY", "local-fake-vertex-key");
      own.put("GOOGLE_VERTEX_BASE_URL", vertex.url().toString());
    }
    pubsub = keep(new PubSubStandIn(environment.projectId()));
    own.put("PUBSUB_EMULATOR_HOST", pubsub.host());
    // The media bucket terraform/media.tf creates, named like it, in the Cloud Storage stand-in.
    String mediaBucket = environment.mediaBucket().orElse(environment.projectId() + "-atende-media");
    storage = keep(new CloudStorageStandIn()).createBucket(mediaBucket);
    own.put("ATENDE_MEDIA_BUCKET", mediaBucket);
    own.put("STORAGE_EMULATOR_HOST", storage.url().toString());
    // Knowledge sources may be pages this machine serves (dev/demo's help page, the tests' sites).
    own.put("ATENDE_KB_ALLOW_LOOPBACK", "true");
    settings = settings(own);
    own.put("FIRESTORE_EMULATOR_HOST", emulator.host());
    direct = settings(own);
    pubsub.createTopic(settings.escalationTopic()).createTopic(DEAD_LETTER_TOPIC).createTopic(TICK_TOPIC)
        .createTopic(KNOWLEDGE_RESYNC_TOPIC);

    processMessage = keep(FunctionHost.cloudEvents(new ProcessMessage(settings), 0));
    eventarc = keep(new LocalEventarc(emulator.events(), settings.projectId()));
    ticketEdited = keep(FunctionHost.cloudEvents(new TicketEdited(settings), 0));
    eventarc.add(new LocalEventarc.Trigger("tickets/{ticket}/messages/{message}", processMessage.url()));
    eventarc.add(new LocalEventarc.Trigger("tickets/{ticket}", ticketEdited.url()));
    FunctionHost eraseCustomer = keep(FunctionHost.cloudEvents(new EraseCustomer(settings), 0));
    eventarc.add(new LocalEventarc.Trigger("customers/{customer}", eraseCustomer.url()));
    FunctionHost knowledgeSync = keep(FunctionHost.cloudEvents(new SyncKnowledgeSource(settings), 0));
    eventarc.add(new LocalEventarc.Trigger("knowledgeSources/{source}", knowledgeSync.url()));
    FunctionHost knowledgeResync = keep(FunctionHost.http(new ResyncKnowledgeSources(settings), 0));
    pubsub.pushSubscription("knowledge-resync-sync", KNOWLEDGE_RESYNC_TOPIC, knowledgeResync.url(),
        PubSubStandIn.Options.noDeadLetter().withAckDeadline(java.time.Duration.ofSeconds(300)));
    notify = keep(FunctionHost.http(new NotifyEscalation(settings), 0));
    pubsub.pushSubscription(NOTIFY_SUBSCRIPTION, settings.escalationTopic(), notify.url(),
        PubSubStandIn.Options.deadLetter(DEAD_LETTER_TOPIC, settings.notifyMaxAttempts()));
    webhook = keep(FunctionHost.http(new EvolutionWebhook(settings), webhookPort));
    if (evolution != null) evolution.echoTo(webhookUrl().resolve("send-message"), token);
  }

  /**
   * The environment's settings with {@code own} in place of the same names: what a stack, or a test
   * hosting a few functions itself, hands to the functions it runs.
   */
  public static Settings settings(Map<String, String> own) {
    return Settings.from(name -> own.containsKey(name) ? own.get(name) : System.getenv(name));
  }

  public static LocalStack start() {
    return start(0);
  }

  public static LocalStack start(int webhookPort) {
    return new LocalStack(webhookPort, null, false, Map.of());
  }

  /**
   * The stack with every function reaching Firestore through an {@link OutageProxy}, so a test can make
   * Firestore unavailable to them ({@link #firestoreProxy}) while it still reads the emulator itself.
   */
  public static LocalStack withFirestoreOutages() {
    return new LocalStack(0, null, true, Map.of());
  }

  /**
   * The stack with these environment variables set for every function, e.g. an outage's durations
   * shrunk to seconds ({@code ATENDE_RESEND_AFTER}).
   */
  public static LocalStack withEnvironment(Map<String, String> env) {
    return new LocalStack(0, null, false, env);
  }

  /** What stands between the functions and Firestore; null unless started {@link #withFirestoreOutages}. */
  public OutageProxy firestoreProxy() {
    return firestoreProxy;
  }

  /**
   * The stack with Gemini configured against a {@link FakeVertex} of its own (a local fake of the Vertex AI
   * endpoint), which {@link #vertex()} scripts and counts and {@link #close()} stops with the rest.
   */
  public static LocalStack withFakeVertex() {
    return new LocalStack(0, new FakeVertex(), false, Map.of());
  }

  /** The Vertex AI stand-in; null unless started {@link #withFakeVertex}. */
  public FakeVertex vertex() {
    return vertex;
  }

  private <T extends AutoCloseable> T keep(T part) {
    parts.add(part);
    return part;
  }

  /** Where Evolution posts (any sub-path works too, for its by-events mode). */
  public URI webhookUrl() {
    return webhook.url().resolve("/webhook/evolution/");
  }

  /** The Firestore-triggered functions, for tests that count or replay their CloudEvents. */
  public URI processMessageUrl() {
    return processMessage.url();
  }

  public URI ticketEditedUrl() {
    return ticketEdited.url();
  }

  /**
   * The escalation push subscription's retries spaced like terraform/pubsub.tf's (10 s doubling to 600 s,
   * {@code ATENDE_NOTIFY_MAX_ATTEMPTS} tries) at a test's scale: by default they are milliseconds apart.
   */
  public void spaceNoticeRetries(Duration minBackoff, Duration maxBackoff) {
    pubsub.pushSubscription(NOTIFY_SUBSCRIPTION, settings.escalationTopic(), notify.url(),
        PubSubStandIn.Options.deadLetter(DEAD_LETTER_TOPIC, settings.notifyMaxAttempts()).withBackoff(minBackoff, maxBackoff));
  }

  /** The Pub/Sub stand-in: published escalations (and sweep ticks) reach their push functions. */
  public PubSubStandIn pubsub() {
    return pubsub;
  }

  /** The Cloud Storage stand-in holding the media bucket ({@code ATENDE_MEDIA_BUCKET}). */
  public CloudStorageStandIn storage() {
    return storage;
  }

  public String token() {
    return token;
  }

  public String project() {
    return settings.projectId();
  }

  /** What every function of this stack was configured with. */
  public Settings settings() {
    return settings;
  }

  /** A client of the functions' database, for tests and tools that read or edit what they wrote (never cut off). */
  public Firestore firestore() {
    return Firestores.client(direct);
  }

  /** The Evolution stand-in; null when a real Evolution is configured. */
  public EvolutionStandIn evolution() {
    return evolution;
  }

  public LocalEventarc eventarc() {
    return eventarc;
  }

  // ---- FollowUpSweep: Cloud Scheduler -> followup-tick -> push subscription -> the function ----------

  static final String TICK_SUBSCRIPTION = "followup-tick-sweep";
  private FunctionHost sweep;
  private java.util.concurrent.ScheduledExecutorService ticker;

  /**
   * Serves FollowUpSweep behind the {@code followup-tick-sweep} push subscription (no dead letter, 300 s
   * ack deadline, 10 minutes' retention, as terraform/pubsub.tf); with {@code every} set, also publishes
   * a tick on that period as Cloud Scheduler does. Returns the function's URL.
   */
  public synchronized URI startSweep(java.time.Duration every) {
    if (sweep == null) {
      sweep = keep(FunctionHost.http(new FollowUpSweep(settings), 0));
      pubsub.pushSubscription(TICK_SUBSCRIPTION, TICK_TOPIC, sweep.url(), PubSubStandIn.Options.noDeadLetter()
          .withAckDeadline(java.time.Duration.ofSeconds(300)).withRetention(java.time.Duration.ofMinutes(10)));
    }
    if (every != null && !every.isZero() && !every.isNegative() && ticker == null) {
      ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "followup-tick-timer");
        t.setDaemon(true);
        return t;
      });
      parts.add(ticker::shutdownNow);
      ticker.scheduleAtFixedRate(() -> {
        try {
          tick();
        } catch (RuntimeException e) {
          System.err.println("followup-tick: " + e.getMessage());
        }
      }, every.toMillis(), every.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return sweep.url();
  }

  /** Publishes one tick with the body and attribute terraform/scheduler.tf gives it; returns the message id. */
  public String tick() {
    return pubsub.publish(TICK_TOPIC, "{\"kind\":\"followup-tick\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.util.Map.of("source", "cloud-scheduler"));
  }

  /** What the daily Cloud Scheduler job does (terraform/scheduler.tf): every URL source syncs again. */
  public String knowledgeResyncTick() {
    return pubsub.publish(KNOWLEDGE_RESYNC_TOPIC, "{\"kind\":\"knowledge-resync\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.util.Map.of("source", "cloud-scheduler"));
  }

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    String port = System.getenv("ATENDE_PORT");
    LocalStack stack = start(port == null || port.isBlank() ? 8080 : Integer.parseInt(port));
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
    String sweepSeconds = System.getenv("ATENDE_SWEEP_SECONDS");
    stack.startSweep(java.time.Duration.ofSeconds(sweepSeconds == null || sweepSeconds.isBlank() ? 60 : Long.parseLong(sweepSeconds.trim())));
    String webhook = stack.webhookUrl().toString();
    System.out.println("READY webhook=" + webhook.substring(0, webhook.length() - 1));
    System.out.println("  token: header x-atende-token: " + stack.token());
    System.out.println("  firestore emulator: " + stack.settings().firestoreEmulatorHost().orElse("") + " (project " + stack.project() + ")");
    System.out.println("  evolution: " + stack.settings().evolutionApiUrl().orElse(""));
    System.out.println("  media: gs://" + stack.settings().mediaBucket().orElse("") + " at " + stack.storage().url());
    // What dev/kb needs from another shell; the project only when it is not the default, since
    // GOOGLE_CLOUD_PROJECT in a shell also means "use the real Gemini" to dev/stack and dev/demo.
    System.out.println("  knowledge import: export FIRESTORE_EMULATOR_HOST=" + stack.settings().firestoreEmulatorHost().orElse("")
        + stack.settings().googleCloudProject().map(p -> " GOOGLE_CLOUD_PROJECT=" + p).orElse("") + "; dev/kb import PATH...");
    new CountDownLatch(1).await();
  }
}
