package atende.platform;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How a reply gets through an Evolution outage (README "Outages"). On the turn's path the send is tried
 * {@code attempts} times, the pause doubling from {@code backoff} (a customer is waiting, ProcessMessage's
 * timeout bounds it); then the reply is {@code failed} and the team is told, and FollowUpSweep sends it
 * again {@code resendAfter} later, the pause doubling after each failed try, as long as it is still
 * relevant and younger than {@code resendMaxAge}. Durations are settings so tests can shrink an outage
 * of minutes to seconds; the defaults are the production values.
 */
public record SendRetry(int attempts, Duration backoff, Duration resendAfter, Duration resendMaxAge) {
  /**
   * Three tries 1 s and 2 s apart ride out a blip; a first resend after a minute (the sweep ticks every 5),
   * then 2, 4, 8... minutes; an answer older than 30 minutes is stale (the customer has moved on, a person
   * has the escalation).
   */
  public static final SendRetry DEFAULTS = new SendRetry(3, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(30));

  /**
   * {@code ATENDE_SEND_ATTEMPTS}, and ISO-8601 durations {@code ATENDE_SEND_BACKOFF}, {@code ATENDE_RESEND_AFTER},
   * {@code ATENDE_RESEND_MAX_AGE} (e.g. {@code PT1S}, {@code PT30M}); unset or unparseable means the default.
   */
  public static SendRetry from(UnaryOperator<String> env) {
    return new SendRetry(
        value(env, "ATENDE_SEND_ATTEMPTS").flatMap(SendRetry::count).orElse(DEFAULTS.attempts),
        value(env, "ATENDE_SEND_BACKOFF").flatMap(SendRetry::duration).orElse(DEFAULTS.backoff),
        value(env, "ATENDE_RESEND_AFTER").flatMap(SendRetry::duration).orElse(DEFAULTS.resendAfter),
        value(env, "ATENDE_RESEND_MAX_AGE").flatMap(SendRetry::duration).orElse(DEFAULTS.resendMaxAge));
  }

  /** The pause before the sweep's next resend, after {@code failedResends} failed ones. */
  public Duration resendPause(int failedResends) {
    return resendAfter.multipliedBy(1L << Math.min(failedResends, 10));
  }

  private static Optional<String> value(UnaryOperator<String> env, String name) {
    return Optional.ofNullable(env.apply(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<Integer> count(String value) {
    try {
      return Optional.of(Math.max(1, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> duration(String value) {
    try {
      Duration d = Duration.parse(value);
      return d.isNegative() ? Optional.empty() : Optional.of(d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
