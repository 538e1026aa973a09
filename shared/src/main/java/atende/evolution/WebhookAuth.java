package atende.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the shared webhook token (docs/design.md "Webhook"): header {@code x-atende-token}, {@code
 * Authorization: Bearer <token>}, query {@code ?token=}, or Evolution's JWT mode, where the token is
 * the {@code jwt_key} and the bearer is an HS256 JWT with an {@code exp}. Comparisons are constant-time.
 */
public final class WebhookAuth {
  private static final long LEEWAY_SECONDS = 30;

  private final Supplier<String> token;
  private final Clock clock;
  private final ObjectMapper json;

  public WebhookAuth(Supplier<String> token, Clock clock, ObjectMapper json) {
    this.token = token;
    this.clock = clock;
    this.json = json;
  }

  /** Headers are looked up case-insensitively by the caller's map (lower-case keys). */
  public boolean allows(Map<String, List<String>> headers, Map<String, List<String>> query) {
    String expected = token.get();
    if (expected == null || expected.isEmpty()) return false;
    if (first(headers, "x-atende-token").map(t -> same(t, expected)).orElse(false)) return true;
    if (first(query, "token").map(t -> same(t, expected)).orElse(false)) return true;
    Optional<String> bearer = first(headers, "authorization")
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> h.substring(7).trim());
    if (bearer.isEmpty()) return false;
    return same(bearer.get(), expected) || validJwt(bearer.get(), expected);
  }

  private boolean validJwt(String jwt, String secret) {
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) return false;
    try {
      JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
      if (!"HS256".equals(header.path("alg").asText())) return false;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) return false;
      JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode exp = claims.path("exp");
      return exp.canConvertToLong() && exp.asLong() + LEEWAY_SECONDS >= clock.instant().getEpochSecond();
    } catch (Exception e) {
      return false; // not base64, not JSON, not a JWT at all
    }
  }

  private static boolean same(String given, String expected) {
    return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> first(Map<String, List<String>> values, String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.ofNullable(list.get(0));
  }
}
