package atende.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CRM webhook's body and signature. The body is JSON:
 *
 * <pre>{"event":"ticket.escalated","escalationId","ticketId","instance","category","priority",
 *  "reasons":[…],"reasonsText","at","customer":{"name","phone"},
 *  "lastMessages":[{"author","type","text","at","mediaText"?,"mediaUnread"?}]}</pre>
 *
 * and {@code X-Atende-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes, keyed with
 * CRM_WEBHOOK_SECRET>} lets the CRM check it came from us. The CRM is the business's own system, so
 * the customer's phone goes in full (unlike logs and the team notice). A media message's line carries
 * {@code mediaText} (what the model heard or saw) or {@code mediaUnread} (why it could not:
 * {@code too_long}, {@code not_fetched}, ...) once the AI turn has looked at it.
 */
public final class CrmPayload {
  public static final String SIGNATURE_HEADER = "X-Atende-Signature";
  public static final String EVENT = "ticket.escalated";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CrmPayload() {}

  public static byte[] body(Notice notice) {
    ObjectNode root = JSON.createObjectNode();
    root.put("event", EVENT);
    root.put("escalationId", notice.escalationId());
    root.put("ticketId", notice.ticketId());
    root.put("instance", notice.instance());
    root.put("category", notice.category());
    root.put("priority", notice.priority());
    ArrayNode reasons = root.putArray("reasons");
    EscalationReason.wire(notice.reasons()).forEach(reasons::add);
    root.put("reasonsText", Notice.reasonsInWords(notice.reasons()));
    root.put("at", notice.at() == null ? null : notice.at().toString());
    ObjectNode customer = root.putObject("customer");
    customer.put("name", notice.customerName());
    customer.put("phone", notice.customerPhone());
    ArrayNode lines = root.putArray("lastMessages");
    for (Notice.Line line : notice.lastMessages()) {
      ObjectNode l = lines.addObject();
      l.put("author", line.author());
      l.put("type", line.type());
      l.put("text", line.text());
      l.put("at", line.at() == null ? null : line.at().toString());
      line.media().filter(Notice.MediaSeen::understood).ifPresent(m -> l.put("mediaText", m.mediaText()));
      line.media().filter(m -> !m.understood() && m.unread() != null).ifPresent(m -> l.put("mediaUnread", m.unread()));
    }
    notice.consoleUrl().ifPresent(url -> root.put("consoleUrl", url));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code sha256=<lower-case hex HMAC-SHA256 of body>}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time check of a received signature header, for receivers written in Java (and tests). */
  public static boolean verify(String secret, byte[] body, String header) {
    if (header == null) return false;
    return MessageDigest.isEqual(signature(secret, body).getBytes(StandardCharsets.US_ASCII),
        header.trim().getBytes(StandardCharsets.US_ASCII));
  }
}
