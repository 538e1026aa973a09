package atende.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Reads JSON values whose type Evolution does not keep stable across versions. Never throws. */
final class Json {
  private Json() {}

  /** A non-blank string value; null for anything else (missing, null, numbers, objects ...). */
  static String string(JsonNode node) {
    if (node == null || !node.isTextual()) return null;
    String value = node.textValue();
    return value.isBlank() ? null : value;
  }

  /**
   * A 64-bit integer sent as a JSON number, a numeric string (Evolution up to 2.3.5) or a
   * protobufjs Long {@code {low, high, unsigned}} (2.3.6 and later); null when it is none of these.
   * {@code low} and {@code high} are the two 32-bit halves, so {@code unsigned} does not change the bits.
   */
  static Long longish(JsonNode node) {
    if (node == null) return null;
    if (node.isIntegralNumber()) return node.canConvertToLong() ? node.longValue() : null;
    if (node.isFloatingPointNumber()) {
      double value = node.doubleValue();
      return Double.isFinite(value) && Math.abs(value) < 9.0e18 ? (long) value : null;
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.textValue().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    JsonNode low = node.path("low");
    JsonNode high = node.path("high");
    if (node.isObject() && low.isIntegralNumber() && high.isIntegralNumber()) {
      return (high.longValue() << 32) | (low.longValue() & 0xFFFF_FFFFL);
    }
    return null;
  }

  /** A boolean sent as true/false, "true"/"false"/"yes"/"no"/"1"/"0" or 1/0; null when absent or anything else. */
  static Boolean bool(JsonNode node) {
    if (node == null) return null;
    if (node.isBoolean()) return node.booleanValue();
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      long value = node.longValue();
      return value == 1 ? Boolean.TRUE : value == 0 ? Boolean.FALSE : null;
    }
    if (node.isTextual()) {
      return switch (node.textValue().strip().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1" -> Boolean.TRUE;
        case "false", "no", "0" -> Boolean.FALSE;
        default -> null;
      };
    }
    return null;
  }

  /** {@code array[0]} when {@code node} is an array, else {@code node} itself (possibly null). */
  static JsonNode firstIfArray(JsonNode node) {
    return node != null && node.isArray() ? node.get(0) : node;
  }
}
