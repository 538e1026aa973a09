package atende.platform;

import atende.privacy.Cards;
import atende.privacy.Cpf;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON logs, one line each, in the shape Cloud Logging parses from stdout ({@code severity},
 * {@code message}, other keys become {@code jsonPayload}). Callers pass an event name and key/value
 * pairs; message text never belongs in INFO fields, and card numbers, CPFs and phone numbers are masked
 * wherever they appear in a value (ids and stack traces included), at every level: the customer's CPF
 * is needed in Firestore to find them, never in a log.
 */
public final class Log {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final boolean QUIET = "off".equals(System.getProperty("atende.log"));

  private Log() {}

  public static void info(String event, Object... keyValues) {
    write("INFO", event, null, keyValues);
  }

  public static void warn(String event, Object... keyValues) {
    write("WARNING", event, null, keyValues);
  }

  public static void error(String event, Throwable error, Object... keyValues) {
    write("ERROR", event, error, keyValues);
  }

  /** Keeps a phone number or JID recognisable to an operator without exposing it: 5511*****4321. */
  public static String mask(String phoneOrJid) {
    if (phoneOrJid == null) return null;
    int at = phoneOrJid.indexOf('@');
    String user = at < 0 ? phoneOrJid : phoneOrJid.substring(0, at);
    String domain = at < 0 ? "" : phoneOrJid.substring(at);
    if (user.length() <= 6) return "*".repeat(user.length()) + domain;
    return user.substring(0, 4) + "*".repeat(user.length() - 8 > 0 ? user.length() - 8 : 1)
        + user.substring(user.length() - 4) + domain;
  }

  private static final java.util.regex.Pattern PHONE_LIKE = java.util.regex.Pattern.compile("\\d{10,}");

  /**
   * Masks every card number (its last four digits stay), CPF and phone-like run of digits inside a
   * value: ids are built from the customer's phone ({@code loja_5511987654321-1}), so a ticket id in a
   * log line would otherwise expose the number. Cards and CPFs first: a phone mask would leave most
   * of their digits readable.
   */
  static String maskNumbers(String text) {
    return PHONE_LIKE.matcher(Cpf.mask(Cards.mask(text))).replaceAll(m -> mask(m.group()));
  }

  private static void write(String severity, String event, Throwable error, Object[] keyValues) {
    if (QUIET && !"ERROR".equals(severity)) return;
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("severity", severity);
    entry.put("message", event);
    entry.put("event", event);
    entry.put("time", Instant.now().toString());
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      Object value = keyValues[i + 1];
      entry.put(String.valueOf(keyValues[i]), value instanceof String text ? maskNumbers(text) : value);
    }
    if (error != null) {
      // Stack traces let Error Reporting group failures; exception messages never carry customer text.
      StringWriter trace = new StringWriter();
      error.printStackTrace(new java.io.PrintWriter(trace));
      entry.put("stack_trace", maskNumbers(trace.toString()));
    }
    // System.out as it is now, not as it was at start: a test can read what was logged.
    try {
      System.out.println(JSON.writeValueAsString(entry));
    } catch (Exception e) {
      System.out.println("{\"severity\":\"ERROR\",\"message\":\"log.unserialisable\"}");
    }
  }
}
