package atende.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic, console-readable document ids. Idempotency rests on them: the same input always
 * names the same document, and {@code create()} refuses a second one.
 */
public final class Ids {
  private Ids() {}

  /** {@code instance_5511999990000}: one customer per instance and phone (or LID). */
  public static String customer(String instance, String contactKey) {
    return slug(instance) + "_" + slug(contactKey);
  }

  /** {@code <customerId>-<n>}: the n-th ticket of a customer. */
  public static String ticket(String customerId, long sequence) {
    return customerId + "-" + sequence;
  }

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
