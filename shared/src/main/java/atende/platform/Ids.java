package atende.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Deterministic, console-readable document ids. Idempotency rests on them: the same input always
 * names the same document, and {@code create()} refuses a second one. Ids of people are keyed hashes
 * ({@link ContactIds}); no id holds a phone number.
 */
public final class Ids {
  private Ids() {}

  /**
   * {@code <ticketPrefix>-<n>}: the n-th ticket of a customer. The prefix ({@link #ticketPrefix}) is drawn at
   * random when the customer is first seen and kept on the customer document only, so once that document
   * is erased nothing links the old tickets to the number, and a customer writing again gets new ones.
   */
  public static String ticket(String ticketPrefix, long sequence) {
    return ticketPrefix + "-" + sequence;
  }

  /** {@code instance_t<20 hex>}: random, console-readable, per customer and erasure generation. */
  public static String ticketPrefix(String instance) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    return slug(instance) + "_t" + HexFormat.of().formatHex(random);
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Index entry for an Evolution key id, unique per instance. */
  public static String messageKey(String instance, String keyId) {
    return slug(instance) + "_" + slug(keyId);
  }

  /** Keeps ids readable; anything outside [A-Za-z0-9._-] is replaced and a short hash keeps them unique. */
  public static String slug(String value) {
    String clean = value.replaceAll("[^A-Za-z0-9._-]", "-");
    if (clean.equals(value) && !clean.isEmpty() && clean.length() <= 100 && !clean.startsWith(".")) return clean;
    String head = clean.length() > 60 ? clean.substring(0, 60) : clean;
    return head + "~" + shortHash(value);
  }

  public static String shortHash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
