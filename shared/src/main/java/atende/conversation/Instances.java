package atende.conversation;

import static atende.platform.Firestores.await;

import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Reads {@code instances/{instance}} with a short cache: console edits apply within {@link #TTL}. */
public final class Instances {
  public static final String COLLECTION = "instances";
  static final Duration TTL = Duration.ofSeconds(30);

  private record Cached(InstanceSettings settings, Instant expires) {}

  private final Firestore db;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public Instances(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public InstanceSettings get(String instance) {
    Instant now = clock.instant();
    Cached cached = cache.get(instance);
    if (cached != null && cached.expires().isAfter(now)) return cached.settings();
    InstanceSettings settings = InstanceSettings.from(await(db.collection(COLLECTION).document(instance).get()));
    cache.put(instance, new Cached(settings, now.plus(TTL)));
    return settings;
  }
}
