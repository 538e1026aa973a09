package atende.metrics;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.evolution.MessageType;
import atende.metrics.MetricsReport.Better;
import atende.metrics.MetricsReport.Target;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's metrics (section 11) from what the reader observed, without I/O. Definitions:
 * <ul>
 *   <li>first response: mean, p50 and p90 of {@code firstResponseMs} over the window's tickets that
 *       got a reply; percentiles by nearest rank (an observed value, never interpolated);</li>
 *   <li>auto-resolution rate: tickets resolved by the AI or the silence timeout and never escalated,
 *       over all tickets of the window (open ones included, so a short window reads low);</li>
 *   <li>escalation rate: tickets ever escalated over all tickets;</li>
 *   <li>classification accuracy: 1 - corrected by a person / classified. Only corrections are seen,
 *       so this is an upper bound of the true accuracy;</li>
 *   <li>messages per minute: inbound customer messages stored in the window / its minutes;</li>
 *   <li>NPS: % promoters (9-10) - % detractors (0-6); the seed's satisfaction target reads the mean
 *       answer;</li>
 *   <li>media (issue #12): inbound voice notes, images, videos, documents and stickers stored in the
 *       window by type, how many the model understood over those the turn looked at, and their tokens.</li>
 * </ul>
 */
public final class MetricsCalculator {
  /** Seed 11.1.1: first response < 30 s (alert > 60 s). */
  public static final double FIRST_RESPONSE_GOAL_MS = 30_000, FIRST_RESPONSE_ALERT_MS = 60_000;
  /** Seed 11.1.1: automatic resolution > 40 % (alert < 30 %). */
  public static final double AUTO_RESOLUTION_GOAL = 0.40, AUTO_RESOLUTION_ALERT = 0.30;
  /** Seed 11.1.1: classification accuracy > 85 % (alert < 80 %). */
  public static final double ACCURACY_GOAL = 0.85, ACCURACY_ALERT = 0.80;
  /** Seed 11.1.1: escalation < 20 % (alert > 30 %). */
  public static final double ESCALATION_GOAL = 0.20, ESCALATION_ALERT = 0.30;
  /** Seed 11.1.1: satisfaction, mean NPS answer > 8.0 (alert < 7.0). */
  public static final double NPS_MEAN_GOAL = 8.0, NPS_MEAN_ALERT = 7.0;

  private MetricsCalculator() {}

  public static MetricsReport report(Observations in) {
    MetricsReport.Group overall = group(in.overall());
    Map<Category, MetricsReport.Group> byCategory = new EnumMap<>(Category.class);
    for (Category c : Category.values()) byCategory.put(c, group(in.byCategory().getOrDefault(c, TicketCounts.NONE)));
    Map<Priority, MetricsReport.Group> byPriority = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) byPriority.put(p, group(in.byPriority().getOrDefault(p, TicketCounts.NONE)));
    MetricsReport.FirstResponse first = firstResponse(in.firstResponseMs());
    MetricsReport.Nps nps = nps(in.nps());
    double perMinute = round((double) in.inboundMessages() / in.range().minutes(), 4);

    Map<String, Target> targets = new LinkedHashMap<>();
    targets.put("firstResponseMeanMs", Target.of(first.meanMs() == null ? null : first.meanMs().doubleValue(),
        FIRST_RESPONSE_GOAL_MS, Better.LOWER, FIRST_RESPONSE_ALERT_MS));
    targets.put("autoResolutionRate", Target.of(overall.autoResolutionRate(), AUTO_RESOLUTION_GOAL, Better.HIGHER, AUTO_RESOLUTION_ALERT));
    targets.put("classificationAccuracy", Target.of(overall.classificationAccuracy(), ACCURACY_GOAL, Better.HIGHER, ACCURACY_ALERT));
    targets.put("escalationRate", Target.of(overall.escalationRate(), ESCALATION_GOAL, Better.LOWER, ESCALATION_ALERT));
    targets.put("npsMean", Target.of(nps.mean(), NPS_MEAN_GOAL, Better.HIGHER, NPS_MEAN_ALERT));

    return new MetricsReport(in.range(), in.from(), in.to(), in.instance(), overall, first, in.inboundMessages(),
        perMinute, nps, targets, byCategory, byPriority, media(in.media()), in.knowledgeGaps(), in.reads());
  }

  /** Every media type (the unseen ones empty), and their sum. */
  static MetricsReport.Media media(Map<MessageType, MediaCounts> observed) {
    Map<MessageType, MetricsReport.MediaGroup> byType = new EnumMap<>(MessageType.class);
    MediaCounts all = MediaCounts.NONE;
    for (MessageType type : MessageType.MEDIA) {
      MediaCounts counts = observed.getOrDefault(type, MediaCounts.NONE);
      byType.put(type, mediaGroup(counts));
      all = all.plus(counts);
    }
    return new MetricsReport.Media(mediaGroup(all), byType);
  }

  static MetricsReport.MediaGroup mediaGroup(MediaCounts c) {
    return new MetricsReport.MediaGroup(c.messages(), c.understood(), c.notUnderstood(), c.pending(),
        rate(c.understood(), c.understood() + c.notUnderstood()), c.tokens());
  }

  static MetricsReport.Group group(TicketCounts c) {
    long autoResolved = c.autoResolved();
    return new MetricsReport.Group(c.tickets(), c.escalated(), autoResolved, c.classified(), c.humanCorrected(),
        rate(c.escalated(), c.tickets()),
        rate(autoResolved, c.tickets()),
        c.classified() == 0 ? null : rate(c.classified() - Math.min(c.humanCorrected(), c.classified()), c.classified()));
  }

  /** Mean and nearest-rank percentiles; negative values (clock skew) are not response times and are ignored. */
  public static MetricsReport.FirstResponse firstResponse(Collection<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis.size());
    for (Long ms : millis) if (ms != null && ms >= 0) sorted.add(ms);
    sorted.sort(null);
    if (sorted.isEmpty()) return new MetricsReport.FirstResponse(null, null, null, 0);
    double sum = 0;
    for (long ms : sorted) sum += ms;
    return new MetricsReport.FirstResponse(Math.round(sum / sorted.size()), percentile(sorted, 50), percentile(sorted, 90),
        sorted.size());
  }

  /**
   * Nearest-rank percentile of ascending values: the smallest value with at least {@code p} % of the
   * values at or below it; null for no values.
   */
  public static Long percentile(List<Long> ascending, double p) {
    if (ascending.isEmpty()) return null;
    if (p <= 0) return ascending.get(0);
    int rank = (int) Math.ceil(p / 100.0 * ascending.size());
    return ascending.get(Math.min(Math.max(rank, 1), ascending.size()) - 1);
  }

  public static MetricsReport.Nps nps(NpsCounts c) {
    if (c.responses() == 0) return new MetricsReport.Nps(null, null, 0, 0, 0, 0);
    double score = 100.0 * (c.promoters() - c.detractors()) / c.responses();
    return new MetricsReport.Nps(round(score, 1), round((double) c.sum() / c.responses(), 2), c.responses(),
        c.promoters(), c.passives(), c.detractors());
  }

  /** {@code part / whole} rounded to four decimals; null when {@code whole} is zero. */
  public static Double rate(long part, long whole) {
    if (whole <= 0) return null;
    return round((double) part / whole, 4);
  }

  static double round(double value, int decimals) {
    return new java.math.BigDecimal(Double.toString(value)).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
  }
}
