package atende.evolution;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Evolution API v2 for Atende: sends WhatsApp messages ({@code POST /message/sendText/{instance}}) and
 * downloads a message's media ({@code POST /chat/getBase64FromMediaMessage/{instance}}).
 */
public final class EvolutionClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /**
   * A media download: Evolution fetches the file from WhatsApp's CDN, and when that fails waits 5 s
   * and tries once more (whatsapp.baileys.service.ts getBase64FromMediaMessage), so a slow answer is
   * real; beyond this the turn goes on without the bytes.
   */
  public static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final ObjectMapper json;
  private final String baseUrl;
  private final Supplier<String> apiKey;
  private final Duration mediaTimeout;

  public EvolutionClient(HttpClient http, ObjectMapper json, String baseUrl, Supplier<String> apiKey) {
    this(http, json, baseUrl, apiKey, MEDIA_TIMEOUT);
  }

  public EvolutionClient(HttpClient http, ObjectMapper json, String baseUrl, Supplier<String> apiKey, Duration mediaTimeout) {
    this.http = http;
    this.json = json;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.apiKey = apiKey;
    this.mediaTimeout = mediaTimeout;
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
      HttpResponse<byte[]> response = post("/message/sendText/", instance, body, TIMEOUT.plusMillis(typingMillis));
      return interpret(response.statusCode(), response.body());
    } catch (IOException e) {
      return new SendResult.Failed(0, "network: " + e.getClass().getSimpleName(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult.Failed(0, "interrupted", true);
    }
  }

  /**
   * Downloads a message's media through Evolution, which decrypts it from WhatsApp's CDN (asking the
   * phone to upload it again when the CDN copy is gone). {@code mediaNode} is what the message stored
   * ({@code {"audioMessage": {...}}}, see {@link Media#node}); with it Evolution needs no copy of its own.
   * Request as chat.dto.ts {@code getBase64FromMediaMessageDto}: {@code {message: WebMessageInfo, convertToMp4}}.
   */
  public MediaFetch getBase64FromMediaMessage(String instance, MessageKey key, Map<String, Object> mediaNode) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("key", key.toMap());
    message.put("message", mediaNode);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    // A voice note stays OGG/Opus, which Gemini takes as it is.
    body.put("convertToMp4", false);
    try {
      HttpResponse<byte[]> response = post("/chat/getBase64FromMediaMessage/", instance, body, mediaTimeout);
      return interpretMedia(response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      return new MediaFetch.Failed(0, "timeout after " + mediaTimeout.toMillis() + " ms", true);
    } catch (IOException e) {
      return new MediaFetch.Failed(0, "network: " + e.getClass().getSimpleName(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new MediaFetch.Failed(0, "interrupted", true);
    }
  }

  private HttpResponse<byte[]> post(String path, String instance, Map<String, Object> body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path
            + URLEncoder.encode(instance, StandardCharsets.UTF_8).replace("+", "%20")))
        .timeout(timeout)
        .header("content-type", "application/json")
        .header("apikey", apiKey.get())
        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Maps Evolution's answer: 201 {@code {mediaType, fileName, caption, size: {fileLength, height,
   * width}, mimetype, base64, buffer: null}}; a failure's {@code response.message} like sendText's.
   */
  MediaFetch interpretMedia(int status, byte[] body) {
    if (status < 200 || status >= 300) {
      JsonNode root = parse(body);
      return new MediaFetch.Failed(status, describe(root.path("response").path("message"), root), retryable(status));
    }
    // Read as a stream: a document's base64 can be longer than Jackson's string limit allows in a tree.
    byte[] bytes = null;
    String mimetype = null;
    String fileName = null;
    try (JsonParser parser = json.getFactory().createParser(body == null ? new byte[0] : body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) return new MediaFetch.Failed(status, "answered without a JSON object", false);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_STRING && field.equals("base64")) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, out);
          bytes = out.toByteArray();
        } else if (value == JsonToken.VALUE_STRING && field.equals("mimetype")) {
          mimetype = parser.getText();
        } else if (value == JsonToken.VALUE_STRING && field.equals("fileName")) {
          fileName = parser.getText();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return new MediaFetch.Failed(status, "answered with invalid JSON or base64", false);
    }
    if (bytes == null || bytes.length == 0) return new MediaFetch.Failed(status, "answered without base64", false);
    return new MediaFetch.Fetched(bytes, mimetype, fileName);
  }

  private static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
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
    return new SendResult.Failed(status, describe(root.path("response").path("message"), root), retryable(status));
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
    if (text.endsWith(";")) text = text.substring(0, text.length() - 1);
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
