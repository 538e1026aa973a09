package atende.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.evolution.MessageType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The metric definitions on known inputs, without I/O. */
class MetricsCalculatorTest {
  static final Instant TO = Instant.parse("2025-06-01T12:00:00Z");

  @Test
  void nearestRankPercentilesOfOneToTen() {
    List<Long> values = LongStream.rangeClosed(1, 10).boxed().toList();
    assertThat(MetricsCalculator.percentile(values, 50)).isEqualTo(5);
    assertThat(MetricsCalculator.percentile(values, 90)).isEqualTo(9);
    assertThat(MetricsCalculator.percentile(values, 100)).isEqualTo(10);
    assertThat(MetricsCalculator.percentile(values, 0)).isEqualTo(1);
    assertThat(MetricsCalculator.percentile(List.of(7L), 90)).isEqualTo(7);
    assertThat(MetricsCalculator.percentile(List.of(1L, 2L), 90)).isEqualTo(2);
    assertThat(MetricsCalculator.percentile(List.of(), 50)).isNull();
  }

  @Test
  void firstResponseSortsIgnoresNegativesAndRoundsTheMean() {
    List<Long> shuffled = new ArrayList<>(LongStream.rangeClosed(1, 25).map(i -> i * 1000).boxed().toList());
    Collections.shuffle(shuffled, new java.util.Random(7));
    shuffled.add(-500L); // clock skew: not a response time
    MetricsReport.FirstResponse first = MetricsCalculator.firstResponse(shuffled);
    assertThat(first).isEqualTo(new MetricsReport.FirstResponse(13_000L, 13_000L, 23_000L, 25));
    assertThat(MetricsCalculator.firstResponse(List.of(1L, 2L)).meanMs()).isEqualTo(2); // 1.5 rounds half up
    assertThat(MetricsCalculator.firstResponse(List.of())).isEqualTo(new MetricsReport.FirstResponse(null, null, null, 0));
  }

  @Test
  void npsTheClassicExample() {
    // 100 answers: 70 promoters, 20 passives, 10 detractors -> NPS 70 - 10 = 60.
    List<Integer> answers = new ArrayList<>();
    for (int i = 0; i < 70; i++) answers.add(i % 2 == 0 ? 9 : 10);
    for (int i = 0; i < 20; i++) answers.add(i % 2 == 0 ? 7 : 8);
    for (int i = 0; i < 10; i++) answers.add(i % 7);
    MetricsReport.Nps nps = MetricsCalculator.nps(NpsCounts.of(answers));
    assertThat(nps.score()).isEqualTo(60.0);
    assertThat(nps.responses()).isEqualTo(100);
    assertThat(nps.promoters()).isEqualTo(70);
    assertThat(nps.passives()).isEqualTo(20);
    assertThat(nps.detractors()).isEqualTo(10);
  }

  @Test
  void npsScoreAndMeanOfTenAnswersIgnoringNonAnswers() {
    List<Integer> answers = new ArrayList<>(List.of(10, 10, 9, 9, 9, 8, 7, 6, 3, 0));
    answers.add(11);
    answers.add(-1);
    answers.add(null);
    MetricsReport.Nps nps = MetricsCalculator.nps(NpsCounts.of(answers));
    assertThat(nps).isEqualTo(new MetricsReport.Nps(20.0, 7.1, 10, 5, 2, 3));
    assertThat(MetricsCalculator.nps(NpsCounts.of(List.of(0, 0, 6))).score()).isEqualTo(-100.0);
    assertThat(MetricsCalculator.nps(NpsCounts.of(List.of(9, 8, 6))).score()).isEqualTo(0.0);
    assertThat(MetricsCalculator.nps(NpsCounts.of(List.of(10, 9, 9))).mean()).isEqualTo(9.33);
  }

  @Test
  void ratesCountsAndTargetsOfAKnownWindow() {
    TicketCounts overall = new TicketCounts(30, 6, 16, 2, 30, 3);
    Observations in = observations(Range.LAST_DAY, overall,
        Map.of(Category.TECHNICAL, new TicketCounts(10, 3, 5, 1, 10, 1)),
        Map.of(Priority.CRITICAL, new TicketCounts(3, 3, 1, 1, 3, 0)),
        LongStream.rangeClosed(1, 25).map(i -> i * 1000).boxed().toList(),
        NpsCounts.of(List.of(10, 10, 9, 9, 9, 8, 7, 6, 3, 0)), 60);
    MetricsReport report = MetricsCalculator.report(in);

    assertThat(report.tickets()).isEqualTo(30);
    assertThat(report.overall().autoResolved()).isEqualTo(14); // 16 resolved by ai/timeout, 2 of them escalated
    assertThat(report.overall().autoResolutionRate()).isEqualTo(0.4667);
    assertThat(report.overall().escalationRate()).isEqualTo(0.2);
    assertThat(report.overall().classificationAccuracy()).isEqualTo(0.9);
    assertThat(report.messagesPerMinute()).isEqualTo(0.0417); // 60 / 1440

    Map<String, MetricsReport.Target> t = report.targets();
    assertThat(t.keySet()).containsExactly("firstResponseMeanMs", "autoResolutionRate", "classificationAccuracy",
        "escalationRate", "npsMean");
    assertThat(t.get("firstResponseMeanMs")).isEqualTo(
        new MetricsReport.Target(13_000.0, 30_000, MetricsReport.Better.LOWER, 60_000, true, false));
    assertThat(t.get("autoResolutionRate").met()).isTrue();
    assertThat(t.get("classificationAccuracy").met()).isTrue();
    // exactly 20 % is not "< 20 %", and not yet the "> 30 %" alert
    assertThat(t.get("escalationRate").met()).isFalse();
    assertThat(t.get("escalationRate").alerting()).isFalse();
    assertThat(t.get("npsMean").value()).isEqualTo(7.1);
    assertThat(t.get("npsMean").met()).isFalse();
    assertThat(t.get("npsMean").alerting()).isFalse();

    MetricsReport.Group technical = report.byCategory().get(Category.TECHNICAL);
    assertThat(technical).isEqualTo(new MetricsReport.Group(10, 3, 4, 10, 1, 0.3, 0.4, 0.9));
    assertThat(report.byPriority().get(Priority.CRITICAL))
        .isEqualTo(new MetricsReport.Group(3, 3, 0, 3, 0, 1.0, 0.0, 1.0));
    // every category and priority is reported, the unseen ones empty
    assertThat(report.byCategory()).containsOnlyKeys(Category.values());
    assertThat(report.byPriority().get(Priority.LOW)).isEqualTo(new MetricsReport.Group(0, 0, 0, 0, 0, null, null, null));
  }

  @Test
  void alertsFireOnlyBeyondTheAlertThreshold() {
    assertThat(MetricsReport.Target.of(0.31, 0.20, MetricsReport.Better.LOWER, 0.30).alerting()).isTrue();
    assertThat(MetricsReport.Target.of(0.30, 0.20, MetricsReport.Better.LOWER, 0.30).alerting()).isFalse();
    assertThat(MetricsReport.Target.of(0.29, 0.40, MetricsReport.Better.HIGHER, 0.30).alerting()).isTrue();
    assertThat(MetricsReport.Target.of(61_000.0, 30_000, MetricsReport.Better.LOWER, 60_000).met()).isFalse();
  }

  @Test
  void anEmptyWindowGivesZerosAndNullsNeverNaN() throws Exception {
    MetricsReport report = MetricsCalculator.report(observations(Range.LAST_HOUR, TicketCounts.NONE, Map.of(), Map.of(),
        List.of(), NpsCounts.NONE, 0));
    assertThat(report.tickets()).isZero();
    assertThat(report.overall().escalationRate()).isNull();
    assertThat(report.overall().autoResolutionRate()).isNull();
    assertThat(report.overall().classificationAccuracy()).isNull();
    assertThat(report.firstResponse()).isEqualTo(new MetricsReport.FirstResponse(null, null, null, 0));
    assertThat(report.nps()).isEqualTo(new MetricsReport.Nps(null, null, 0, 0, 0, 0));
    assertThat(report.messagesPerMinute()).isZero();
    assertThat(report.targets().values()).allSatisfy(t -> {
      assertThat(t.value()).isNull();
      assertThat(t.met()).isNull();
      assertThat(t.alerting()).isNull();
    });

    String json = new ObjectMapper().writeValueAsString(report.toJson());
    assertThat(json).doesNotContain("NaN").doesNotContain("Infinity").doesNotContain("\"instance\"");
    var tree = new ObjectMapper().readTree(json);
    assertThat(tree.path("range").asText()).isEqualTo("1h");
    assertThat(tree.path("from").asText()).isEqualTo("2025-06-01T11:00:00Z");
    assertThat(tree.path("tickets").asLong()).isZero();
    assertThat(tree.path("escalationRate").isNull()).isTrue();
    assertThat(tree.path("firstResponse").path("meanMs").isNull()).isTrue();
    assertThat(tree.path("firstResponse").path("count").asLong()).isZero();
    assertThat(tree.path("nps").path("score").isNull()).isTrue();
    assertThat(tree.path("byCategory").size()).isEqualTo(5);
    assertThat(tree.path("byPriority").path("critical").path("tickets").asLong()).isZero();
    assertThat(tree.path("targets").path("npsMean").path("met").isNull()).isTrue();
  }

  @Test
  void mediaByTypeUnderstoodOverWhatTheTurnLookedAtAndTheirTokens() throws Exception {
    Observations in = new Observations(Range.LAST_DAY, TO.minus(Range.LAST_DAY.duration()), TO, Optional.empty(),
        TicketCounts.NONE, Map.of(), Map.of(), List.of(), NpsCounts.NONE, 10,
        Map.of(MessageType.AUDIO, new MediaCounts(5, 3, 1, 3 * 32 * 12), MessageType.IMAGE, new MediaCounts(2, 0, 2, 0)),
        List.of(), Observations.Reads.NONE);
    MetricsReport.Media media = MetricsCalculator.report(in).media();

    // 5 voice notes: 3 heard, 1 not (too long, say), 1 still waiting for its turn
    assertThat(media.byType().get(MessageType.AUDIO)).isEqualTo(new MetricsReport.MediaGroup(5, 3, 1, 1, 0.75, 1152));
    assertThat(media.byType().get(MessageType.IMAGE)).isEqualTo(new MetricsReport.MediaGroup(2, 0, 2, 0, 0.0, 0));
    // every media type is listed; nothing looked at gives a null rate, not NaN
    assertThat(media.byType()).containsOnlyKeys(MessageType.AUDIO, MessageType.IMAGE, MessageType.VIDEO,
        MessageType.DOCUMENT, MessageType.STICKER);
    assertThat(media.byType().get(MessageType.STICKER)).isEqualTo(new MetricsReport.MediaGroup(0, 0, 0, 0, null, 0));
    assertThat(media.overall()).isEqualTo(new MetricsReport.MediaGroup(7, 3, 3, 1, 0.5, 1152));

    var tree = new ObjectMapper().valueToTree(MetricsCalculator.report(in).toJson());
    assertThat(tree.path("media").path("understoodRate").asDouble()).isEqualTo(0.5);
    assertThat(tree.path("media").path("byType").path("audio").path("tokens").asLong()).isEqualTo(1152);
    assertThat(tree.path("media").path("byType").path("sticker").path("understoodRate").isNull()).isTrue();
  }

  @Test
  void aMessageCountedUnderstoodAndUnreadByARaceIsNeverNegativePending() {
    assertThat(new MediaCounts(1, 1, 1, 0).pending()).isZero();
  }

  @Test
  void theJsonNamesTheInstanceWhenFiltered() throws Exception {
    Observations in = new Observations(Range.LAST_WEEK, TO.minus(Range.LAST_WEEK.duration()), TO, Optional.of("loja"),
        TicketCounts.NONE, Map.of(), Map.of(), List.of(), NpsCounts.NONE, 0, Map.of(), List.of(), Observations.Reads.NONE);
    var tree = new ObjectMapper().valueToTree(MetricsCalculator.report(in).toJson());
    assertThat(tree.path("instance").asText()).isEqualTo("loja");
    assertThat(tree.path("range").asText()).isEqualTo("7d");
  }

  static Observations observations(Range range, TicketCounts overall, Map<Category, TicketCounts> byCategory,
      Map<Priority, TicketCounts> byPriority, List<Long> firstResponses, NpsCounts nps, long inbound) {
    return new Observations(range, TO.minus(range.duration()), TO, Optional.empty(), overall, byCategory, byPriority,
        firstResponses, nps, inbound, Map.of(), List.of(), Observations.Reads.NONE);
  }
}
