package atende.followup;

import atende.conversation.Priority;
import atende.platform.WireEnum;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * What FollowUpSweep reads from {@code instances/{instance}} (all optional; a missing document or a
 * field that is not a sensible number means the default):
 *
 * <ul>
 *   <li>{@code enabled} (true): false stops follow-ups, stuck-run retries and the unanswered-message rule
 *       (the AI is off); SLA notices still go out, a person was already asked for.
 *   <li>{@code maxFollowUps} (2): follow-ups sent without an answer before the ticket is closed.
 *   <li>{@code followUpIntervalHours} (24): from one follow-up to the next (and to the close).
 *   <li>{@code followUpWindowHours} (24): WhatsApp's customer-service window: no free-form message when
 *       the customer's last message is older; the ticket is then closed silently.
 *   <li>{@code slaMinutes} ({@code {critical: 2, high: 15, medium: 60, low: 240}}): time from the
 *       escalation until a person must have taken over, per priority.
 *   <li>{@code stuckRunMinutes} (5, also the minimum: ProcessMessage's timeout): an AI turn still
 *       {@code running} after this is retried once.
 *   <li>{@code unresolvedEscalateMinutes} (5, seed 5.1.6 "> 5 minutos sem resolução"; 0 = off): a
 *       customer message still unanswered after this escalates with {@code no_resolution_timeout}.
 *   <li>{@code retentionDays} (180, at least 1): messages and media older than this are deleted
 *       ({@link Retention}; docs/design.md "Guards and personal data").
 * </ul>
 */
public record SweepSettings(
    boolean enabled,
    int maxFollowUps,
    Duration followUpInterval,
    Duration followUpWindow,
    Map<Priority, Duration> sla,
    Duration stuckRun,
    Duration unresolvedEscalate,
    Duration retention) {

  // The fields of instances/{instance} read here.
  static final String ENABLED = "enabled";
  static final String MAX_FOLLOW_UPS = "maxFollowUps";
  static final String FOLLOW_UP_INTERVAL_HOURS = "followUpIntervalHours";
  static final String FOLLOW_UP_WINDOW_HOURS = "followUpWindowHours";
  /** A map from a priority's wire form to minutes. */
  static final String SLA_MINUTES = "slaMinutes";
  static final String STUCK_RUN_MINUTES = "stuckRunMinutes";
  static final String UNRESOLVED_ESCALATE_MINUTES = "unresolvedEscalateMinutes";
  static final String RETENTION_DAYS = "retentionDays";

  public static final Map<Priority, Duration> DEFAULT_SLA = Map.of(
      Priority.CRITICAL, Duration.ofMinutes(2), Priority.HIGH, Duration.ofMinutes(15),
      Priority.MEDIUM, Duration.ofMinutes(60), Priority.LOW, Duration.ofMinutes(240));

  /**
   * ProcessMessage's timeout (terraform: 300 s): a run younger than this may still be working, and
   * retrying it would answer twice. Lower settings are ignored.
   */
  static final int MIN_STUCK_MINUTES = 5;

  public static final SweepSettings DEFAULTS = new SweepSettings(true, 2, Duration.ofHours(24), Duration.ofHours(24),
      DEFAULT_SLA, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(180));

  /** The SLA of a priority; an unknown or missing priority counts as medium. */
  public Duration slaFor(Priority priority) {
    Duration d = priority == null ? null : sla.get(priority);
    return d != null ? d : sla.getOrDefault(Priority.MEDIUM, DEFAULT_SLA.get(Priority.MEDIUM));
  }

  public boolean unresolvedRuleOn() {
    return !unresolvedEscalate.isZero();
  }

  /** From the instance document's fields; {@code null} = no document. */
  public static SweepSettings from(Map<String, Object> fields) {
    if (fields == null) return DEFAULTS;
    Map<Priority, Duration> sla = new EnumMap<>(DEFAULT_SLA);
    if (fields.get(SLA_MINUTES) instanceof Map<?, ?> custom) {
      custom.forEach((k, v) -> {
        Long minutes = number(v, 1, 7 * 24 * 60);
        WireEnum.parse(Priority.class, String.valueOf(k))
            .ifPresent(p -> { if (minutes != null) sla.put(p, Duration.ofMinutes(minutes)); });
      });
    }
    Long max = number(fields.get(MAX_FOLLOW_UPS), 0, 10);
    Long interval = number(fields.get(FOLLOW_UP_INTERVAL_HOURS), 1, 24 * 30);
    Long window = number(fields.get(FOLLOW_UP_WINDOW_HOURS), 1, 24 * 30);
    Long stuck = number(fields.get(STUCK_RUN_MINUTES), MIN_STUCK_MINUTES, 24 * 60);
    Long unresolved = number(fields.get(UNRESOLVED_ESCALATE_MINUTES), 0, 24 * 60);
    Long retentionDays = number(fields.get(RETENTION_DAYS), 1, 3650);
    return new SweepSettings(
        !Boolean.FALSE.equals(fields.get(ENABLED)),
        max == null ? DEFAULTS.maxFollowUps() : max.intValue(),
        interval == null ? DEFAULTS.followUpInterval() : Duration.ofHours(interval),
        window == null ? DEFAULTS.followUpWindow() : Duration.ofHours(window),
        Map.copyOf(sla),
        stuck == null ? DEFAULTS.stuckRun() : Duration.ofMinutes(stuck),
        unresolved == null ? DEFAULTS.unresolvedEscalate() : Duration.ofMinutes(unresolved),
        retentionDays == null ? DEFAULTS.retention() : Duration.ofDays(retentionDays));
  }

  /** A whole number within bounds (a console edit may store 5, 5.0 or "5"); anything else is unset. */
  private static Long number(Object value, long min, long max) {
    Long n = switch (value) {
      case Long l -> l;
      case Integer i -> (long) i;
      case Double d when d == Math.rint(d) -> d.longValue();
      case String s when s.strip().matches("\\d{1,9}") -> Long.parseLong(s.strip());
      case null, default -> null;
    };
    return n == null || n < min || n > max ? null : n;
  }
}
