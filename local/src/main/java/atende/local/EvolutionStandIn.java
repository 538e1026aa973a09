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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A local Evolution API v2 at its HTTP boundary: answers {@code sendText} and {@code sendPresence} with
 * the real response shapes (shared/src/test/resources/evolution/R01*.json), records what was sent, can fail on
 * demand, and — like the real server — can echo each send back to the webhook as {@code send.message}
 * before it answers the sender (the echo race).
 */
public final class EvolutionStandIn implements AutoCloseable {
  /** One accepted {@code sendText}. */
  public record Sent(String instance, String number, String text, int delay, String keyId) {}

  /** A scripted failure for the next send: HTTP status and the JSON body Evolution answers. */
  public record Failure(int status, String body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer server;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private final java.util.Map<String, Failure> failingNumbers = new java.util.concurrent.ConcurrentHashMap<>();
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

  private synchronized Failure nextFailure(String number) {
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
      } else {
        reply(exchange, 404, "{\"status\":404,\"error\":\"Not Found\",\"response\":{\"message\":[\"Cannot POST " + path + "\"]}}");
      }
    }
  }

  private void sendText(HttpExchange exchange, String instance, JsonNode body) throws IOException {
    Failure failure = nextFailure(body.path("number").isTextual() ? body.path("number").asText() : null);
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
