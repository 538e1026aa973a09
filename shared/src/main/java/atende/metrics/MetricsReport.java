package atende.metrics;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.evolution.MessageType;
import atende.knowledge.KnowledgeGaps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics of one window. Rates are fractions 0..1 rounded to four decimals and are {@code null}
 * (never NaN) when nothing was there to measure; counts are zero then.
 */
public record MetricsReport(
    Range range,
    Instant from,
    Instant to,
    Optional<String> instance,
    Group overall,
    FirstResponse firstResponse,
    long inboundMessages,
    double messagesPerMinute,
    Nps nps,
    Map<String, Target> targets,
    Map<Category, Group> byCategory,
    Map<Priority, Group> byPriority,
    Media media,
    List<KnowledgeGaps.Gap> knowledgeGaps,
    Observations.Reads reads) {

  /**
   * Inbound media messages of the window, all ({@code overall}) and by type (every media type listed):
   * {@code understoodRate} is understood over those the turn looked at (understood + not understood),
   * null when it looked at none.
   */
  public record Media(MediaGroup overall, Map<MessageType, MediaGroup> byType) {}

  public record MediaGroup(long messages, long understood, long notUnderstood, long pending, Double understoodRate, long tokens) {}

  /** Time to first response over the tickets that got one; nulls when none did. */
  public record FirstResponse(Long meanMs, Long p50Ms, Long p90Ms, long count) {}

  /**
   * {@code score} is the classic NPS, % promoters (9-10) minus % detractors (0-6), -100..100;
   * {@code mean} the average answer 0..10, which is what the seed's target ("NPS médio > 8.0") reads.
   */
  public record Nps(Double score, Double mean, long responses, long promoters, long passives, long detractors) {}

  /** Counts and rates of one group of tickets. */
  public record Group(
      long tickets,
      long escalated,
      long autoResolved,
      long classified,
      long humanCorrected,
      Double escalationRate,
      Double autoResolutionRate,
      Double classificationAccuracy) {}

  public enum Better { LOWER, HIGHER }

  /**
   * One of the seed's targets (11.1.1): {@code met} when the value is strictly better than the goal,
   * {@code alerting} when it is strictly worse than the alert threshold; both null without a value.
   */
  public record Target(Double value, double goal, Better better, double alertAt, Boolean met, Boolean alerting) {
    public static Target of(Double value, double goal, Better better, double alertAt) {
      if (value == null) return new Target(null, goal, better, alertAt, null, null);
      boolean met = better == Better.LOWER ? value < goal : value > goal;
      boolean alerting = better == Better.LOWER ? value > alertAt : value < alertAt;
      return new Target(value, goal, better, alertAt, met, alerting);
    }
  }

  public long tickets() {
    return overall.tickets();
  }

  /** The JSON body: key order fixed, nulls kept (a dashboard sees "no data", not a missing key). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("range", range.wire());
    json.put("from", from.toString());
    json.put("to", to.toString());
    instance.ifPresent(i -> json.put("instance", i));
    json.put("tickets", overall.tickets());
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("meanMs", firstResponse.meanMs());
    first.put("p50Ms", firstResponse.p50Ms());
    first.put("p90Ms", firstResponse.p90Ms());
    first.put("count", firstResponse.count());
    json.put("firstResponse", first);
    json.put("autoResolutionRate", overall.autoResolutionRate());
    json.put("escalationRate", overall.escalationRate());
    json.put("classificationAccuracy", overall.classificationAccuracy());
    json.put("messagesPerMinute", messagesPerMinute);
    Map<String, Object> npsJson = new LinkedHashMap<>();
    npsJson.put("score", nps.score());
    npsJson.put("mean", nps.mean());
    npsJson.put("responses", nps.responses());
    npsJson.put("promoters", nps.promoters());
    npsJson.put("passives", nps.passives());
    npsJson.put("detractors", nps.detractors());
    json.put("nps", npsJson);
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("escalated", overall.escalated());
    counts.put("autoResolved", overall.autoResolved());
    counts.put("classified", overall.classified());
    counts.put("humanCorrected", overall.humanCorrected());
    counts.put("inboundMessages", inboundMessages);
    json.put("counts", counts);
    Map<String, Object> targetsJson = new LinkedHashMap<>();
    targets.forEach((name, t) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("value", t.value());
      one.put("goal", t.goal());
      one.put("better", t.better().name().toLowerCase(java.util.Locale.ROOT));
      one.put("alertAt", t.alertAt());
      one.put("met", t.met());
      one.put("alerting", t.alerting());
      targetsJson.put(name, one);
    });
    json.put("targets", targetsJson);
    Map<String, Object> categories = new LinkedHashMap<>();
    byCategory.forEach((category, group) -> categories.put(category.wire(), group(group)));
    json.put("byCategory", categories);
    Map<String, Object> priorities = new LinkedHashMap<>();
    byPriority.forEach((priority, group) -> priorities.put(priority.wire(), group(group)));
    json.put("byPriority", priorities);
    Map<String, Object> mediaJson = mediaGroup(media.overall());
    Map<String, Object> types = new LinkedHashMap<>();
    media.byType().forEach((type, group) -> types.put(type.wire(), mediaGroup(group)));
    mediaJson.put("byType", types);
    json.put("media", mediaJson);
    json.put("knowledgeGaps", knowledgeGaps.stream().map(MetricsReport::gap).toList());
    Map<String, Object> readsJson = new LinkedHashMap<>();
    readsJson.put("aggregationQueries", reads.aggregationQueries());
    readsJson.put("documents", reads.documents());
    json.put("reads", readsJson);
    return json;
  }

  /** A question the knowledge base could not answer: what an operator should write next. */
  private static Map<String, Object> gap(KnowledgeGaps.Gap g) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("question", g.question());
    json.put("count", g.count());
    json.put("instance", g.instance());
    json.put("ticketIds", g.ticketIds());
    json.put("lastSeenAt", g.lastSeenAt() == null ? null : g.lastSeenAt().toDate().toInstant().toString());
    return json;
  }

  private static Map<String, Object> mediaGroup(MediaGroup g) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("messages", g.messages());
    json.put("understood", g.understood());
    json.put("notUnderstood", g.notUnderstood());
    json.put("pending", g.pending());
    json.put("understoodRate", g.understoodRate());
    json.put("tokens", g.tokens());
    return json;
  }

  private static Map<String, Object> group(Group g) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tickets", g.tickets());
    json.put("escalated", g.escalated());
    json.put("autoResolved", g.autoResolved());
    json.put("classified", g.classified());
    json.put("humanCorrected", g.humanCorrected());
    json.put("escalationRate", g.escalationRate());
    json.put("autoResolutionRate", g.autoResolutionRate());
    json.put("classificationAccuracy", g.classificationAccuracy());
    return json;
  }
}
