package atende.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local Evolution API v2 at its HTTP boundary: answers {@code sendText} and {@code sendPresence} with
 * the real response shapes (shared/src/test/resources/evolution/R01*.json), records what was sent, can fail on
 * demand, and — like the real server — can echo each send back to the webhook as {@code send.message}
 * before it answers the sender (the echo race). It also answers {@code getBase64FromMediaMessage} from
 * bytes a test registers per key id, shaped as Evolution's whatsapp.baileys.service.ts answers it.
 */
public final class EvolutionStandIn implements AutoCloseable {
  /** One accepted {@code sendText}. */
  public record Sent(String instance, String number, String text, int delay, String keyId) {}

  /** A scripted failure for the next send: HTTP status and the JSON body Evolution answers. */
  public record Failure(int status, String body) {}

  /** One {@code sendText} that reached the server, accepted or not: when, and what it answered. */
  public record Attempt(String number, Instant at, int status) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
  private volatile Failure outage;
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final Map<String, Failure> failingNumbers = new ConcurrentHashMap<>();
  private final Map<String, byte[]> media = new ConcurrentHashMap<>();
  private final Deque<Failure> mediaFailures = new ArrayDeque<>();
  private final List<JsonNode> mediaRequests = new CopyOnWriteArrayList<>();
  private volatile Duration mediaDelay = Duration.ZERO;
  private volatile URI echoTarget;
  private volatile String echoToken;
  private volatile String apiKey = "local-evolution-key";

  public EvolutionStandIn() {
    server = LoopbackServer.start(this::handle);
  }

  public URI url() {
    return LoopbackServer.url(server);
  }

  public String apiKey() {
    return apiKey;
  }

  /** Echo every accepted send to the webhook as {@code send.message}, as Evolution does. */
  public void echoTo(URI webhook, String token) {
    this.echoTarget = webhook;
    this.echoToken = token;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public List<Sent> sentTo(String number) {
    return sent.stream().filter(s -> s.number().equals(number)).toList();
  }

  /** Every {@code sendText} attempt in arrival order, failed ones included. */
  public List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  /** Evolution is down: every send fails this way until {@link #recover()}. */
  public void down(Failure failure) {
    outage = failure;
  }

  public void recover() {
    outage = null;
  }

  /**
   * What Evolution answers while its WhatsApp session is gone or the server restarts: the 500 it gives for
   * an instance whose socket is down ("Connection Closed", docs/reference/evolution-api.md "Sending").
   */
  public static Failure unavailable() {
    return new Failure(500, "{\"status\":500,\"error\":\"Internal Server Error\",\"response\":{\"message\":\"Connection Closed\"}}");
  }

  public synchronized void failNext(Failure failure) {
    failures.add(failure);
  }

  /** Every send to {@code number} fails this way until {@link #stopFailing} (a number not on WhatsApp, say). */
  public void failAlways(String number, Failure failure) {
    failingNumbers.put(number, failure);
  }

  public void stopFailing(String number) {
    failingNumbers.remove(number);
  }

  /** The media of the message with this key id, as WhatsApp's CDN would give it to Evolution. */
  public void registerMedia(String keyId, byte[] bytes) {
    media.put(keyId, bytes.clone());
  }

  /** The next getBase64FromMediaMessage fails this way (see {@link #mediaNotFound()}, {@link #mediaServerError()}). */
  public synchronized void failNextMedia(Failure failure) {
    mediaFailures.add(failure);
  }

  /** Every getBase64FromMediaMessage answers this much later (Evolution retries a failed download after 5 s). */
  public void delayMedia(Duration delay) {
    mediaDelay = delay;
  }

  /** The bodies getBase64FromMediaMessage received. */
  public List<JsonNode> mediaRequests() {
    return List.copyOf(mediaRequests);
  }

  /**
   * Evolution without the message in the request and none in its database: its service throws
   * {@code 'Message not found'} and answers it as a BadRequestException (400, message array).
   */
  public static Failure mediaNotFound() {
    return new Failure(400, NOT_FOUND);
  }

  private static final String NOT_FOUND =
      "{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":[\"Message not found\"]}}";

  /** An instance known to the database but not loaded (R08's 500, here from the media controller). */
  public static Failure mediaServerError() {
    return new Failure(500, "{\"status\":500,\"error\":\"Internal Server Error\",\"response\":{\"message\":"
        + "\"Cannot read properties of undefined (reading 'getBase64FromMediaMessage')\"}}");
  }

  private synchronized Failure nextMediaFailure() {
    return mediaFailures.poll();
  }

  private synchronized Failure nextFailure(String number) {
    if (outage != null) return outage;
    Failure always = number == null ? null : failingNumbers.get(number);
    return always != null ? always : failures.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(exchange.getRequestMethod())) {
        reply(exchange, 404, "{\"status\":404,\"error\":\"Not Found\"}");
        return;
      }
      if (!apiKey.equals(exchange.getRequestHeaders().getFirst("apikey"))) {
        reply(exchange, 401, "{\"status\":401,\"error\":\"Unauthorized\",\"response\":{\"message\":\"Unauthorized\"}}");
        return;
      }
      JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
      String[] parts = path.split("/");
      String instance = parts.length > 3 ? java.net.URLDecoder.decode(parts[3], StandardCharsets.UTF_8) : "";
      if (path.startsWith("/chat/sendPresence/")) {
        reply(exchange, 201, "{}");
      } else if (path.startsWith("/message/sendText/")) {
        sendText(exchange, instance, body);
      } else if (path.startsWith("/chat/getBase64FromMediaMessage/")) {
        getBase64FromMediaMessage(exchange, body);
      } else {
        reply(exchange, 404, "{\"status\":404,\"error\":\"Not Found\",\"response\":{\"message\":[\"Cannot POST " + path + "\"]}}");
      }
    }
  }

  private void sendText(HttpExchange exchange, String instance, JsonNode body) throws IOException {
    Failure failure = nextFailure(body.path("number").isTextual() ? body.path("number").asText() : null);
    attempts.add(new Attempt(body.path("number").asText(""), Instant.now(), failure != null ? failure.status() : 201));
    if (failure != null) {
      reply(exchange, failure.status(), failure.body());
      return;
    }
    if (!body.path("text").isTextual() || !body.path("number").isTextual()) {
      reply(exchange, 400, "{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":[[\"instance requires property \\\"text\\\"\"]]}}");
      return;
    }
    String number = body.path("number").asText();
    String keyId = "3EB0" + HexFormat.of().withUpperCase().formatHex(randomBytes(8));
    String remoteJid = number.contains("@") ? number : number + "@s.whatsapp.net";
    ObjectNode message = json.createObjectNode();
    message.putObject("key").put("remoteJid", remoteJid).put("fromMe", true).put("id", keyId);
    message.put("pushName", "Você");
    message.put("status", "PENDING");
    message.putObject("message").put("conversation", body.path("text").asText());
    message.putNull("contextInfo");
    message.put("messageType", "conversation");
    message.put("messageTimestamp", Instant.now().getEpochSecond());
    message.put("instanceId", "00000000-0000-4000-8000-000000000000");
    message.put("source", "unknown");
    sent.add(new Sent(instance, number, body.path("text").asText(), body.path("delay").asInt(0), keyId));
    echo(instance, message);
    reply(exchange, 201, json.writeValueAsString(message));
  }

  /**
   * As getBase64FromMediaMessage in whatsapp.baileys.service.ts (2.3.6): with {@code message.message}
   * in the request it downloads from that node, else looks the key id up (not found: 400); a download
   * that fails twice (expired media, here: no registered bytes) is a 400 carrying Baileys' error; success
   * is 201 with the node's own description and the bytes.
   */
  private void getBase64FromMediaMessage(HttpExchange exchange, JsonNode body) throws IOException {
    mediaRequests.add(body);
    pause(mediaDelay);
    Failure failure = nextMediaFailure();
    if (failure != null) {
      reply(exchange, failure.status(), failure.body());
      return;
    }
    JsonNode message = body.path("message");
    String keyId = message.path("key").path("id").asText("");
    JsonNode content = message.path("message");
    if (!content.isObject()) {
      reply(exchange, 400, NOT_FOUND);
      return;
    }
    String mediaType = null;
    for (String type : List.of("imageMessage", "documentMessage", "audioMessage", "videoMessage", "stickerMessage", "ptvMessage")) {
      if (content.path(type).isObject()) mediaType = type;
    }
    if (mediaType == null) {
      badRequest(exchange, "The message is not of the media type");
      return;
    }
    JsonNode node = content.path(mediaType);
    byte[] bytes = media.get(keyId);
    // Baileys' getMediaKeys and downloadContentFromMessage throw these (Boom, so toString() starts "Error: ").
    if (!node.path("mediaKey").isTextual() && !node.path("mediaKey").isObject()) {
      badRequest(exchange, "Error: Cannot derive from empty media key");
      return;
    }
    if (bytes == null) {
      badRequest(exchange, "Error: Failed to fetch stream from https://mmg.whatsapp.net" + node.path("directPath").asText(""));
      return;
    }
    ObjectNode answer = json.createObjectNode();
    answer.put("mediaType", mediaType);
    answer.put("fileName", node.path("fileName").isTextual() ? node.path("fileName").asText() : keyId + "." + extension(node.path("mimetype").asText("")));
    // JSON.stringify leaves out what the node does not have (an audio's caption, height, width).
    if (node.has("caption")) answer.set("caption", node.get("caption"));
    ObjectNode size = answer.putObject("size");
    for (String field : List.of("fileLength", "height", "width")) if (node.has(field)) size.set(field, node.get(field));
    if (node.has("mimetype")) answer.set("mimetype", node.get("mimetype"));
    answer.put("base64", Base64.getEncoder().encodeToString(bytes));
    answer.putNull("buffer");
    reply(exchange, 201, json.writeValueAsString(answer));
  }

  /** Evolution's BadRequestException: {@code response.message} is the array of what it was given. */
  private void badRequest(HttpExchange exchange, String message) throws IOException {
    ObjectNode error = json.createObjectNode().put("status", 400).put("error", "Bad Request");
    error.putObject("response").putArray("message").add(message);
    reply(exchange, 400, json.writeValueAsString(error));
  }

  /** mime-types' {@code extension()}, which Evolution names a file with: the first of mime-db's list; false when unknown. */
  private static String extension(String mimetype) {
    String type = mimetype.split(";")[0].strip();
    return switch (type) {
      case "audio/ogg" -> "oga";
      case "audio/mpeg" -> "mpga";
      case "audio/mp4" -> "m4a";
      case "image/jpeg" -> "jpeg";
      case "image/png" -> "png";
      case "image/webp" -> "webp";
      case "video/mp4" -> "mp4";
      case "application/pdf" -> "pdf";
      default -> "false";
    };
  }

  private static void pause(Duration delay) {
    if (delay.isZero()) return;
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Real Evolution emits send.message while it handles the send, so it can arrive before our answer. */
  private void echo(String instance, ObjectNode message) {
    URI target = echoTarget;
    if (target == null) return;
    ObjectNode envelope = json.createObjectNode();
    envelope.put("event", "send.message");
    envelope.put("instance", instance);
    envelope.set("data", message);
    envelope.put("date_time", Instant.now().toString());
    envelope.put("sender", "5511900000000@s.whatsapp.net");
    envelope.put("server_url", url().toString());
    envelope.putNull("apikey");
    try {
      http.send(HttpRequest.newBuilder(target)
              .header("content-type", "application/json")
              .header("x-atende-token", echoToken)
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(envelope)))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // Evolution does not care whether its webhook answered.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
