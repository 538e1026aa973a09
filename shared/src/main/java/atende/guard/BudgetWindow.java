package atende.guard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The clock windows budgets are counted in (UTC): fixed, so every turn of a window names the same
 * document without reading anything. A flood that straddles a boundary can get one window's budget on
 * each side; the bound per window is exact.
 */
public enum BudgetWindow {
  HOUR(ChronoUnit.HOURS, "'h'yyyyMMddHH"),
  MINUTE(ChronoUnit.MINUTES, "'m'yyyyMMddHHmm");

  /** How long a window's documents outlive it (Firestore's TTL deletes them): a day to look back on a flood. */
  static final Duration KEPT_AFTER = Duration.ofDays(1);

  private final ChronoUnit unit;
  private final DateTimeFormatter format;

  BudgetWindow(ChronoUnit unit, String pattern) {
    this.unit = unit;
    this.format = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
  }

  /** The window {@code at} falls in, e.g. {@code h2026120309}: part of the budget document's id. */
  public String key(Instant at) {
    return format.format(at);
  }

  /** When the window {@code at} falls in ends. */
  public Instant end(Instant at) {
    return at.truncatedTo(unit).plus(1, unit);
  }

  /** When Firestore may delete the window's documents. */
  Instant expiry(Instant at) {
    return end(at).plus(KEPT_AFTER);
  }
}
