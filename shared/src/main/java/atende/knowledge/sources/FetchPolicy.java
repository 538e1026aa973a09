package atende.knowledge.sources;

import java.time.Duration;

/**
 * How far a knowledge-source fetch may go. Production never reaches loopback; the local stack, whose
 * test pages are served on 127.0.0.1, is the one caller that allows it.
 *
 * @param allowLoopback whether 127.0.0.0/8 and ::1 may be fetched
 * @param maxBytes the largest body read; a longer one is refused without being buffered
 * @param timeout the whole fetch, redirects and body included
 * @param maxRedirects how many redirects are followed before the URL is refused
 */
public record FetchPolicy(boolean allowLoopback, long maxBytes, Duration timeout, int maxRedirects) {
  public static final FetchPolicy DEFAULT = new FetchPolicy(false, 5L * 1024 * 1024, Duration.ofSeconds(15), 3);

  public FetchPolicy {
    if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
    if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (maxRedirects < 0) throw new IllegalArgumentException("maxRedirects must not be negative");
  }
}
