package atende.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.events.cloud.firestore.v1.Document;
import com.google.events.cloud.firestore.v1.DocumentEventData;
import com.google.events.cloud.firestore.v1.DocumentMask;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local stand-in for Eventarc's Firestore triggers: it reads the emulator's change stream and POSTs
 * each matching change to a function as a binary-mode CloudEvent whose body is the protobuf
 * {@code DocumentEventData} production sends (value, old_value, update_mask). Deliveries run
 * concurrently and are retried on failure, like a trigger with {@code RETRY_POLICY_RETRY}.
 */
public final class LocalEventarc implements AutoCloseable {
  public static final String WRITTEN = "google.cloud.firestore.document.v1.written";

  /** A trigger: documents matching {@code pattern} (e.g. {@code tickets/{t}/messages/{m}}) go to {@code target}. */
  public record Trigger(String pattern, URI target) {
    Pattern regex() {
      return Pattern.compile(pattern.replaceAll("\\{[^}]+}", "[^/]+"));
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final java.util.concurrent.ConcurrentHashMap<URI, AtomicLong> deliveredTo = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int copies = 1;
  private final String project;
  private final Thread reader;
  private volatile boolean closed;

  public LocalEventarc(URI events, String project) {
    this.project = project;
    CountDownLatch subscribed = new CountDownLatch(1);
    this.reader = Thread.ofPlatform().daemon().name("local-eventarc").start(() -> read(events, subscribed));
    // Return only once the change stream is subscribed, so no write is missed.
    try {
      if (!subscribed.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("The emulator's change stream did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public void add(Trigger trigger) {
    triggers.add(trigger);
  }

  public long delivered() {
    return delivered.get();
  }

  /** Successful deliveries to one function. */
  public long deliveredTo(URI target) {
    AtomicLong count = deliveredTo.get(target);
    return count == null ? 0 : count.get();
  }

  /**
   * At-least-once on purpose: from now on every change is delivered {@code n} times, concurrently and
   * with the same event id, as Eventarc may do.
   */
  public void deliverEachChange(int n) {
    copies = n;
  }

  /** Blocks until nothing was routed or delivered for {@code quiet}; false if that did not happen within {@code max}. */
  public boolean awaitQuiet(Duration quiet, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (inFlight.get() == 0 && System.nanoTime() - lastActivity.get() >= quiet.toNanos()) return true;
      sleep(20);
    }
    return false;
  }

  public long failed() {
    return failed.get();
  }

  private void read(URI events, CountDownLatch subscribed) {
    while (!closed) {
      try {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(events).GET().build(),
            HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
          lines.forEach(line -> {
            if (closed) throw new IllegalStateException("closed");
            route(line, subscribed);
          });
        }
      } catch (Exception e) {
        if (closed) return;
        sleep(200);
      }
    }
  }

  private void route(String line, CountDownLatch subscribed) {
    JsonNode change;
    try {
      change = json.readTree(line);
    } catch (IOException e) {
      return;
    }
    if ("hello".equals(change.path("type").asText())) {
      subscribed.countDown();
      return;
    }
    String name = change.path("name").asText();
    String prefix = "projects/" + project + "/databases/";
    if (!name.startsWith(prefix)) return;
    String database = name.substring(prefix.length(), name.indexOf("/documents/"));
    String path = name.substring(name.indexOf("/documents/") + "/documents/".length());
    for (Trigger trigger : triggers) {
      if (trigger.regex().matcher(path).matches()) {
        byte[] body = eventData(change).toByteArray();
        String id = UUID.randomUUID().toString();
        lastActivity.set(System.nanoTime());
        for (int i = 0; i < copies; i++) {
          inFlight.incrementAndGet();
          deliveries.submit(() -> {
            try {
              deliver(trigger.target(), database, path, body, id);
            } finally {
              inFlight.decrementAndGet();
              lastActivity.set(System.nanoTime());
            }
          });
        }
      }
    }
  }

  static DocumentEventData eventData(JsonNode change) {
    DocumentEventData.Builder data = DocumentEventData.newBuilder();
    Document value = document(change.path("value"));
    Document old = document(change.path("old"));
    if (value != null) data.setValue(value);
    if (old != null) data.setOldValue(old);
    if (value != null && old != null) data.setUpdateMask(changedFields(old, value));
    return data.build();
  }

  private static Document document(JsonNode base64) {
    if (base64 == null || base64.isNull() || base64.isMissingNode()) return null;
    try {
      return Document.parseFrom(Base64.getDecoder().decode(base64.asText()));
    } catch (IOException e) {
      throw new IllegalStateException("The emulator sent a document that is not a v1 Document", e);
    }
  }

  private static DocumentMask changedFields(Document old, Document value) {
    Set<String> names = new HashSet<>(old.getFieldsMap().keySet());
    names.addAll(value.getFieldsMap().keySet());
    List<String> changed = new ArrayList<>();
    for (String field : names.stream().sorted().toList()) {
      if (!java.util.Objects.equals(old.getFieldsMap().get(field), value.getFieldsMap().get(field))) changed.add(field);
    }
    return DocumentMask.newBuilder().addAllFieldPaths(changed).build();
  }

  private void deliver(URI target, String database, String path, byte[] body, String id) {
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(Duration.ofMinutes(2))
        .header("content-type", "application/protobuf")
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "//firestore.googleapis.com/projects/" + project + "/databases/" + database)
        .header("ce-type", WRITTEN)
        .header("ce-subject", "documents/" + path)
        .header("ce-time", Instant.now().toString())
        .header("ce-project", project)
        .header("ce-database", database)
        .header("ce-namespace", "(default)")
        .header("ce-document", path)
        .header("ce-location", "local")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    long backoff = 250;
    for (int attempt = 1; attempt <= 6 && !closed; attempt++) {
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        lastActivity.set(System.nanoTime());
        if (status < 300) {
          delivered.incrementAndGet();
          deliveredTo.computeIfAbsent(target, t -> new AtomicLong()).incrementAndGet();
          return;
        }
      } catch (IOException e) {
        // retried below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sleep(backoff);
      backoff = Math.min(backoff * 2, 5000);
    }
    failed.incrementAndGet();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    deliveries.shutdownNow();
  }
}
