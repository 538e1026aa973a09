package atende.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vertex AI's {@code generateContent} and the text embedding models' {@code predict} at their HTTP
 * boundary, for the real google-genai client (point it here with {@code GOOGLE_VERTEX_BASE_URL}).
 * Records every request, serves scripted answers first, and otherwise answers with a valid Atende
 * decision computed from the request. Thread-safe; no added latency by default.
 *
 * <p>It thinks like Gemini 3 Flash, by default, because a fake that never thinks hid a bug that cut
 * every real answer. What it models, with the sources (docs/reference/gcp.md "Gemini on Vertex AI"):
 * <ul>
 *   <li>Thinking is on at MEDIUM when {@code generationConfig.thinkingConfig} says nothing (the
 *       default of gemini-3.5-flash); {@code thinkingLevel} MINIMAL/LOW/MEDIUM/HIGH or a
 *       {@code thinkingBudget} (-1 = dynamic) choose it; both at once is 400 INVALID_ARGUMENT, as the
 *       API answers ("thinking_budget and thinking_level are not supported together").
 *   <li>Thinking tokens are spent from {@code maxOutputTokens} before the answer
 *       (googleapis/python-genai#2062); what is left is the answer's room, and an answer longer than
 *       that is cut with {@code finishReason: MAX_TOKENS}, its text partial or, with no room, absent.
 *       An absent {@code maxOutputTokens} is the model's limit, 65,536.
 *   <li>{@code usageMetadata.thoughtsTokenCount} reports the thinking; {@code includeThoughts: true}
 *       adds a thought-summary part ({@code thought: true}) before the answer, and the answer part
 *       carries a {@code thoughtSignature}, as Gemini 3 responses do.
 * </ul>
 * Where Google documents no number it takes the pessimistic side: each level spends the tokens in
 * {@link #DEFAULT_THOUGHTS} on every request however simple (the real model may think less), a
 * {@code thinkingBudget} is spent whole (it is a hint the real model may overrun: "the model may
 * overflow or underflow the budget"), a budget of 0 still spends MINIMAL's (Gemini 3 cannot switch
 * thinking off entirely), and answer tokens are counted at three characters each (Portuguese JSON
 * tokenises worse than English prose). Scripted {@link Reply#model} answers go through all of this;
 * {@link Reply#ok} bodies are sent as they are.
 *
 * <p>Media parts ({@link VertexMedia}) are checked before anything is answered, scripted or not, as Vertex
 * refuses a request it cannot read: an unsupported or missing MIME type, data that is not base64, a
 * {@code fileData} it cannot fetch, more than one audio file. Their tokens are counted into
 * {@code promptTokenCount} and reported per modality in {@code promptTokensDetails}.
 *
 * <p>Embedding requests ({@code models.embedContent}) are validated and answered as Vertex does by
 * {@link VertexEmbeddings}, whose vectors are feature hashes of words and word pieces, not meanings: a
 * scripted reply replaces only an answer Vertex would have given, never its refusal.
 * {@link #embeddingRequests()} and {@link #embeddedTexts()} count them.
 */
public final class FakeVertex implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Express mode and ADC paths; group 1 is the model id. */
  private static final Pattern GENERATE = Pattern.compile(
      "^/v1beta1/(?:projects/[^/]+/locations/[^/]+/)?publishers/google/models/([^/:]+):generateContent$");
  /** The same paths for the embedding models' {@code predict}. */
  private static final Pattern PREDICT = Pattern.compile(
      "^/v1beta1/(?:projects/[^/]+/locations/[^/]+/)?publishers/google/models/([^/:]+):predict$");

  /** One request as received: header names lower-cased; {@code body} is the parsed JSON (null if unparsable). */
  public record Request(String method, String path, Map<String, String> headers, JsonNode body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The model id from the path, or null for a path that is not generateContent. */
    public String model() {
      Matcher m = GENERATE.matcher(path);
      return m.matches() ? m.group(1) : null;
    }

    /** The model id from the path of an embedding request ({@code :predict}), or null. */
    public String embeddingModel() {
      Matcher m = PREDICT.matcher(path);
      return m.matches() ? m.group(1) : null;
    }

    /** All text of the system instruction. */
    public String systemText() {
      return texts(body == null ? null : body.path("systemInstruction"));
    }

    public JsonNode contents() {
      return body == null ? JSON.createArrayNode() : body.path("contents");
    }

    /** All text of the contents with this role ({@code user} or {@code model}), parts joined by newlines. */
    public String textOf(String role) {
      List<String> texts = new ArrayList<>();
      for (JsonNode content : contents()) {
        if (role.equals(content.path("role").asText())) texts.add(texts(content));
      }
      return String.join("\n", texts);
    }

    public JsonNode generationConfig() {
      return body == null ? JSON.createObjectNode() : body.path("generationConfig");
    }

    private static String texts(JsonNode content) {
      if (content == null) return "";
      List<String> texts = new ArrayList<>();
      for (JsonNode part : content.path("parts")) texts.add(part.path("text").asText(""));
      return String.join("\n", texts);
    }
  }

  /**
   * A scripted answer: HTTP status and body, sent after {@code delay} (zero = at once). A null body
   * with status 200 is {@link #model}'s text, answered under the request's thinking and token budget.
   */
  public record Reply(int status, String body, Duration delay, String modelText) {
    public Reply(int status, String body, Duration delay) {
      this(status, body, delay, null);
    }

    /** A response body sent exactly as given, whatever the request asked for. */
    public static Reply ok(String body) {
      return new Reply(200, body, Duration.ZERO);
    }

    /** The model writes {@code text} (a decision, or broken JSON): thinking and the token budget apply to it. */
    public static Reply model(String text) {
      return new Reply(200, null, Duration.ZERO, text);
    }

    public static Reply status(int status, String body) {
      return new Reply(status, body, Duration.ZERO);
    }

    /** Google's error envelope, as Vertex sends it for 4xx/5xx. */
    public static Reply error(int status, String grpcStatus, String message) {
      return status(status, errorBody(status, grpcStatus, message));
    }

    /** Holds the connection this long before answering: longer than the client timeout forces one. */
    public Reply after(Duration wait) {
      return new Reply(status, body, wait, modelText);
    }
  }

  private final HttpServer server;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger embeddingRequests = new AtomicInteger();
  private final AtomicInteger embeddedTexts = new AtomicInteger();
  private volatile boolean recording = true;
  /** The default answer: plausible, valid, and quoting nothing from the request. */
  public static final Function<Request, ObjectNode> DEFAULT_DECIDER = request -> (ObjectNode) decision("technical", "high", "neutral",
      "Entendi! Já estou verificando isso para você e volto em instantes.")
      .set("mediaText", heard(request, "O cliente pede ajuda com um problema."));

  private volatile Function<Request, ObjectNode> decider = DEFAULT_DECIDER;
  private volatile Function<String, Optional<byte[]>> files = uri -> Optional.empty();

  /** Thinking tokens a request spends per level (see the class comment for why these are pessimistic). */
  public static final Map<String, Integer> DEFAULT_THOUGHTS = Map.of("MINIMAL", 96, "LOW", 900, "MEDIUM", 2_400, "HIGH", 7_000);
  /** What Gemini 3 Flash does when a request names no thinking level. */
  public static final String DEFAULT_LEVEL = "MEDIUM";
  /** Gemini 3 Flash's output limit, the budget when a request sets none. */
  public static final int MODEL_MAX_OUTPUT_TOKENS = 65_536;
  private volatile Map<String, Integer> thoughts = DEFAULT_THOUGHTS;

  public FakeVertex() {
    server = LoopbackServer.start(this::handle);
  }

  /** The base URL for {@code GOOGLE_VERTEX_BASE_URL}. */
  public URI url() {
    return LoopbackServer.url(server);
  }

  /** Answers these, in order, before falling back to the decider. */
  public FakeVertex enqueue(Reply... replies) {
    script.addAll(List.of(replies));
    return this;
  }

  /** How unscripted requests are answered: the decision JSON the model would produce for this request. */
  public FakeVertex decider(Function<Request, ObjectNode> decider) {
    this.decider = decider;
    return this;
  }

  /**
   * What a {@code fileData.fileUri} reads (ADC mode): the object's bytes, or empty when it does not
   * exist or Vertex's service agent may not read it. Nothing is readable by default.
   */
  public FakeVertex files(Function<String, Optional<byte[]>> resolver) {
    this.files = resolver;
    return this;
  }

  /** Thinking tokens spent per level instead of {@link #DEFAULT_THOUGHTS} (all four levels). */
  public FakeVertex thoughts(Map<String, Integer> perLevel) {
    this.thoughts = Map.copyOf(perLevel);
    return this;
  }

  /** Off for long benchmarks: keeps counting calls but stops keeping request bodies. */
  public FakeVertex recording(boolean on) {
    this.recording = on;
    return this;
  }

  public int calls() {
    return calls.get();
  }

  /** Embedding ({@code predict}) requests received, answered or refused. */
  public int embeddingRequests() {
    return embeddingRequests.get();
  }

  /** Texts embedded: the instances of the embedding requests answered with 200. */
  public int embeddedTexts() {
    return embeddedTexts.get();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request lastRequest() {
    List<Request> all = requests();
    if (all.isEmpty()) throw new IllegalStateException("no request received");
    return all.get(all.size() - 1);
  }

  /** Forgets requests, counts and scripted replies (the decider stays). */
  public void reset() {
    script.clear();
    requests.clear();
    calls.set(0);
    embeddingRequests.set(0);
    embeddedTexts.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      calls.incrementAndGet();
      byte[] raw = exchange.getRequestBody().readAllBytes();
      JsonNode body;
      try {
        body = JSON.readTree(raw);
      } catch (IOException e) {
        body = null;
      }
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), Map.copyOf(headers), body);
      if (recording) requests.add(request);

      Reply reply;
      if (request.embeddingModel() != null && "POST".equals(request.method())) {
        reply = embed(request);
      } else {
        VertexMedia.Counted media = request.model() != null && body != null ? VertexMedia.count(request, files) : VertexMedia.Counted.NONE;
        reply = media.refusal() != null ? media.refusal() : script.poll();
        if (reply == null) reply = unscripted(request, media);
        else if (reply.modelText() != null) reply = generate(request, reply.modelText(), media).after(reply.delay());
      }
      if (!reply.delay().isZero()) sleep(reply.delay());
      send(exchange, reply);
    } catch (IOException e) {
      // The client gave up (timeout) and closed the connection: nothing to answer.
    }
  }

  /** Vertex's refusal as it is; otherwise a scripted reply if there is one, else the embeddings. */
  private Reply embed(Request request) {
    embeddingRequests.incrementAndGet();
    Reply answer = VertexEmbeddings.answer(request, request.embeddingModel());
    if (answer.status() != 200) return answer;
    Reply scripted = script.poll();
    if (scripted != null) return scripted;
    embeddedTexts.addAndGet(request.body().path("instances").size());
    return answer;
  }

  private Reply unscripted(Request request, VertexMedia.Counted media) throws IOException {
    if (!"POST".equals(request.method()) || request.model() == null) {
      return Reply.error(404, "NOT_FOUND", "The requested URL " + request.path() + " was not found on this server.");
    }
    if (request.body() == null || !request.body().path("contents").isArray()) {
      return Reply.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }
    return generate(request, JSON.writeValueAsString(decider.apply(request)), media);
  }

  /** The model thinks, then writes {@code text} into what is left of the output budget. */
  private Reply generate(Request request, String text, VertexMedia.Counted media) {
    JsonNode config = request.generationConfig();
    JsonNode thinking = config.path("thinkingConfig");
    boolean hasLevel = thinking.hasNonNull("thinkingLevel");
    boolean hasBudget = thinking.hasNonNull("thinkingBudget");
    if (hasLevel && hasBudget) {
      return Reply.error(400, "INVALID_ARGUMENT", "thinking_budget and thinking_level are not supported together.");
    }
    String level = hasLevel ? thinking.path("thinkingLevel").asText().toUpperCase(Locale.ROOT) : DEFAULT_LEVEL;
    if (!thoughts.containsKey(level)) {
      return Reply.error(400, "INVALID_ARGUMENT", "Invalid value at 'generation_config.thinking_config.thinking_level'.");
    }
    int planned;
    if (hasBudget && thinking.path("thinkingBudget").asInt() > 0) {
      planned = thinking.path("thinkingBudget").asInt();
    } else {
      planned = thoughts.get(hasBudget && thinking.path("thinkingBudget").asInt() == 0 ? "MINIMAL" : level);
    }
    int max = config.path("maxOutputTokens").asInt(MODEL_MAX_OUTPUT_TOKENS);
    int thought = Math.min(planned, max);
    int room = max - thought;
    int answerTokens = answerTokens(text);
    boolean cut = answerTokens > room;
    String written = cut ? text.substring(0, Math.min(text.length(), room * CHARS_PER_ANSWER_TOKEN)) : text;
    boolean includeThoughts = thinking.path("includeThoughts").asBoolean(false);
    return Reply.ok(thinkingResponse(written, cut ? "MAX_TOKENS" : "STOP", media,
        cut ? room : answerTokens, thought, includeThoughts, request.model()));
  }

  /** Characters per answer token: pessimistic for Portuguese JSON (Google's rule of thumb is 4 for English). */
  public static final int CHARS_PER_ANSWER_TOKEN = 3;

  static int answerTokens(String text) {
    return Math.max(1, (text.length() + CHARS_PER_ANSWER_TOKEN - 1) / CHARS_PER_ANSWER_TOKEN);
  }

  private static String thinkingResponse(String text, String finishReason, VertexMedia.Counted media, int outputTokens, int thoughtTokens,
      boolean includeThoughts, String modelVersion) {
    int promptTokens = media.promptTokens();
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content").put("role", "model");
    ArrayNode parts = JSON.createArrayNode();
    if (includeThoughts && thoughtTokens > 0) {
      parts.addObject().put("text", "**Avaliando a conversa**\nClassifico o pedido e procuro a resposta na base.").put("thought", true);
    }
    if (!text.isEmpty()) {
      ObjectNode answer = parts.addObject().put("text", text);
      if (thoughtTokens > 0) answer.put("thoughtSignature", java.util.Base64.getEncoder().encodeToString(
          ("sig-" + Long.toHexString(System.nanoTime())).getBytes(StandardCharsets.UTF_8)));
    }
    // With no room left for the answer the candidate has no parts at all.
    if (!parts.isEmpty()) content.set("parts", parts);
    candidate.put("finishReason", finishReason);
    usage(root, promptTokens, outputTokens);
    ArrayNode details = ((ObjectNode) root.get("usageMetadata")).putArray("promptTokensDetails");
    media.byModality().forEach((modality, tokens) -> details.addObject().put("modality", modality).put("tokenCount", tokens));
    if (thoughtTokens > 0) {
      ObjectNode usage = (ObjectNode) root.get("usageMetadata");
      usage.put("thoughtsTokenCount", thoughtTokens).put("totalTokenCount", promptTokens + outputTokens + thoughtTokens);
    }
    root.put("modelVersion", modelVersion);
    root.put("createTime", java.time.Instant.now().toString());
    root.put("responseId", Long.toHexString(System.nanoTime()));
    return root.toString();
  }

  // ---- Vertex response bodies ----

  /** A complete generateContent answer with one candidate. */
  public static String response(String text, String finishReason, int promptTokens, int outputTokens, String modelVersion) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", text);
    candidate.put("finishReason", finishReason);
    usage(root, promptTokens, outputTokens);
    root.put("modelVersion", modelVersion);
    root.put("createTime", java.time.Instant.now().toString());
    root.put("responseId", Long.toHexString(System.nanoTime()));
    return root.toString();
  }

  /** A normal answer whose text is {@code text} (e.g. a decision, or deliberately broken JSON). */
  public static String response(String text) {
    return response(text, "STOP", 100, estimateTokens(text), "gemini-3.5-flash");
  }

  /** The answer was stopped by the safety filters: a candidate without content, finishReason SAFETY. */
  public static String safetyStopped() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode candidate = root.putArray("candidates").addObject();
    candidate.put("finishReason", "SAFETY");
    ArrayNode ratings = candidate.putArray("safetyRatings");
    ratings.addObject().put("category", "HARM_CATEGORY_HARASSMENT").put("probability", "HIGH").put("blocked", true);
    usage(root, 100, 0);
    root.put("modelVersion", "gemini-3.5-flash");
    return root.toString();
  }

  /** The prompt itself was blocked: no candidates, {@code promptFeedback.blockReason}. */
  public static String promptBlocked(String blockReason) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("promptFeedback").put("blockReason", blockReason);
    usage(root, 100, 0);
    root.put("modelVersion", "gemini-3.5-flash");
    return root.toString();
  }

  public static String errorBody(int status, String grpcStatus, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error").put("code", status).put("message", message).put("status", grpcStatus);
    return root.toString();
  }

  /**
   * What the model heard or saw: {@code mediaText} for the media labels in the request ({@code [mídia m1:
   * ...]}, in order), paired with {@code texts}; a label without a text of its own gets the last one.
   */
  public static ArrayNode heard(Request request, String... texts) {
    ArrayNode items = JSON.createArrayNode();
    Matcher label = MEDIA_LABEL.matcher(request.textOf("user"));
    int i = 0;
    while (label.find() && texts.length > 0) {
      items.addObject().put("id", label.group(1)).put("text", texts[Math.min(i++, texts.length - 1)]);
    }
    return items;
  }

  /** How GeminiEngine labels a media part for {@code mediaText}. */
  private static final Pattern MEDIA_LABEL = Pattern.compile("\\[mídia (m\\d+)");

  /** An Atende decision as the model writes it (the response schema's fields); adjust with {@code put}. */
  public static ObjectNode decision(String category, String priority, String sentiment, String reply) {
    ObjectNode d = JSON.createObjectNode();
    d.putArray("mediaText");
    d.put("category", category);
    d.put("priority", priority);
    d.put("sentiment", sentiment);
    d.put("confidence", 0.85);
    d.put("escalate", false);
    d.put("escalationReason", "");
    d.put("reply", reply);
    d.put("followUpHours", 0);
    d.put("resolved", false);
    return d;
  }

  private static void usage(ObjectNode root, int promptTokens, int outputTokens) {
    root.putObject("usageMetadata")
        .put("promptTokenCount", promptTokens)
        .put("candidatesTokenCount", outputTokens)
        .put("totalTokenCount", promptTokens + outputTokens)
        .put("trafficType", "ON_DEMAND");
  }

  /** Roughly what Gemini counts for Portuguese text: about four characters a token. */
  static int estimateTokens(String text) {
    return Math.max(1, text.length() / 4);
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
