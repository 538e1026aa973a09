package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.functions.Metrics;
import atende.platform.Firestores;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Metrics function under the invoker, on the emulator, over tickets with known fields: every number
 * of the 24-hour and 1-hour reports, the window edges, how much it reads, and its HTTP errors. One
 * instance name per run keeps other tests' tickets out of the counts.
 */
@Timeout(120)
class MetricsFunctionTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String INSTANCE = "metrics-" + Keys.suffix();
  /**
   * All aggregations: 10 ticket groups x 6, NPS 3, inbound messages 1, 5 media types x 4 (all,
   * understood, not understood, tokens); the same for any number of tickets and messages.
   */
  static final int AGGREGATIONS = 84;

  /**
   * The tickets: category, priority, classificationSource, resolvedBy, escalated, firstResponseMs
   * ("f" = only the two timestamps are stored), nps, minutes before the test started. Rows 0-9 are in
   * the last hour, 0-29 in the last day (hand-counted expectations below), 30-32 only in the last week
   * (32 was created just before the day's window but answered inside it), 33 in none.
   */
  static final List<String> TICKETS = List.of(
      "technical  critical ai    -       esc 1000   -  5",
      "technical  high     ai    ai      -   2000   10 10",
      "technical  high     human human   -   3000   -  15",
      "commercial medium   ai    ai      -   4000   9  20",
      "commercial low      ai    timeout -   5000   -  25",
      "support    medium   rules ai      -   6000   -  30",
      "support    low      ai    -       -   -      -  35",
      "complaint  high     ai    -       esc 7000f  -  40",
      "praise     low      ai    ai      -   8000   10 45",
      "technical  medium   ai    -       -   -      -  50",
      "technical  critical ai    ai      esc 9000   -  120",
      "technical  high     ai    ai      -   10000  9  180",
      "technical  medium   ai    human   esc 11000  6  240",
      "technical  medium   ai    ai      -   12000  -  300",
      "technical  low      rules ai      -   13000  -  360",
      "technical  medium   ai    -       -   -      -  420",
      "commercial high     ai    ai      -   14000  9  480",
      "commercial medium   ai    ai      -   15000  8  540",
      "commercial medium   human human   -   16000  -  600",
      "commercial low      ai    -       -   17000  7  660",
      "commercial low      ai    timeout -   18000  -  720",
      "commercial medium   ai    ai      -   19000  -  780",
      "support    high     ai    ai      esc 20000  3  840",
      "support    medium   ai    timeout -   21000  -  900",
      "support    low      ai    -       -   -      -  960",
      "support    medium   human human   -   22000  -  1020",
      "complaint  critical ai    -       esc 23000  0  1080",
      "complaint  high     ai    human   -   24000  -  1140",
      "complaint  medium   ai    ai      -   25000  -  1200",
      "praise     low      ai    -       -   -      -  1260",
      "technical  high     ai    ai      -   5000   10 4320",
      "commercial low      ai    -       -   -      -  5760",
      "technical  medium   ai    ai      -   3600000 - 1470",
      "technical  high     ai    ai      esc 1000   0  11520");

  /**
   * The first messageKeys: type, mediaUnderstood (yes/no/- = not looked at yet), mediaTokens. Ages
   * 1 + 23k minutes: the first three (two voice notes and an image) are in the last hour.
   */
  static final List<String> MEDIA = List.of(
      "audio    yes 384",
      "audio    no  -",
      "image    yes 258",
      "audio    yes 160",
      "audio    -   -",
      "video    yes 3000",
      "document no  -",
      "sticker  yes 258",
      "image    no  -",
      "image    yes -");

  static Firestore db;
  static FunctionHost metrics;

  @BeforeAll
  static void start() {
    Settings settings = LocalStack.settings(Map.of("FIRESTORE_EMULATOR_HOST", Emulator.shared().host()));
    db = Firestores.client(settings);
    seed(Instant.now());
    metrics = FunctionHost.http(new Metrics(settings), 0);
  }

  @AfterAll
  static void stop() {
    if (metrics != null) metrics.close();
  }

  static void seed(Instant now) {
    WriteBatch batch = db.batch();
    for (int i = 0; i < TICKETS.size(); i++) {
      String[] f = TICKETS.get(i).trim().split("\\s+");
      Instant created = now.minus(Duration.ofMinutes(Long.parseLong(f[7])));
      Map<String, Object> ticket = new HashMap<>();
      ticket.put("instance", INSTANCE);
      ticket.put("category", f[0]);
      ticket.put("priority", f[1]);
      ticket.put("classificationSource", f[2]);
      ticket.put("createdAt", ts(created));
      ticket.put("status", !f[3].equals("-") ? "resolved" : f[4].equals("esc") ? "escalated" : "waiting_customer");
      if (!f[3].equals("-")) ticket.put("resolvedBy", f[3]);
      if (f[4].equals("esc")) {
        ticket.put("escalated", true);
        ticket.put("escalation", Map.of("required", true, "reasons", List.of("test")));
      }
      if (!f[5].equals("-")) {
        long ms = Long.parseLong(f[5].replace("f", ""));
        ticket.put("firstResponseAt", ts(created.plusMillis(ms)));
        if (!f[5].endsWith("f")) ticket.put("firstResponseMs", ms);
      }
      if (!f[6].equals("-")) ticket.put("nps", Long.parseLong(f[6]));
      batch.set(db.collection("tickets").document(INSTANCE + "_5511900000" + String.format("%03d", i) + "-1"), ticket);
    }
    // Inbound customer messages: 60 in the last day (3 of them in the last hour), 3 a day and an hour
    // ago; outbound ones never count. The first ten are media (MEDIA; the rest text).
    for (int k = 0; k < 66; k++) {
      boolean outbound = k >= 63;
      long ageMinutes = k < 60 ? 1 + k * 23L : outbound ? 2 : 1500;
      Map<String, Object> key = new HashMap<>(Map.of(
          "instance", INSTANCE,
          "direction", outbound ? "outbound" : "inbound",
          "ticketId", "t", "messageId", "KEY" + k,
          "type", k < MEDIA.size() ? MEDIA.get(k).split("\\s+")[0] : "text",
          "createdAt", ts(now.minus(Duration.ofMinutes(ageMinutes)))));
      if (k < MEDIA.size()) {
        String[] m = MEDIA.get(k).split("\\s+");
        if (!m[1].equals("-")) key.put("mediaUnderstood", m[1].equals("yes"));
        if (!m[2].equals("-")) key.put("mediaTokens", Long.parseLong(m[2]));
      }
      // A fromMe voice note (a person on the business phone) is outbound: never counted as media.
      if (k == 63) key.put("type", "audio");
      batch.set(db.collection("messageKeys").document(INSTANCE + "_KEY" + k), key);
    }
    Firestores.await(batch.commit());
  }

  @Test
  void theLastDayOfOneInstance() {
    Reply reply = get("?range=24h&instance=" + INSTANCE);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode m = reply.body();
    assertThat(m.path("range").asText()).isEqualTo("24h");
    assertThat(m.path("instance").asText()).isEqualTo(INSTANCE);
    assertThat(Duration.between(Instant.parse(m.path("from").asText()), Instant.parse(m.path("to").asText())))
        .isEqualTo(Duration.ofHours(24));
    assertThat(m.path("tickets").asLong()).isEqualTo(30);

    // 25 answered tickets, 1..25 s (one from its timestamps alone); the one created before the window is out
    JsonNode first = m.path("firstResponse");
    assertThat(first.path("count").asLong()).isEqualTo(25);
    assertThat(first.path("meanMs").asLong()).isEqualTo(13_000);
    assertThat(first.path("p50Ms").asLong()).isEqualTo(13_000);
    assertThat(first.path("p90Ms").asLong()).isEqualTo(23_000);

    // 16 resolved by ai/timeout, 2 of them after an escalation -> 14 / 30
    assertThat(m.path("autoResolutionRate").asDouble()).isEqualTo(0.4667);
    assertThat(m.path("escalationRate").asDouble()).isEqualTo(0.2); // 6 / 30
    assertThat(m.path("classificationAccuracy").asDouble()).isEqualTo(0.9); // 3 corrected of 30
    assertThat(m.path("messagesPerMinute").asDouble()).isEqualTo(0.0417); // 60 / 1440
    assertThat(m.path("counts").path("inboundMessages").asLong()).isEqualTo(60);
    assertThat(m.path("counts").path("autoResolved").asLong()).isEqualTo(14);
    assertThat(m.path("counts").path("escalated").asLong()).isEqualTo(6);
    assertThat(m.path("counts").path("humanCorrected").asLong()).isEqualTo(3);

    // 10, 10, 9, 9, 9 | 8, 7 | 6, 3, 0
    JsonNode nps = m.path("nps");
    assertThat(nps.path("responses").asLong()).isEqualTo(10);
    assertThat(nps.path("promoters").asLong()).isEqualTo(5);
    assertThat(nps.path("passives").asLong()).isEqualTo(2);
    assertThat(nps.path("detractors").asLong()).isEqualTo(3);
    assertThat(nps.path("score").asDouble()).isEqualTo(20.0);
    assertThat(nps.path("mean").asDouble()).isEqualTo(7.1);

    JsonNode targets = m.path("targets");
    assertThat(targets.path("firstResponseMeanMs").path("met").asBoolean()).isTrue();
    assertThat(targets.path("autoResolutionRate").path("met").asBoolean()).isTrue();
    assertThat(targets.path("classificationAccuracy").path("met").asBoolean()).isTrue();
    assertThat(targets.path("escalationRate").path("met").asBoolean()).isFalse(); // 20 % is not < 20 %
    assertThat(targets.path("npsMean").path("met").asBoolean()).isFalse();
    assertThat(targets.path("npsMean").path("alerting").asBoolean()).isFalse(); // 7.1 is not < 7.0

    assertGroup(m.path("byCategory").path("technical"), 10, 3, 4, 1, 0.3, 0.4, 0.9);
    assertGroup(m.path("byCategory").path("commercial"), 8, 0, 6, 1, 0.0, 0.75, 0.875);
    assertGroup(m.path("byCategory").path("support"), 6, 1, 2, 1, 0.1667, 0.3333, 0.8333);
    assertGroup(m.path("byCategory").path("complaint"), 4, 2, 1, 0, 0.5, 0.25, 1.0);
    assertGroup(m.path("byCategory").path("praise"), 2, 0, 1, 0, 0.0, 0.5, 1.0);
    assertGroup(m.path("byPriority").path("critical"), 3, 3, 0, 0, 1.0, 0.0, 1.0);
    assertGroup(m.path("byPriority").path("high"), 7, 2, 3, 1, 0.2857, 0.4286, 0.8571);
    assertGroup(m.path("byPriority").path("medium"), 12, 1, 7, 2, 0.0833, 0.5833, 0.8333);
    assertGroup(m.path("byPriority").path("low"), 8, 0, 4, 0, 0.0, 0.5, 1.0);

    // Counting is aggregations; the documents read are the 25 answered tickets plus the one answered
    // in the window but created before it. Unanswered tickets and NPS answers are never read.
    assertThat(m.path("reads").path("aggregationQueries").asInt()).isEqualTo(AGGREGATIONS);
    assertThat(m.path("reads").path("documents").asLong()).isEqualTo(26);

    // 10 media of 60 inbound: 4 voice notes (2 heard, 1 not, 1 waiting), 3 images (one heard without tokens), ...
    JsonNode media = m.path("media");
    assertMedia(media, 10, 6, 3, 1, 0.6667, 384 + 258 + 160 + 3000 + 258);
    assertMedia(media.path("byType").path("audio"), 4, 2, 1, 1, 0.6667, 384 + 160);
    assertMedia(media.path("byType").path("image"), 3, 2, 1, 0, 0.6667, 258);
    assertMedia(media.path("byType").path("video"), 1, 1, 0, 0, 1.0, 3000);
    assertMedia(media.path("byType").path("document"), 1, 0, 1, 0, 0.0, 0);
    assertMedia(media.path("byType").path("sticker"), 1, 1, 0, 0, 1.0, 258);
  }

  static void assertMedia(JsonNode group, long messages, long understood, long notUnderstood, long pending, double rate,
      long tokens) {
    assertThat(group.path("messages").asLong()).isEqualTo(messages);
    assertThat(group.path("understood").asLong()).isEqualTo(understood);
    assertThat(group.path("notUnderstood").asLong()).isEqualTo(notUnderstood);
    assertThat(group.path("pending").asLong()).isEqualTo(pending);
    assertThat(group.path("understoodRate").asDouble()).isEqualTo(rate);
    assertThat(group.path("tokens").asLong()).isEqualTo(tokens);
  }

  @Test
  void theLastHourOfOneInstance() {
    JsonNode m = get("?range=1h&instance=" + INSTANCE).body();
    assertThat(m.path("range").asText()).isEqualTo("1h");
    assertThat(m.path("tickets").asLong()).isEqualTo(10);
    assertThat(m.path("firstResponse").path("count").asLong()).isEqualTo(8);
    assertThat(m.path("firstResponse").path("meanMs").asLong()).isEqualTo(4_500);
    assertThat(m.path("firstResponse").path("p50Ms").asLong()).isEqualTo(4_000);
    assertThat(m.path("firstResponse").path("p90Ms").asLong()).isEqualTo(8_000);
    assertThat(m.path("escalationRate").asDouble()).isEqualTo(0.2);
    assertThat(m.path("autoResolutionRate").asDouble()).isEqualTo(0.5);
    assertThat(m.path("classificationAccuracy").asDouble()).isEqualTo(0.9);
    assertThat(m.path("messagesPerMinute").asDouble()).isEqualTo(0.05); // 3 / 60
    assertThat(m.path("nps").path("score").asDouble()).isEqualTo(100.0);
    assertThat(m.path("nps").path("mean").asDouble()).isEqualTo(9.67);
    assertThat(m.path("reads").path("documents").asLong()).isEqualTo(8);
    // 1, 24 and 47 minutes old: two voice notes and an image
    assertMedia(m.path("media"), 3, 2, 1, 0, 0.6667, 384 + 258);
    assertThat(m.path("media").path("byType").path("audio").path("messages").asLong()).isEqualTo(2);
  }

  @Test
  void theLastWeekIncludesOlderTicketsButNotTheOnesBeforeIt() {
    JsonNode m = get("?range=7d&instance=" + INSTANCE).body();
    assertThat(m.path("tickets").asLong()).isEqualTo(33);
    assertThat(m.path("firstResponse").path("count").asLong()).isEqualTo(27);
    assertThat(m.path("firstResponse").path("p90Ms").asLong()).isEqualTo(24_000);
    assertThat(m.path("counts").path("escalated").asLong()).isEqualTo(6);
    assertThat(m.path("nps").path("responses").asLong()).isEqualTo(11);
    assertThat(m.path("counts").path("inboundMessages").asLong()).isEqualTo(63);
  }

  @Test
  void anInstanceWithoutTicketsGetsZerosAndNullsAndReadsNoDocument() throws Exception {
    Reply reply = get("?range=7d&instance=" + INSTANCE + "-empty");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode m = reply.body();
    assertThat(JSON.writeValueAsString(m)).doesNotContain("NaN");
    assertThat(m.path("tickets").asLong()).isZero();
    assertThat(m.path("escalationRate").isNull()).isTrue();
    assertThat(m.path("autoResolutionRate").isNull()).isTrue();
    assertThat(m.path("classificationAccuracy").isNull()).isTrue();
    assertThat(m.path("messagesPerMinute").asDouble()).isZero();
    assertThat(m.path("firstResponse").path("meanMs").isNull()).isTrue();
    assertThat(m.path("firstResponse").path("count").asLong()).isZero();
    assertThat(m.path("nps").path("score").isNull()).isTrue();
    assertThat(m.path("nps").path("responses").asLong()).isZero();
    assertThat(m.path("targets").path("escalationRate").path("met").isNull()).isTrue();
    assertMedia(m.path("media"), 0, 0, 0, 0, 0.0, 0);
    assertThat(m.path("media").path("understoodRate").isNull()).isTrue();
    assertThat(m.path("byCategory").path("technical").path("tickets").asLong()).isZero();
    assertThat(m.path("reads").path("aggregationQueries").asInt()).isEqualTo(AGGREGATIONS);
    assertThat(m.path("reads").path("documents").asLong()).isZero();
  }

  @Test
  void withoutParametersAllInstancesOfTheLastDay() {
    Reply reply = get("");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("range").asText()).isEqualTo("24h");
    assertThat(reply.body().has("instance")).isFalse();
    assertThat(reply.body().path("tickets").asLong()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void anUnknownRangeIs400NamingTheValidOnes() {
    Reply reply = get("?range=30d&instance=" + INSTANCE);
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().path("error").asText())
        .isEqualTo("unknown range \"30d\": use one of 1h, 24h, 7d (default 24h)");
  }

  @Test
  void anInstanceWithControlCharactersIs400() {
    Reply reply = get("?instance=" + URLEncoder.encode("a\u0001b", StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().path("error").asText()).contains("instance");
  }

  @Test
  void onlyGetIsAllowed() throws Exception {
    // Several rounds on kept-alive connections: a body the function left unread once broke the next request.
    for (int round = 0; round < 5; round++) {
      for (String method : List.of("POST", "PUT", "DELETE")) {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics.url().resolve("?range=24h"))
            .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).contains("GET");
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("use GET");
      }
    }
  }


  static void assertGroup(JsonNode group, long tickets, long escalated, long autoResolved, long corrected,
      double escalationRate, double autoResolutionRate, double accuracy) {
    assertThat(group.path("tickets").asLong()).isEqualTo(tickets);
    assertThat(group.path("escalated").asLong()).isEqualTo(escalated);
    assertThat(group.path("autoResolved").asLong()).isEqualTo(autoResolved);
    assertThat(group.path("humanCorrected").asLong()).isEqualTo(corrected);
    assertThat(group.path("classified").asLong()).isEqualTo(tickets);
    assertThat(group.path("escalationRate").asDouble()).isEqualTo(escalationRate);
    assertThat(group.path("autoResolutionRate").asDouble()).isEqualTo(autoResolutionRate);
    assertThat(group.path("classificationAccuracy").asDouble()).isEqualTo(accuracy);
  }

  record Reply(int status, JsonNode body) {}

  static Reply get(String query) {
    try {
      URI url = metrics.url().resolve("/" + query);
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      return new Reply(response.statusCode(), JSON.readTree(response.body()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Timestamp ts(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), (instant.getNano() / 1000) * 1000);
  }
}
