package atende.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * Cloud Storage at its JSON API boundary (https://cloud.google.com/storage/docs/json_api/v1), enough for
 * the real {@code google-cloud-storage} client over HTTP: {@code objects.insert} as multipart, media and
 * resumable uploads, {@code objects.get} (metadata, and {@code alt=media} bytes with {@code Range}),
 * {@code objects.delete} and {@code objects.list} (prefix and paging). The client reaches it with
 * {@code StorageOptions.http().setHost(url())} and {@code NoCredentials} ({@code STORAGE_EMULATOR_HOST} for
 * {@code GcsMediaStorage}).
 *
 * <p>What it keeps from the real service: buckets must exist (404 otherwise); names are URL-encoded path
 * segments; every write makes a new generation and metageneration 1 (int64 fields are JSON strings);
 * {@code ifGenerationMatch} (0 = must not exist) and {@code ifGenerationNotMatch} answer 412
 * {@code conditionNotMet}; a {@code crc32c} or {@code md5Hash} in the upload's metadata is checked against
 * the bytes (400 on mismatch); request bodies may be gzip-encoded (the client gzips uploads by default:
 * google-api-client MediaHttpUploader); errors use the JSON API envelope
 * {@code {"error":{"code","message","errors":[{"domain","reason","message"}]}}}
 * (https://cloud.google.com/storage/docs/json_api/v1/status-codes). Resumable sessions answer 308 with
 * {@code Range} and persist only whole 256 KiB multiples of a non-final chunk, as the resumable upload
 * docs allow (https://cloud.google.com/storage/docs/performing-resumable-uploads). Pessimistic where the
 * docs say nothing: a query parameter or shape it does not model (a {@code delimiter}, versioned reads of
 * older generations) is answered 400, so no test passes on behaviour the real service may not have.
 *
 * <p>Tests make it fail on demand: {@link #failNext} answers the next requests with an error status
 * (e.g. 503 then success, to see the client retry), {@link #slowNext} delays them.
 */
public final class CloudStorageStandIn implements AutoCloseable {
  /** One stored object: its bytes and the metadata the JSON API reports. */
  public record StoredObject(String bucket, String name, byte[] bytes, String contentType, long generation, Instant created) {
    String crc32c() {
      CRC32C crc = new CRC32C();
      crc.update(bytes);
      return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    String md5() {
      try {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One request as received: what tests assert on (how many attempts, which upload type). */
  public record Request(String method, String path, Map<String, String> query) {}

  /** The resumable chunk granularity (docs: chunk sizes must be multiples of 256 KiB). */
  static final int CHUNK_GRANULARITY = 256 * 1024;

  private static final Set<String> UNMODELLED_PARAMETERS = Set.of("delimiter", "versions", "matchGlob", "startOffset", "endOffset");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, NavigableMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  private final Deque<Duration> delays = new ArrayDeque<>();
  /** Microseconds since the epoch, strictly increasing, like real generation numbers. */
  private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);

  private record Session(String bucket, ObjectNode metadata, Map<String, String> query, ByteArrayOutputStream received) {}

  public CloudStorageStandIn() {
    server = LoopbackServer.start(this::handle);
  }

  /** The JSON API root: {@code StorageOptions.setHost} and {@code STORAGE_EMULATOR_HOST} take it. */
  public URI url() {
    return LoopbackServer.url(server);
  }

  public CloudStorageStandIn createBucket(String bucket) {
    buckets.putIfAbsent(bucket, new ConcurrentSkipListMap<>());
    return this;
  }

  /** The object as stored, e.g. for a fake that reads a {@code gs://} URI the code handed it. */
  public Optional<StoredObject> object(String bucket, String name) {
    return Optional.ofNullable(buckets.get(bucket)).map(objects -> objects.get(name));
  }

  /** The object behind {@code gs://bucket/name}. */
  public Optional<StoredObject> object(URI gsUri) {
    if (!"gs".equals(gsUri.getScheme())) return Optional.empty();
    return object(gsUri.getHost(), gsUri.getPath().substring(1));
  }

  public List<StoredObject> objects(String bucket) {
    return List.copyOf(buckets.getOrDefault(bucket, new ConcurrentSkipListMap<>()).values());
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The next {@code times} requests are answered {@code status} with the JSON API error envelope. */
  public synchronized void failNext(int status, int times) {
    for (int i = 0; i < times; i++) failures.add(status);
  }

  /** The next {@code times} requests wait {@code delay} before they are handled. */
  public synchronized void slowNext(Duration delay, int times) {
    for (int i = 0; i < times; i++) delays.add(delay);
  }

  /** Forgets scripted failures and delays not used yet. */
  public synchronized void clearScript() {
    failures.clear();
    delays.clear();
  }

  private synchronized Integer nextFailure() {
    return failures.poll();
  }

  private synchronized Duration nextDelay() {
    return delays.poll();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = exchange.getRequestURI().getRawPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      requests.add(new Request(exchange.getRequestMethod(), rawPath, query));
      Duration delay = nextDelay();
      if (delay != null) Thread.sleep(delay.toMillis());
      Integer failure = nextFailure();
      if (failure != null) {
        exchange.getRequestBody().readAllBytes();
        error(exchange, failure, failure == 429 ? "rateLimitExceeded" : "backendError",
            failure == 429 ? "The rate of change requests to the object is too high." : "We encountered an internal error. Please try again.");
        return;
      }
      for (String parameter : UNMODELLED_PARAMETERS) {
        if (query.containsKey(parameter)) {
          error(exchange, 400, "invalid", "the stand-in does not model the parameter " + parameter);
          return;
        }
      }
      route(exchange, rawPath, query);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error(exchange, 500, "backendError", "stand-in failure: " + e);
    }
  }

  private void route(HttpExchange exchange, String rawPath, Map<String, String> query) throws IOException {
    String method = exchange.getRequestMethod();
    // /storage/v1/b/{bucket}/o[/{object}], /download/storage/v1/... (alt=media), /upload/storage/v1/b/{bucket}/o
    String path = rawPath.startsWith("/download/") ? rawPath.substring("/download".length()) : rawPath;
    boolean upload = path.startsWith("/upload/storage/v1/b/");
    String rest = upload ? path.substring("/upload/storage/v1/b/".length())
        : path.startsWith("/storage/v1/b/") ? path.substring("/storage/v1/b/".length()) : null;
    if (rest == null) {
      error(exchange, 404, "notFound", "Not Found");
      return;
    }
    String[] parts = rest.split("/", 3);
    String bucket = decode(parts[0]);
    if (parts.length < 2 || !parts[1].equals("o")) {
      error(exchange, 404, "notFound", "Not Found");
      return;
    }
    NavigableMap<String, StoredObject> objects = buckets.get(bucket);
    if (objects == null) {
      error(exchange, 404, "notFound", "The specified bucket does not exist.");
      return;
    }
    String object = parts.length == 3 ? decode(parts[2]) : null;
    if (upload && object == null && "POST".equals(method)) {
      insert(exchange, bucket, objects, query);
    } else if (upload && object == null && "PUT".equals(method) && query.containsKey("upload_id")) {
      resumablePut(exchange, objects, query.get("upload_id"));
    } else if (!upload && object == null && "GET".equals(method)) {
      list(exchange, objects, query);
    } else if (!upload && object != null && "GET".equals(method)) {
      get(exchange, bucket, objects, object, query);
    } else if (!upload && object != null && "DELETE".equals(method)) {
      delete(exchange, bucket, objects, object, query);
    } else {
      error(exchange, 405, "methodNotAllowed", "the stand-in does not model " + method + " " + rawPath);
    }
  }

  // ---- objects.insert -------------------------------------------------------------------------------

  private void insert(HttpExchange exchange, String bucket, NavigableMap<String, StoredObject> objects, Map<String, String> query) throws IOException {
    byte[] body = body(exchange);
    String uploadType = query.getOrDefault("uploadType", "");
    String contentType = exchange.getRequestHeaders().getFirst("content-type");
    switch (uploadType) {
      case "media" -> store(exchange, bucket, objects, json.createObjectNode(), query, body, contentType);
      case "multipart" -> {
        List<Part> parts = multipart(contentType, body);
        if (parts == null || parts.size() != 2) {
          error(exchange, 400, "invalid", "Metadata part is too large or missing, or the request is not multipart/related.");
          return;
        }
        JsonNode metadata = json.readTree(parts.get(0).body());
        if (!(metadata instanceof ObjectNode node)) {
          error(exchange, 400, "parseError", "Parse Error");
          return;
        }
        store(exchange, bucket, objects, node, query, parts.get(1).body(), parts.get(1).contentType());
      }
      case "resumable" -> {
        ObjectNode metadata = body.length == 0 ? json.createObjectNode() : (ObjectNode) json.readTree(body);
        if (!metadata.has("contentType") && exchange.getRequestHeaders().getFirst("x-upload-content-type") != null) {
          metadata.put("contentType", exchange.getRequestHeaders().getFirst("x-upload-content-type"));
        }
        String id = UUID.randomUUID().toString();
        sessions.put(id, new Session(bucket, metadata, query, new ByteArrayOutputStream()));
        exchange.getResponseHeaders().set("location", url() + "/upload/storage/v1/b/" + encode(bucket)
            + "/o?uploadType=resumable&upload_id=" + id);
        exchange.getResponseHeaders().set("x-guploader-uploadid", id);
        exchange.sendResponseHeaders(200, -1);
      }
      default -> error(exchange, 400, "invalid", "Invalid upload type: " + uploadType);
    }
  }

  /**
   * A chunk of a resumable upload ({@code Content-Range: bytes a-b/total}, {@code bytes a-b/*}, or
   * {@code bytes * /total|*} to finalize or to ask what was persisted).
   */
  private void resumablePut(HttpExchange exchange, NavigableMap<String, StoredObject> objects, String id) throws IOException {
    byte[] body = body(exchange);
    Session session = sessions.get(id);
    if (session == null) {
      error(exchange, 404, "notFound", "No such upload session.");
      return;
    }
    String range = Optional.ofNullable(exchange.getRequestHeaders().getFirst("content-range")).orElse("");
    var match = java.util.regex.Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)").matcher(range.trim());
    if (!match.matches()) {
      error(exchange, 400, "invalid", "Failed to parse Content-Range header.");
      return;
    }
    Long total = match.group(4).equals("*") ? null : Long.parseLong(match.group(4));
    synchronized (session) {
      long persisted = session.received().size();
      if (match.group(2) != null) {
        long first = Long.parseLong(match.group(2));
        long last = Long.parseLong(match.group(3));
        if (first > persisted || last - first + 1 != body.length) {
          error(exchange, 400, "invalid", "Invalid request. The content range does not follow what was persisted.");
          return;
        }
        int skip = (int) (persisted - first);
        int usable = body.length - skip;
        boolean finalChunk = total != null && last + 1 == total;
        // A non-final chunk is persisted in whole 256 KiB units only; the client resends the rest.
        int keep = finalChunk ? usable : (int) ((persisted + usable) / CHUNK_GRANULARITY * CHUNK_GRANULARITY - persisted);
        if (keep > 0) session.received().write(body, skip, keep);
      }
      long now = session.received().size();
      if (total != null && now == total) {
        sessions.remove(id);
        store(exchange, session.bucket(), objects, session.metadata(), session.query(), session.received().toByteArray(),
            session.metadata().path("contentType").asText(null));
        return;
      }
      if (total != null && now > total) {
        error(exchange, 400, "invalid", "Invalid request. The size of the object does not match Content-Range.");
        return;
      }
      if (now > 0) exchange.getResponseHeaders().set("range", "bytes=0-" + (now - 1));
      exchange.sendResponseHeaders(308, -1);
    }
  }

  private void store(HttpExchange exchange, String bucket, NavigableMap<String, StoredObject> objects, ObjectNode metadata,
      Map<String, String> query, byte[] bytes, String partContentType) throws IOException {
    String name = metadata.path("name").isTextual() ? metadata.path("name").asText() : query.get("name");
    if (name == null || name.isEmpty()) {
      error(exchange, 400, "required", "Required");
      return;
    }
    String contentType = metadata.path("contentType").isTextual() ? metadata.path("contentType").asText()
        : partContentType != null ? partContentType : "application/octet-stream";
    StoredObject candidate = new StoredObject(bucket, name, bytes, contentType, 0, Instant.now());
    if (metadata.path("crc32c").isTextual() && !metadata.path("crc32c").asText().equals(candidate.crc32c())) {
      error(exchange, 400, "invalid", "Provided CRC32C \"" + metadata.path("crc32c").asText()
          + "\" doesn't match calculated CRC32C \"" + candidate.crc32c() + "\".");
      return;
    }
    if (metadata.path("md5Hash").isTextual() && !metadata.path("md5Hash").asText().equals(candidate.md5())) {
      error(exchange, 400, "invalid", "Provided MD5 hash \"" + metadata.path("md5Hash").asText()
          + "\" doesn't match calculated MD5 hash \"" + candidate.md5() + "\".");
      return;
    }
    StoredObject stored;
    synchronized (objects) {
      if (!preconditionsHold(objects.get(name), query)) {
        preconditionFailed(exchange);
        return;
      }
      stored = new StoredObject(bucket, name, bytes, contentType, generations.incrementAndGet(), candidate.created());
      objects.put(name, stored);
    }
    reply(exchange, 200, resource(stored));
  }

  // ---- objects.get / delete / list ----------------------------------------------------------------------

  /**
   * The object a get or delete addresses, or null once the answer is sent: 404 when it (or the asked
   * generation) is not there, 412 when an {@code if*Match} precondition fails.
   */
  private StoredObject addressed(HttpExchange exchange, String bucket, NavigableMap<String, StoredObject> objects, String name,
      Map<String, String> query) throws IOException {
    StoredObject object = objects.get(name);
    if (object == null || !generationSelected(object, query)) {
      error(exchange, 404, "notFound", "No such object: " + bucket + "/" + name);
      return null;
    }
    if (!preconditionsHold(object, query)) {
      preconditionFailed(exchange);
      return null;
    }
    return object;
  }

  private void get(HttpExchange exchange, String bucket, NavigableMap<String, StoredObject> objects, String name, Map<String, String> query) throws IOException {
    StoredObject object = addressed(exchange, bucket, objects, name, query);
    if (object == null) return;
    if (!"media".equals(query.get("alt"))) {
      reply(exchange, 200, resource(object));
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.set("content-type", object.contentType());
    headers.set("x-goog-generation", Long.toString(object.generation()));
    headers.set("x-goog-metageneration", "1");
    headers.set("x-goog-stored-content-encoding", "identity");
    headers.set("x-goog-stored-content-length", Integer.toString(object.bytes().length));
    headers.add("x-goog-hash", "crc32c=" + object.crc32c());
    headers.add("x-goog-hash", "md5=" + object.md5());
    headers.set("accept-ranges", "bytes");
    String range = exchange.getRequestHeaders().getFirst("range");
    int length = object.bytes().length;
    var match = range == null ? null : java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range.trim());
    if (match == null || !match.matches()) {
      send(exchange, 200, object.bytes());
      return;
    }
    long first = Long.parseLong(match.group(1));
    long last = match.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(match.group(2)), length - 1);
    if (first >= length && length > 0 || (length == 0 && first > 0)) {
      headers.set("content-range", "bytes */" + length);
      error(exchange, 416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
      return;
    }
    if (length == 0) {
      send(exchange, 200, object.bytes());
      return;
    }
    headers.set("content-range", "bytes " + first + "-" + last + "/" + length);
    send(exchange, 206, Arrays.copyOfRange(object.bytes(), (int) first, (int) last + 1));
  }

  private void delete(HttpExchange exchange, String bucket, NavigableMap<String, StoredObject> objects, String name, Map<String, String> query) throws IOException {
    synchronized (objects) {
      StoredObject object = addressed(exchange, bucket, objects, name, query);
      if (object == null) return;
      objects.remove(name);
    }
    exchange.sendResponseHeaders(204, -1);
  }

  private void list(HttpExchange exchange, NavigableMap<String, StoredObject> objects, Map<String, String> query) throws IOException {
    String prefix = query.getOrDefault("prefix", "");
    int max = Math.min(1000, Integer.parseInt(query.getOrDefault("maxResults", "1000")));
    String after = query.containsKey("pageToken")
        ? new String(Base64.getUrlDecoder().decode(query.get("pageToken")), StandardCharsets.UTF_8) : null;
    ObjectNode page = json.createObjectNode().put("kind", "storage#objects");
    ArrayNode items = json.createArrayNode();
    String lastName = null;
    for (StoredObject object : (after == null ? objects : objects.tailMap(after, false)).values()) {
      if (!object.name().startsWith(prefix)) continue;
      if (items.size() == max) {
        page.put("nextPageToken", Base64.getUrlEncoder().encodeToString(lastName.getBytes(StandardCharsets.UTF_8)));
        break;
      }
      items.add(resource(object));
      lastName = object.name();
    }
    // The real service omits "items" when there are none.
    if (!items.isEmpty()) page.set("items", items);
    reply(exchange, 200, page);
  }

  // ---- the JSON API's shapes --------------------------------------------------------------------------

  /** The object resource (https://cloud.google.com/storage/docs/json_api/v1/objects#resource); int64s as strings. */
  private ObjectNode resource(StoredObject object) {
    String encoded = encode(object.name());
    ObjectNode node = json.createObjectNode();
    node.put("kind", "storage#object");
    node.put("id", object.bucket() + "/" + object.name() + "/" + object.generation());
    node.put("selfLink", url() + "/storage/v1/b/" + encode(object.bucket()) + "/o/" + encoded);
    node.put("mediaLink", url() + "/download/storage/v1/b/" + encode(object.bucket()) + "/o/" + encoded
        + "?generation=" + object.generation() + "&alt=media");
    node.put("name", object.name());
    node.put("bucket", object.bucket());
    node.put("generation", Long.toString(object.generation()));
    node.put("metageneration", "1");
    node.put("contentType", object.contentType());
    node.put("storageClass", "STANDARD");
    node.put("size", Integer.toString(object.bytes().length));
    node.put("md5Hash", object.md5());
    node.put("crc32c", object.crc32c());
    node.put("etag", Base64.getEncoder().encodeToString(Long.toString(object.generation()).getBytes(StandardCharsets.UTF_8)));
    node.put("timeCreated", object.created().toString());
    node.put("updated", object.created().toString());
    node.put("timeStorageClassUpdated", object.created().toString());
    return node;
  }

  /** {@code generation=N} selects that generation; only the live one exists here (no versioning). */
  private static boolean generationSelected(StoredObject object, Map<String, String> query) {
    return !query.containsKey("generation") || Long.parseLong(query.get("generation")) == object.generation();
  }

  private static boolean preconditionsHold(StoredObject current, Map<String, String> query) {
    long generation = current == null ? 0 : current.generation();
    if (query.containsKey("ifGenerationMatch") && Long.parseLong(query.get("ifGenerationMatch")) != generation) return false;
    if (query.containsKey("ifGenerationNotMatch") && Long.parseLong(query.get("ifGenerationNotMatch")) == generation) return false;
    if (query.containsKey("ifMetagenerationMatch") && (current == null || !query.get("ifMetagenerationMatch").equals("1"))) return false;
    return true;
  }

  private void preconditionFailed(HttpExchange exchange) throws IOException {
    error(exchange, 412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
  }

  private void error(HttpExchange exchange, int status, String reason, String message) throws IOException {
    ObjectNode error = json.createObjectNode();
    ObjectNode inner = error.putObject("error").put("code", status).put("message", message);
    inner.putArray("errors").addObject().put("message", message).put("domain", "global").put("reason", reason);
    reply(exchange, status, error);
  }

  private void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("content-type", "application/json; charset=UTF-8");
    send(exchange, status, json.writeValueAsBytes(body));
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) exchange.getResponseBody().write(bytes);
  }

  // ---- request parsing ---------------------------------------------------------------------------------

  private static byte[] body(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("content-encoding"))) {
      try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(in.readAllBytes()))) {
        return gzip.readAllBytes();
      }
    }
    return in.readAllBytes();
  }

  private record Part(String contentType, byte[] body) {}

  /** The parts of a {@code multipart/related} body (RFC 2387), or null when it is not one. */
  private static List<Part> multipart(String contentType, byte[] body) {
    if (contentType == null || !contentType.toLowerCase().startsWith("multipart/related")) return null;
    var boundaryMatch = java.util.regex.Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
    if (!boundaryMatch.find()) return null;
    byte[] delimiter = ("--" + boundaryMatch.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new java.util.ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') break;
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      int next = indexOf(body, delimiter, start);
      if (headersEnd < 0 || next < 0) return null;
      String headers = new String(body, start, headersEnd - start, StandardCharsets.ISO_8859_1);
      String partType = null;
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-type")) partType = line.substring(colon + 1).trim();
      }
      int end = next - 2; // the CRLF before the delimiter belongs to it
      parts.add(new Part(partType, Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, end))));
      at = next;
    }
    return parts;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) return query;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return query;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
