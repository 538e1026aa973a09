package atende.evolution;

import java.util.Locale;

/** WhatsApp addresses ("JIDs"): {@code user@server}, where the server says what kind of chat it is. */
final class Jid {
  private Jid() {}

  private static final int MIN_PHONE_DIGITS = 5;
  private static final int MAX_PHONE_DIGITS = 20;

  static boolean isGroup(String jid) {
    return hasServer(jid, "g.us");
  }

  static boolean isBroadcast(String jid) {
    return hasServer(jid, "broadcast");
  }

  static boolean isNewsletter(String jid) {
    return hasServer(jid, "newsletter");
  }

  static boolean isLid(String jid) {
    return hasServer(jid, "lid");
  }

  /**
   * The digits of a phone-number JID ({@code 5511...@s.whatsapp.net}, {@code @c.us}, with or without
   * a {@code :device} suffix) or of a bare number; null for LIDs, groups, broadcasts, channels and
   * anything that is not a plausible number.
   */
  static String phone(String jid) {
    if (jid == null) return null;
    String value = jid.strip();
    int at = value.indexOf('@');
    String user = at < 0 ? value : value.substring(0, at);
    if (at >= 0 && !hasServer(value, "s.whatsapp.net") && !hasServer(value, "c.us")) return null;
    int device = user.indexOf(':');
    if (device >= 0) user = user.substring(0, device);
    if (at < 0 && user.startsWith("+")) user = user.substring(1);
    boolean plausible = user.length() >= MIN_PHONE_DIGITS && user.length() <= MAX_PHONE_DIGITS;
    return plausible && user.chars().allMatch(c -> c >= '0' && c <= '9') ? user : null;
  }

  private static boolean hasServer(String jid, String server) {
    if (jid == null) return false;
    int at = jid.lastIndexOf('@');
    return at >= 0 && jid.substring(at + 1).strip().toLowerCase(Locale.ROOT).equals(server);
  }
}
