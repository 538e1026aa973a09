package atende.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Pub/Sub push request body:
 * {@code {"message":{"data":b64,"attributes":{…},"messageId","publishTime"},"subscription","deliveryAttempt"}}.
 * {@code deliveryAttempt} is present only when the subscription has a dead-letter policy (ours has);
 * the snake_case spellings Pub/Sub also sends ({@code message_id}, {@code publish_time}) are accepted.
 */
public record PushEnvelope(
    String messageId,
    String publishTime,
    Map<String, String> attributes,
    byte[] data,
    String subscription,
    OptionalInt deliveryAttempt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PushEnvelope {
    attributes = Map.copyOf(attributes);
  }

  /** Parsing outcome: an envelope, or why the body is not one. */
  public sealed interface Parsed {}

  public record Valid(PushEnvelope envelope) implements Parsed {}

  public record Invalid(String reason) implements Parsed {}

  public static Parsed parse(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return new Invalid("not JSON");
    }
    if (root == null || !root.isObject()) return new Invalid("not a JSON object");
    JsonNode message = root.path("message");
    if (!message.isObject()) return new Invalid("no message");
    String messageId = firstText(message, "messageId", "message_id");
    if (messageId == null) return new Invalid("no messageId");
    byte[] data = new byte[0];
    JsonNode dataNode = message.path("data");
    if (dataNode.isTextual()) {
      try {
        data = Base64.getDecoder().decode(dataNode.asText());
      } catch (IllegalArgumentException e) {
        return new Invalid("data is not base64");
      }
    } else if (!dataNode.isMissingNode() && !dataNode.isNull()) {
      return new Invalid("data is not a string");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    message.path("attributes").properties().forEach(e -> {
      if (e.getValue().isTextual()) attributes.put(e.getKey(), e.getValue().asText());
    });
    JsonNode attempt = root.path("deliveryAttempt");
    OptionalInt deliveryAttempt = attempt.canConvertToInt() && attempt.isNumber() && attempt.asInt() > 0
        ? OptionalInt.of(attempt.asInt()) : OptionalInt.empty();
    return new Valid(new PushEnvelope(messageId, firstText(message, "publishTime", "publish_time"), attributes, data,
        root.path("subscription").isTextual() ? root.path("subscription").asText() : null, deliveryAttempt));
  }

  private static String firstText(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.path(name);
      if (value.isTextual() && !value.asText().isBlank()) return value.asText();
    }
    return null;
  }
}
