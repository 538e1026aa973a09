package atende.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.pubsub.v1.GetTopicRequest;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PublishResponse;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Topic;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Pub/Sub at its gRPC boundary: a real gRPC server (plaintext, on a TCP port) implementing the
 * {@code google.pubsub.v1.Publisher} service's {@code Publish}, {@code GetTopic} and {@code CreateTopic},
 * so the real Java {@code Publisher} talks to it over the wire when {@code PUBSUB_EMULATOR_HOST} is
 * {@link #host()}. It assigns message ids, records every message, and delivers each one to the topic's
 * push subscriptions the way Pub/Sub push does: an HTTP POST of
 * {@code {"message":{"data","attributes","messageId","publishTime"},"subscription","deliveryAttempt"}}
 * ({@code deliveryAttempt} only with a dead-letter policy, as in production), anything but 102/200/201/
 * 202/204 retried with exponential backoff, and after {@code maxDeliveryAttempts} forwarded to the
 * dead-letter topic with the {@code CloudPubSubDeadLetter*} attributes.
 *
 * <p>For tests: {@link #deliverAgain} pushes a message once more (Pub/Sub delivers at least once, and
 * may deliver concurrently), {@link #hold} keeps a subscription from pushing, {@link #publish} publishes
 * without a client (Cloud Scheduler's tick), and {@link #deliveries}/{@link #deadLettered} show what
 * happened. Delays are short by default ({@link Options}).
 */
public final class PubSubStandIn implements AutoCloseable {
  private static final String SERVICE = "google.pubsub.v1.Publisher";
  private static final Set<Integer> ACK_STATUSES = Set.of(102, 200, 201, 202, 204);

  static final MethodDescriptor<PublishRequest, PublishResponse> PUBLISH = unary("Publish",
      PublishRequest.getDefaultInstance(), PublishResponse.getDefaultInstance());
  static final MethodDescriptor<GetTopicRequest, Topic> GET_TOPIC = unary("GetTopic",
      GetTopicRequest.getDefaultInstance(), Topic.getDefaultInstance());
  static final MethodDescriptor<Topic, Topic> CREATE_TOPIC = unary("CreateTopic",
      Topic.getDefaultInstance(), Topic.getDefaultInstance());

  /** One published message. */
  public record Message(String topic, String messageId, byte[] data, Map<String, String> attributes, Instant publishTime) {
    public String dataUtf8() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** One push attempt and the endpoint's HTTP status (0: no answer within the ack deadline). */
  public record Delivery(String subscription, String messageId, int attempt, int status, Instant at) {
    public boolean acked() {
      return ACK_STATUSES.contains(status);
    }
  }

  /** A message given up on after {@code attempts} deliveries and forwarded to the dead-letter topic. */
  public record DeadLetter(String subscription, Message message, int attempts, String deadLetterMessageId) {}

  public enum State { PENDING, ACKED, DEAD_LETTERED, EXPIRED }

  /**
   * A push subscription's delivery policy. {@code maxDeliveryAttempts} 0 = no dead-letter policy (then
   * the body has no {@code deliveryAttempt} and delivery is retried until {@code retention} passes).
   */
  public record Options(int maxDeliveryAttempts, String deadLetterTopic, Duration minBackoff, Duration maxBackoff,
      Duration ackDeadline, Duration retention) {

    /** With a dead-letter policy, local delays (50 ms doubling to 400 ms). */
    public static Options deadLetter(String deadLetterTopic, int maxDeliveryAttempts) {
      if (maxDeliveryAttempts < 1) throw new IllegalArgumentException("maxDeliveryAttempts must be >= 1");
      return new Options(maxDeliveryAttempts, deadLetterTopic, Duration.ofMillis(50), Duration.ofMillis(400),
          Duration.ofSeconds(60), Duration.ofMinutes(10));
    }

    /** No dead-letter policy: retried until the retention passes. */
    public static Options noDeadLetter() {
      return new Options(0, null, Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofSeconds(60), Duration.ofMinutes(10));
    }

    public Options withBackoff(Duration min, Duration max) {
      return new Options(maxDeliveryAttempts, deadLetterTopic, min, max, ackDeadline, retention);
    }

    public Options withAckDeadline(Duration deadline) {
      return new Options(maxDeliveryAttempts, deadLetterTopic, minBackoff, maxBackoff, deadline, retention);
    }

    public Options withRetention(Duration keep) {
      return new Options(maxDeliveryAttempts, deadLetterTopic, minBackoff, maxBackoff, ackDeadline, keep);
    }
  }

  private record Subscription(String name, String topic, URI endpoint, Options options) {}

  /** Per subscription and message: attempts so far and where it stands. */
  private static final class Tracking {
    final AtomicInteger attempts = new AtomicInteger();
    volatile State state = State.PENDING;
  }

  private final String project;
  private final Server server;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService pushers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong nextId = new AtomicLong(17_000_000_000L);
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failingPushes = new ConcurrentHashMap<>();
  private final Map<String, Message> messages = new ConcurrentHashMap<>();
  private final List<Message> log = new CopyOnWriteArrayList<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
  private final Map<String, Tracking> tracking = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** On a free loopback port. */
  public PubSubStandIn(String project) {
    this(project, 0);
  }

  public PubSubStandIn(String project, int port) {
    this.project = project;
    ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
        .addMethod(PUBLISH, ServerCalls.asyncUnaryCall(this::onPublish))
        .addMethod(GET_TOPIC, ServerCalls.asyncUnaryCall(this::onGetTopic))
        .addMethod(CREATE_TOPIC, ServerCalls.asyncUnaryCall(this::onCreateTopic))
        .build();
    try {
      server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
          .addService(service)
          .build()
          .start();
    } catch (IOException e) {
      throw new IllegalStateException("Pub/Sub stand-in could not listen: " + e.getMessage(), e);
    }
  }

  /** {@code 127.0.0.1:<port>}, the value for {@code PUBSUB_EMULATOR_HOST}. */
  public String host() {
    return "127.0.0.1:" + server.getPort();
  }

  public String project() {
    return project;
  }

  public String topicName(String topicId) {
    return "projects/" + project + "/topics/" + topicId;
  }

  public String subscriptionName(String subscriptionId) {
    return "projects/" + project + "/subscriptions/" + subscriptionId;
  }

  public PubSubStandIn createTopic(String topicId) {
    topics.add(topicName(topicId));
    return this;
  }

  /** Pushes every message published to {@code topicId} from now on to {@code endpoint}. */
  public PubSubStandIn pushSubscription(String subscriptionId, String topicId, URI endpoint, Options options) {
    if (!topics.contains(topicName(topicId))) throw new IllegalArgumentException("no topic " + topicId);
    if (options.deadLetterTopic() != null && !topics.contains(topicName(options.deadLetterTopic()))) {
      throw new IllegalArgumentException("no dead-letter topic " + options.deadLetterTopic());
    }
    String name = subscriptionName(subscriptionId);
    subscriptions.put(name, new Subscription(name, topicName(topicId), endpoint, options));
    return this;
  }

  /**
   * Until {@link #restorePushes}, every push of this subscription fails with {@code status} before it
   * reaches the endpoint, as when the endpoint's service cannot serve (Cloud Run's front end answers 503
   * while no instance can start, 429 when it is over its limits).
   */
  public void failPushes(String subscriptionId, int status) {
    failingPushes.put(subscriptionName(subscriptionId), status);
  }

  public void restorePushes(String subscriptionId) {
    failingPushes.remove(subscriptionName(subscriptionId));
  }

  /** While held, a subscription keeps its messages instead of pushing them; releasing resumes delivery. */
  public void hold(String subscriptionId, boolean hold) {
    if (hold) held.add(subscriptionName(subscriptionId));
    else held.remove(subscriptionName(subscriptionId));
  }

  /** Publishes as a client would (Cloud Scheduler's tick, tests); returns the message id. */
  public String publish(String topicId, byte[] data, Map<String, String> attributes) {
    String topic = topicName(topicId);
    if (!topics.contains(topic)) throw new IllegalArgumentException("no topic " + topicId);
    return accept(topic, data, attributes);
  }

  /** Every message published to the topic, oldest first. */
  public List<Message> published(String topicId) {
    String topic = topicName(topicId);
    return log.stream().filter(m -> m.topic().equals(topic)).toList();
  }

  public Optional<Message> message(String messageId) {
    return Optional.ofNullable(messages.get(messageId));
  }

  /** Every push attempt of a message, in the order they finished. */
  public List<Delivery> deliveries(String messageId) {
    return deliveries.stream().filter(d -> d.messageId().equals(messageId)).toList();
  }

  public List<DeadLetter> deadLettered(String subscriptionId) {
    String name = subscriptionName(subscriptionId);
    return deadLetters.stream().filter(d -> d.subscription().equals(name)).toList();
  }

  public State state(String subscriptionId, String messageId) {
    Tracking t = tracking.get(key(subscriptionName(subscriptionId), messageId));
    return t == null ? State.PENDING : t.state;
  }

  /** Waits until the message is acknowledged, dead-lettered or expired on that subscription. */
  public State awaitSettled(String subscriptionId, String messageId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    State state = state(subscriptionId, messageId);
    while (state == State.PENDING && System.nanoTime() < deadline) {
      Thread.sleep(20);
      state = state(subscriptionId, messageId);
    }
    return state;
  }

  /**
   * Pushes the message once more right now, outside the retry loop, as Pub/Sub's at-least-once
   * delivery sometimes does (also concurrently with another delivery). Counts as a delivery attempt;
   * returns the endpoint's status and acknowledges the message when it is an ack status.
   */
  public int deliverAgain(String subscriptionId, String messageId) {
    Subscription subscription = subscriptions.get(subscriptionName(subscriptionId));
    Message message = messages.get(messageId);
    if (subscription == null || message == null) throw new IllegalArgumentException("unknown subscription or message");
    Tracking t = tracking.computeIfAbsent(key(subscription.name(), messageId), k -> new Tracking());
    int status = push(subscription, message, t.attempts.incrementAndGet());
    if (ACK_STATUSES.contains(status) && t.state == State.PENDING) t.state = State.ACKED;
    return status;
  }

  // ------------------------------------------------------------------------------------ gRPC

  private void onPublish(PublishRequest request, StreamObserver<PublishResponse> response) {
    if (!topics.contains(request.getTopic())) {
      response.onError(Status.NOT_FOUND.withDescription("Topic not found: " + request.getTopic()).asRuntimeException());
      return;
    }
    if (request.getMessagesCount() == 0) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("No messages").asRuntimeException());
      return;
    }
    for (PubsubMessage m : request.getMessagesList()) {
      if (m.getData().isEmpty() && m.getAttributesCount() == 0) {
        response.onError(Status.INVALID_ARGUMENT
            .withDescription("Some messages contain neither data nor attributes").asRuntimeException());
        return;
      }
    }
    PublishResponse.Builder ids = PublishResponse.newBuilder();
    for (PubsubMessage m : request.getMessagesList()) {
      ids.addMessageIds(accept(request.getTopic(), m.getData().toByteArray(), m.getAttributesMap()));
    }
    response.onNext(ids.build());
    response.onCompleted();
  }

  private void onGetTopic(GetTopicRequest request, StreamObserver<Topic> response) {
    if (!topics.contains(request.getTopic())) {
      response.onError(Status.NOT_FOUND.withDescription("Topic not found").asRuntimeException());
      return;
    }
    response.onNext(Topic.newBuilder().setName(request.getTopic()).build());
    response.onCompleted();
  }

  private void onCreateTopic(Topic request, StreamObserver<Topic> response) {
    if (!topics.add(request.getName())) {
      response.onError(Status.ALREADY_EXISTS.withDescription("Topic already exists").asRuntimeException());
      return;
    }
    response.onNext(Topic.newBuilder().setName(request.getName()).build());
    response.onCompleted();
  }

  // ------------------------------------------------------------------------------------ delivery

  private String accept(String topic, byte[] data, Map<String, String> attributes) {
    Message message = new Message(topic, String.valueOf(nextId.incrementAndGet()), data.clone(),
        Map.copyOf(attributes), Instant.now());
    messages.put(message.messageId(), message);
    log.add(message);
    for (Subscription subscription : subscriptions.values()) {
      if (subscription.topic().equals(topic) && !closed) {
        Tracking t = tracking.computeIfAbsent(key(subscription.name(), message.messageId()), k -> new Tracking());
        pushers.submit(() -> deliver(subscription, message, t));
      }
    }
    return message.messageId();
  }

  /** Push, back off, push again, until acknowledged, dead-lettered, or past retention. */
  private void deliver(Subscription subscription, Message message, Tracking t) {
    Options options = subscription.options();
    Duration backoff = options.minBackoff();
    try {
      while (!closed && t.state == State.PENDING) {
        while (held.contains(subscription.name()) && !closed) Thread.sleep(20);
        if (t.state != State.PENDING || closed) return;
        int attempt = t.attempts.incrementAndGet();
        int status = push(subscription, message, attempt);
        if (ACK_STATUSES.contains(status)) {
          t.state = State.ACKED;
          return;
        }
        if (options.maxDeliveryAttempts() > 0 && attempt >= options.maxDeliveryAttempts()) {
          deadLetter(subscription, message, attempt, t);
          return;
        }
        if (Duration.between(message.publishTime(), Instant.now()).compareTo(options.retention()) > 0) {
          t.state = State.EXPIRED;
          return;
        }
        Thread.sleep(backoff);
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(options.maxBackoff()) > 0) backoff = options.maxBackoff();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deadLetter(Subscription subscription, Message message, int attempts, Tracking t) {
    Map<String, String> attributes = new LinkedHashMap<>(message.attributes());
    attributes.put("CloudPubSubDeadLetterSourceDeliveryCount", String.valueOf(attempts));
    attributes.put("CloudPubSubDeadLetterSourceSubscription", subscription.name().substring(subscription.name().lastIndexOf('/') + 1));
    attributes.put("CloudPubSubDeadLetterSourceSubscriptionProject", project);
    attributes.put("CloudPubSubDeadLetterSourceTopicPublishTime", message.publishTime().toString());
    String forwarded = accept(topicName(subscription.options().deadLetterTopic()), message.data(), attributes);
    deadLetters.add(new DeadLetter(subscription.name(), message, attempts, forwarded));
    t.state = State.DEAD_LETTERED;
  }

  /** One HTTP push; the status, or 0 when the endpoint did not answer within the ack deadline. */
  private int push(Subscription subscription, Message message, int attempt) {
    Integer failing = failingPushes.get(subscription.name());
    int status;
    if (failing != null) {
      deliveries.add(new Delivery(subscription.name(), message.messageId(), attempt, failing, Instant.now()));
      return failing;
    }
    try {
      HttpRequest request = HttpRequest.newBuilder(subscription.endpoint())
          .timeout(subscription.options().ackDeadline())
          .header("content-type", "application/json")
          .header("user-agent", "APIs-Google; (+https://developers.google.com/webmasters/APIs-Google.html)")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body(subscription, message, attempt)))
          .build();
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      status = 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 0;
    }
    deliveries.add(new Delivery(subscription.name(), message.messageId(), attempt, status, Instant.now()));
    return status;
  }

  /** The push body production sends (both spellings of the id and time, as Pub/Sub does). */
  private byte[] body(Subscription subscription, Message message, int attempt) throws IOException {
    ObjectNode root = json.createObjectNode();
    ObjectNode m = root.putObject("message");
    m.put("data", Base64.getEncoder().encodeToString(message.data()));
    if (!message.attributes().isEmpty()) {
      ObjectNode attributes = m.putObject("attributes");
      message.attributes().forEach(attributes::put);
    }
    m.put("messageId", message.messageId());
    m.put("message_id", message.messageId());
    m.put("publishTime", message.publishTime().toString());
    m.put("publish_time", message.publishTime().toString());
    root.put("subscription", subscription.name());
    if (subscription.options().maxDeliveryAttempts() > 0) root.put("deliveryAttempt", attempt);
    return json.writeValueAsBytes(root);
  }

  private static String key(String subscription, String messageId) {
    return subscription + "|" + messageId;
  }

  private static <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> MethodDescriptor<Q, R> unary(
      String method, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, method))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }

  /** Every message published so far, across topics (for debugging output). */
  public List<Message> all() {
    return new ArrayList<>(log);
  }

  @Override
  public void close() {
    closed = true;
    pushers.shutdownNow();
    server.shutdownNow();
  }
}
