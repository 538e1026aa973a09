package atende.guard;

import com.google.cloud.firestore.DocumentSnapshot;

/**
 * How many AI turns an instance allows ({@code instances/{i}}, docs/design.md "Guards and personal data"):
 * {@code maxModelCallsPerCustomerHour} per customer and clock hour (the contract's budget), and
 * {@code maxModelCallsPerMinute} for the whole instance per clock minute (the ceiling that protects the
 * project's model quota from many numbers at once).
 */
public record ModelLimits(int perCustomerHour, int perInstanceMinute) {
  public static final String PER_CUSTOMER_HOUR = "maxModelCallsPerCustomerHour";
  public static final String PER_INSTANCE_MINUTE = "maxModelCallsPerMinute";

  /**
   * 30 an hour is the contract's default: a customer in a real conversation rarely needs a reply every two
   * minutes for an hour. 120 a minute: Gemini on Vertex AI has no fixed per-project rate (dynamic shared
   * quota; a sharp spike gets 429s), and ProcessMessage runs at most 20 instances × 8 turns at once
   * (terraform), so 2 model calls a second per tenant leaves a busy inbox untouched while one tenant's
   * spike cannot spend more than 7,200 calls an hour or starve the others.
   */
  public static final ModelLimits DEFAULTS = new ModelLimits(30, 120);

  public static ModelLimits from(DocumentSnapshot instance) {
    return of(instance.get(PER_CUSTOMER_HOUR), instance.get(PER_INSTANCE_MINUTE));
  }

  /** The fields as the console left them: a missing, non-numeric or negative one means the default; 0 allows no turn at all. */
  static ModelLimits of(Object perCustomerHour, Object perInstanceMinute) {
    return new ModelLimits(limit(perCustomerHour, DEFAULTS.perCustomerHour()), limit(perInstanceMinute, DEFAULTS.perInstanceMinute()));
  }

  private static int limit(Object value, int fallback) {
    if (!(value instanceof Number n) || n.longValue() < 0) return fallback;
    return (int) Math.min(n.longValue(), 100_000);
  }
}
