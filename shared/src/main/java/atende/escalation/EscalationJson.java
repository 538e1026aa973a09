package atende.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wire form of an {@link Escalation} in a Pub/Sub message's data: a JSON object with the record's
 * component names, {@code at} as an ISO-8601 instant. Written explicitly (no Jackson modules) so the
 * publisher and the notifier agree on one documented shape:
 *
 * <pre>{"escalationId":"…","ticketId":"…","instance":"…","category":"complaint","priority":"high",
 *  "reasons":["vip_complaint"],"runId":"…","at":"2026-11-20T13:02:11.123Z","customerNotified":true}</pre>
 */
public final class EscalationJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  // The keys: the record's component names.
  private static final String ESCALATION_ID = "escalationId";
  private static final String TICKET_ID = "ticketId";
  private static final String INSTANCE = "instance";
  private static final String CATEGORY = "category";
  private static final String PRIORITY = "priority";
  private static final String REASONS = "reasons";
  private static final String RUN_ID = "runId";
  private static final String AT = "at";
  private static final String CUSTOMER_NOTIFIED = "customerNotified";

  private EscalationJson() {}

  public static byte[] encode(Escalation e) {
    ObjectNode root = JSON.createObjectNode();
    root.put(ESCALATION_ID, e.escalationId());
    root.put(TICKET_ID, e.ticketId());
    root.put(INSTANCE, e.instance());
    root.put(CATEGORY, e.category());
    root.put(PRIORITY, e.priority());
    ArrayNode reasons = root.putArray(REASONS);
    EscalationReason.wire(e.reasons()).forEach(reasons::add);
    root.put(RUN_ID, e.runId());
    root.put(AT, e.at() == null ? null : e.at().toString());
    root.put(CUSTOMER_NOTIFIED, e.customerNotified());
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * The escalation in {@code data}, or empty when it is not one (not JSON, not an object, no
   * {@code escalationId}/{@code ticketId}). Unknown fields are ignored; a missing
   * {@code customerNotified} means {@code true}, the AI turn's case, so an older publisher never
   * causes a second message to the customer.
   */
  public static Optional<Escalation> decode(byte[] data) {
    if (data == null || data.length == 0) return Optional.empty();
    JsonNode root;
    try {
      root = JSON.readTree(data);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) return Optional.empty();
    String id = text(root, ESCALATION_ID);
    String ticketId = text(root, TICKET_ID);
    if (id == null || ticketId == null) return Optional.empty();
    List<EscalationReason> reasons = new ArrayList<>();
    root.path(REASONS).forEach(r -> {
      if (r.isTextual() && !r.asText().isBlank()) reasons.add(EscalationReason.fromWire(r.asText()));
    });
    Instant at = null;
    String atText = text(root, AT);
    if (atText != null) {
      try {
        at = Instant.parse(atText);
      } catch (DateTimeParseException ignored) {
        // leave it unknown; the notifier falls back to the escalation document
      }
    }
    JsonNode notified = root.path(CUSTOMER_NOTIFIED);
    return Optional.of(new Escalation(id, ticketId, text(root, INSTANCE), text(root, CATEGORY), text(root, PRIORITY),
        reasons, text(root, RUN_ID), at, !notified.isBoolean() || notified.asBoolean()));
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.path(field);
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }
}
