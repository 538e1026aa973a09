package atende.local;

import atende.platform.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The whole system on one machine: the Firestore emulator, every function under the Functions
 * Framework invoker, a local Eventarc that turns emulator writes into the trigger CloudEvents
 * production sends, and an Evolution stand-in unless {@code EVOLUTION_API_URL} points at a real one.
 * Configuration reaches the functions as system properties of the documented environment names.
 */
public final class LocalStack implements AutoCloseable {
  public static final String LOCAL_TOKEN = "local-webhook-token";

  private final List<AutoCloseable> parts = new ArrayList<>();
  private final EvolutionStandIn evolution;
  private final FunctionHost webhook;
  private final FunctionHost processMessage;
  private final FunctionHost ticketEdited;
  private final PubSubStandIn pubsub;
  /** Topic names as terraform/pubsub.tf creates them. */
  static final String DEAD_LETTER_TOPIC = "ticket-escalations-dead-letter";
  static final String TICK_TOPIC = "followup-tick";
  private final LocalEventarc eventarc;
  private final String token;
  private final String project;

  /** Held so the level sticks: the invoker's Jetty logs every start and stop at INFO. */
  private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

  /** Set for the stack's life and cleared on close, so the next stack in this JVM starts clean. */
  private final List<String> properties = new ArrayList<>();

  private LocalStack(int webhookPort, FakeVertex vertex) {
    JETTY.setLevel(java.util.logging.Level.WARNING);
    Emulator emulator = Emulator.shared();
    System.setProperty("FIRESTORE_EMULATOR_HOST", emulator.host());
    String externalEvolution = System.getenv("EVOLUTION_API_URL");
    if (externalEvolution == null || externalEvolution.isBlank()) {
      evolution = new EvolutionStandIn();
      parts.add(evolution);
      System.setProperty("EVOLUTION_API_URL", evolution.url().toString());
      System.setProperty("EVOLUTION_API_KEY", evolution.apiKey());
    } else {
      evolution = null;
    }
    String configuredToken = System.getenv("ATENDE_WEBHOOK_TOKEN");
    token = configuredToken == null || configuredToken.isBlank() ? LOCAL_TOKEN : configuredToken;
    System.setProperty("ATENDE_WEBHOOK_TOKEN", token);
    if (vertex != null) {
      // Express mode against the fake: the real google-genai client, a local endpoint.
      property("GOOGLE_API_KEY", "local-fake-vertex-key");
      property("GOOGLE_VERTEX_BASE_URL", vertex.url().toString());
    }
    project = Settings.fromEnvironment().projectId();
    // Pub/Sub over gRPC before any function starts: each reads its settings when constructed.
    pubsub = keep(new PubSubStandIn(project));
    property("PUBSUB_EMULATOR_HOST", pubsub.host());
    String escalationTopic = Settings.fromEnvironment().escalationTopic();
    pubsub.createTopic(escalationTopic).createTopic(DEAD_LETTER_TOPIC).createTopic(TICK_TOPIC);

    processMessage = keep(FunctionHost.start("atende.functions.ProcessMessage", "cloudevent", 0));
    eventarc = keep(new LocalEventarc(emulator.events(), project));
    ticketEdited = keep(FunctionHost.start("atende.functions.TicketEdited", "cloudevent", 0));
    eventarc.add(new LocalEventarc.Trigger("tickets/{ticket}/messages/{message}", processMessage.url()));
    eventarc.add(new LocalEventarc.Trigger("tickets/{ticket}", ticketEdited.url()));
    FunctionHost notify = keep(FunctionHost.start("atende.functions.NotifyEscalation", "http", 0));
    pubsub.pushSubscription("ticket-escalations-notify", escalationTopic, notify.url(),
        PubSubStandIn.Options.deadLetter(DEAD_LETTER_TOPIC, Settings.DEFAULT_NOTIFY_MAX_ATTEMPTS));
    webhook = keep(FunctionHost.start("atende.functions.EvolutionWebhook", "http", webhookPort));
    if (evolution != null) evolution.echoTo(webhookUrl().resolve("send-message"), token);
  }

  public static LocalStack start() {
    return start(0);
  }

  public static LocalStack start(int webhookPort) {
    return new LocalStack(webhookPort, null);
  }

  /** The stack with Gemini configured against {@code vertex}, a local fake of the Vertex AI endpoint. */
  public static LocalStack withVertex(FakeVertex vertex) {
    return new LocalStack(0, vertex);
  }

  private void property(String name, String value) {
    System.setProperty(name, value);
    properties.add(name);
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

  /** The Pub/Sub stand-in: published escalations (and sweep ticks) reach their push functions. */
  public PubSubStandIn pubsub() {
    return pubsub;
  }

  public String token() {
    return token;
  }

  public String project() {
    return project;
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
      sweep = keep(FunctionHost.start("atende.functions.FollowUpSweep", "http", 0));
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

  @Override
  public void close() {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception ignored) {
        // keep closing the rest
      }
    }
    properties.forEach(System::clearProperty);
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
    System.out.println("  firestore emulator: " + System.getProperty("FIRESTORE_EMULATOR_HOST") + " (project " + stack.project() + ")");
    System.out.println("  evolution: " + System.getProperty("EVOLUTION_API_URL", System.getenv("EVOLUTION_API_URL")));
    new CountDownLatch(1).await();
  }
}
