package atende.escalation;

import atende.platform.Settings;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link EscalationPublisher} on Pub/Sub: the real {@link Publisher} for
 * {@code projects/{project}/topics/{topic}}. The message data is {@link EscalationJson}; attributes
 * {@code ticketId}, {@code priority} and {@code escalationId} let subscribers filter without parsing.
 * With {@code PUBSUB_EMULATOR_HOST} set it talks plaintext gRPC without credentials to that host (the
 * local stand-in or an emulator), like the client's own emulator support.
 *
 * <p>Building a publisher opens a gRPC channel and thread pools, so {@link #shared} keeps one per
 * (project, topic, emulator) for the life of the instance, the way {@code Firestores} keeps clients.
 */
public final class PubSubEscalationPublisher implements EscalationPublisher, AutoCloseable {
  /** The message attributes (subscribers filter on them without parsing the data). */
  private static final String TICKET_ID_ATTRIBUTE = "ticketId";
  private static final String PRIORITY_ATTRIBUTE = "priority";
  static final String ESCALATION_ID_ATTRIBUTE = "escalationId";

  /** How long {@link #publish} waits, retries included; a function must not hang on a stuck publish. */
  static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private static final Map<String, PubSubEscalationPublisher> SHARED = new ConcurrentHashMap<>();

  private final TopicName topic;
  private final Publisher publisher;
  private final ManagedChannel emulatorChannel;
  private final String sharedKey;

  private PubSubEscalationPublisher(TopicName topic, Publisher publisher, ManagedChannel emulatorChannel, String sharedKey) {
    this.topic = topic;
    this.publisher = publisher;
    this.emulatorChannel = emulatorChannel;
    this.sharedKey = sharedKey;
  }

  /** The instance-wide publisher for the configured project and {@code ATENDE_ESCALATION_TOPIC}. */
  public static PubSubEscalationPublisher shared(Settings settings) {
    String key = settings.projectId() + "|" + settings.escalationTopic() + "|" + settings.pubsubEmulatorHost().orElse("");
    return SHARED.computeIfAbsent(key,
        k -> build(settings.projectId(), settings.escalationTopic(), settings.pubsubEmulatorHost(), k));
  }

  /** A publisher of its own (the caller closes it). */
  public static PubSubEscalationPublisher create(String projectId, String topicId, Optional<String> emulatorHost) {
    return build(projectId, topicId, emulatorHost, null);
  }

  private static PubSubEscalationPublisher build(String projectId, String topicId, Optional<String> emulatorHost, String sharedKey) {
    TopicName topic = TopicName.of(projectId, topicId);
    ManagedChannel channel = emulatorHost.map(host -> ManagedChannelBuilder.forTarget(host).usePlaintext().build()).orElse(null);
    try {
      Publisher.Builder builder = Publisher.newBuilder(topic)
          .setRetrySettings(RetrySettings.newBuilder()
              .setInitialRetryDelayDuration(Duration.ofMillis(100))
              .setRetryDelayMultiplier(2.0)
              .setMaxRetryDelayDuration(Duration.ofSeconds(5))
              .setInitialRpcTimeoutDuration(Duration.ofSeconds(10))
              .setRpcTimeoutMultiplier(1.0)
              .setMaxRpcTimeoutDuration(Duration.ofSeconds(10))
              .setTotalTimeoutDuration(PUBLISH_TIMEOUT)
              .build());
      if (channel != null) {
        builder.setChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
            .setCredentialsProvider(NoCredentialsProvider.create());
      }
      return new PubSubEscalationPublisher(topic, builder.build(), channel, sharedKey);
    } catch (IOException e) {
      if (channel != null) channel.shutdownNow();
      throw new IllegalStateException("Pub/Sub publisher for " + topic + " could not start", e);
    }
  }

  public TopicName topic() {
    return topic;
  }

  /** Publishes and waits for the server's message id; throws {@link PublishException} when it was not accepted. */
  @Override
  public String publish(Escalation escalation) {
    PubsubMessage message = PubsubMessage.newBuilder()
        .setData(ByteString.copyFrom(EscalationJson.encode(escalation)))
        .putAttributes(TICKET_ID_ATTRIBUTE, escalation.ticketId())
        .putAttributes(PRIORITY_ATTRIBUTE, escalation.priority() == null ? "" : escalation.priority())
        .putAttributes(ESCALATION_ID_ATTRIBUTE, escalation.escalationId())
        .build();
    try {
      return publisher.publish(message).get(PUBLISH_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PublishException("publish to " + topic + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new PublishException("publish to " + topic + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("publish to " + topic + " interrupted", e);
    }
  }

  /** Flushes what is pending and releases the channel and threads. */
  @Override
  public void close() {
    if (sharedKey != null) SHARED.remove(sharedKey, this);
    publisher.shutdown();
    try {
      publisher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (emulatorChannel != null) emulatorChannel.shutdownNow();
    }
  }

  /** The escalation was not handed to Pub/Sub. */
  public static final class PublishException extends RuntimeException {
    PublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
