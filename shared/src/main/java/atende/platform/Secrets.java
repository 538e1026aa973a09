package atende.platform;

import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Resolves a configured secret: a literal value is used as is (local runs), a Secret Manager version
 * name ({@code projects/P/secrets/S/versions/V}) is read and cached for a few minutes, so a rotated
 * secret is picked up without a redeploy.
 */
public final class Secrets {
  private static final Pattern VERSION_NAME = Pattern.compile("projects/[^/]+/secrets/[^/]+/versions/[^/]+");
  private static final Duration TTL = Duration.ofMinutes(5);

  private record Cached(String value, Instant expires) {}

  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile SecretManagerServiceClient client;

  public Secrets(Clock clock) {
    this.clock = clock;
  }

  public Optional<String> resolve(Optional<String> configured) {
    return configured.map(this::resolve);
  }

  public String resolve(String configured) {
    if (!VERSION_NAME.matcher(configured).matches()) return configured;
    Cached cached = cache.get(configured);
    Instant now = clock.instant();
    if (cached != null && cached.expires().isAfter(now)) return cached.value();
    String value = client().accessSecretVersion(configured).getPayload().getData().toStringUtf8().trim();
    cache.put(configured, new Cached(value, now.plus(TTL)));
    return value;
  }

  private SecretManagerServiceClient client() {
    if (client == null) {
      synchronized (this) {
        if (client == null) {
          try {
            client = SecretManagerServiceClient.create();
          } catch (java.io.IOException e) {
            throw new IllegalStateException("Secret Manager client could not start", e);
          }
        }
      }
    }
    return client;
  }
}
