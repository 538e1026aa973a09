package atende.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The windows the metrics can be asked for ({@code ?range=}), ending now. */
public enum Range {
  LAST_HOUR("1h", Duration.ofHours(1)),
  LAST_DAY("24h", Duration.ofHours(24)),
  LAST_WEEK("7d", Duration.ofDays(7));

  public static final Range DEFAULT = LAST_DAY;

  private final String wire;
  private final Duration duration;

  Range(String wire, Duration duration) {
    this.wire = wire;
    this.duration = duration;
  }

  /** The query-string and JSON form: {@code 1h}, {@code 24h}, {@code 7d}. */
  public String wire() {
    return wire;
  }

  public Duration duration() {
    return duration;
  }

  public long minutes() {
    return duration.toMinutes();
  }

  /** {@code 1h, 24h, 7d}: what an error message offers instead. */
  public static String validValues() {
    return Arrays.stream(values()).map(Range::wire).collect(Collectors.joining(", "));
  }

  /**
   * The range named by {@code value} (case and surrounding blanks ignored); {@link #DEFAULT} when it is
   * absent or blank.
   *
   * @throws UnknownRange for anything else, with a message that lists the valid values
   */
  public static Range parse(String value) {
    if (value == null || value.isBlank()) return DEFAULT;
    String wanted = value.trim().toLowerCase(Locale.ROOT);
    for (Range range : values()) {
      if (range.wire.equals(wanted)) return range;
    }
    throw new UnknownRange(value);
  }

  /** A {@code range} nobody defined; its message is meant for the caller (HTTP 400). */
  public static final class UnknownRange extends IllegalArgumentException {
    UnknownRange(String value) {
      super("unknown range \"" + printable(value) + "\": use one of " + validValues() + " (default " + DEFAULT.wire + ")");
    }

    private static String printable(String value) {
      String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
      return cut.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
    }
  }
}
