package atende.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ids of people: {@code <instance>_<keyed hash>}, an HMAC-SHA256 of instance and phone (or LID)
 * under {@code ATENDE_ID_KEY}, so a customer's documents are found again on the next message (the id
 * is stable) while no id reveals the number (LGPD; docs/design.md "Guards and personal data"). Without
 * the key the hash cannot be recomputed from a guessed phone number, which a plain hash of a
 * 13-digit number would allow in minutes.
 *
 * <p>The key must never change: every customer id is derived from it, so a new key is a migration
 * (docs/privacy.md), not a rotation.
 */
public final class ContactIds {
  /** Local runs and tests only; terraform gives every deployed function that builds ids a Secret Manager key. */
  public static final String DEV_KEY = "atende-local-development-id-key";

  /** 96 bits of the HMAC: no collision among any tenant's customers, still short in the console. */
  private static final int HASH_BYTES = 12;

  private final Supplier<String> key;

  /** {@code key} is asked on each use: a Secret Manager read is cached by {@link Secrets}. */
  public ContactIds(Supplier<String> key) {
    this.key = key;
  }

  /** {@code instance_<24 hex>}: one customer per instance and phone (or LID). */
  public String customer(String instance, String contactKey) {
    return Ids.slug(instance) + "_" + hmac(instance + "\n" + contactKey);
  }

  private String hmac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.get().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, HASH_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
