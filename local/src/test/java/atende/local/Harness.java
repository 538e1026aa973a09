package atende.local;

import atende.platform.Firestores;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import atende.platform.Settings;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the end-to-end tests share, each in one place. A test that needs the functions starts a
 * {@link LocalStack} in {@code @BeforeAll} and closes it in {@code @AfterAll}; one that hosts only a
 * few functions builds them with {@link LocalStack#settings} and serves them with {@link FunctionHost}.
 * Either way settings travel as a {@code Settings} value into each function's constructor, never as
 * system properties, so test classes could run in parallel in one JVM. Every test shares the one
 * {@link Emulator#shared() Firestore emulator} and keeps apart by fresh names ({@link Keys}) or, when
 * no function is involved, by a project of its own ({@link #firestore}). {@link #eventually} waits for
 * what the stack does asynchronously; {@link Conversation} scripts a customer and an operator; the
 * real Evolution payloads come from {@code atende.evolution.Fixtures} in shared's test-jar.
 */
final class Harness {
  private Harness() {}

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Probes every 50 ms until {@code done} holds, and returns that value; fails after 30 seconds. */
  static <T> T eventually(Supplier<T> probe, Predicate<T> done) {
    return eventually(probe, done, PATIENCE);
  }

  /** As {@link #eventually(Supplier, Predicate)}, for what takes longer by design (a client timeout running out). */
  static <T> T eventually(Supplier<T> probe, Predicate<T> done, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out; last value: " + value);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = probe.get();
    }
    return value;
  }

  /** The document at {@code path} once {@code done} holds for it. */
  static DocumentSnapshot eventually(Firestore db, String path, Predicate<DocumentSnapshot> done) {
    return eventually(() -> Firestores.await(db.document(path).get()), done);
  }

  /** A real Evolution payload (a fixture) as if {@code instance} had sent it, so each test has its own tickets. */
  static byte[] forInstance(String instance, byte[] body) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(body);
      root.put("instance", instance);
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of the shared emulator in a project of its own, for tests that run no function. */
  static Firestore firestore(String project) {
    String host = Emulator.shared().host();
    return Firestores.client(Settings.from(name -> switch (name) {
      case "FIRESTORE_EMULATOR_HOST" -> host;
      case "GOOGLE_CLOUD_PROJECT" -> project;
      default -> null;
    }));
  }
}
