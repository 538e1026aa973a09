package atende.local;

import java.util.Locale;
import java.util.UUID;

/** Fresh ids for runs that share one Firestore emulator (tests, the demo, the benchmarks). */
public final class Keys {
  private Keys() {}

  /** A new WhatsApp message key id, shaped like WhatsApp Web's: {@code 3EB0} and 18 upper-case hex digits. */
  public static String messageKey() {
    return "3EB0" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase(Locale.ROOT);
  }

  /** Eight random hex digits, to keep one run's instances and documents apart from any other's. */
  public static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
