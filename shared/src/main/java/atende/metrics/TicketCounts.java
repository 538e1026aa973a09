package atende.metrics;

/**
 * The counts of one group of tickets (all, one category, one priority) created in the window, as the
 * reader gets them from {@code count()} aggregations. {@code resolvedAutomatically} includes the
 * escalated ones; the calculator subtracts {@code resolvedAutomaticallyAfterEscalation}.
 */
public record TicketCounts(
    long tickets,
    long escalated,
    long resolvedAutomatically,
    long resolvedAutomaticallyAfterEscalation,
    long classified,
    long humanCorrected) {

  public static final TicketCounts NONE = new TicketCounts(0, 0, 0, 0, 0, 0);

  /** Resolved by the AI or by the silence timeout, never escalated (see {@link MetricFields#RESOLVED_AUTOMATICALLY_BY}). */
  public long autoResolved() {
    return Math.max(0, resolvedAutomatically - resolvedAutomaticallyAfterEscalation);
  }
}
