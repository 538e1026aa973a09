package atende.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Sends WhatsApp messages through Evolution API v2 ({@code POST /message/sendText/{instance}}). */
public final class EvolutionClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http;
  private final ObjectMapper json;
  private final String baseUrl;
  private final Supplier<String> apiKey;

  public EvolutionClient(HttpClient http, ObjectMapper json, String baseUrl, Supplier<String> apiKey) {
    this.http = http;
    this.json = json;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
  }

  /**
   * Sends {@code text} to a chat (a JID, {@code @lid} included, or digits). {@code typingMillis} makes
   * Evolution show "composing…" for that long before sending, in the same call.
   */
  public SendResult sendText(String instance, String chat, String text, int typingMillis) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("number", chat);
    body.put("text", text);
    if (typingMillis > 0) body.put("delay", typingMillis);
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/message/sendText/"
              + URLEncoder.encode(instance, StandardCharsets.UTF_8).replace("+", "%20")))
          .timeout(TIMEOUT.plusMillis(typingMillis))
          .header("content-type", "application/json")
          .header("apikey", apiKey.get())
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return interpret(response.statusCode(), response.body());
    } catch (IOException e) {
      return new SendResult.Failed(0, "network: " + e.getClass().getSimpleName(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult.Failed(0, "interrupted", true);
    }
  }

  /** Maps Evolution's answer; its error {@code response.message} is a string, a list, or nested lists. */
  SendResult interpret(int status, byte[] body) {
    JsonNode root = parse(body);
    if (status >= 200 && status < 300) {
      String keyId = root.path("key").path("id").asText("");
      return keyId.isEmpty()
          ? new SendResult.Failed(status, "accepted without a key id", false)
          : new SendResult.Sent(keyId);
    }
    boolean retryable = status >= 500 || status == 408 || status == 429;
    return new SendResult.Failed(status, describe(root.path("response").path("message"), root), retryable);
  }

  private JsonNode parse(byte[] body) {
    try {
      return body == null || body.length == 0 ? json.createObjectNode() : json.readTree(body);
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }

  private static String describe(JsonNode message, JsonNode root) {
    StringBuilder out = new StringBuilder();
    flatten(message.isMissingNode() ? root.path("error") : message, out);
    String text = out.toString().trim();
    return text.length() > 300 ? text.substring(0, 300) : text;
  }

  private static void flatten(JsonNode node, StringBuilder out) {
    if (node.isArray()) {
      node.forEach(child -> flatten(child, out));
    } else if (node.isObject()) {
      // 400 "not on WhatsApp" answers [{jid, exists:false, number}]
      if (node.has("exists") && !node.path("exists").asBoolean(true)) {
        out.append("not on WhatsApp; ");
      } else {
        out.append(node).append("; ");
      }
    } else if (!node.isMissingNode() && !node.isNull()) {
      out.append(node.asText()).append("; ");
    }
  }
}
