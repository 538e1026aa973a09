package atende.metrics;

import java.util.List;

/**
 * The ticket and key-index fields the metrics read, and what the write side must keep true for them.
 * Every field the reader filters on is top level: the local emulator cannot filter on a dotted path
 * such as {@code escalation.required} ({@code MetricsEmulatorTest}), so nested fields are never queried.
 *
 * <p>All metrics describe the tickets <em>created</em> in the window ({@code createdAt}), except
 * messages per minute, which counts inbound customer messages stored in the window.
 */
public final class MetricFields {
  private MetricFields() {}

  /** Ticket: tenant; {@code ?instance=} filters on it. */
  public static final String INSTANCE = "instance";
  /** Ticket: creation time (the code's clock, a Firestore timestamp); defines the cohort. */
  public static final String CREATED_AT = "createdAt";
  /** Ticket: {@code technical|commercial|support|complaint|praise}; groups {@code byCategory}. */
  public static final String CATEGORY = "category";
  /** Ticket: {@code critical|high|medium|low}; groups {@code byPriority}. */
  public static final String PRIORITY = "priority";
  /**
   * Ticket: who classified it, {@code ai|rules|human}; {@code human} means a person set or corrected
   * category/priority. Classified = any of the three; accuracy = 1 - human / classified.
   */
  public static final String CLASSIFICATION_SOURCE = "classificationSource";
  public static final List<String> CLASSIFIED_BY = List.of("ai", "rules", "human");
  public static final String CORRECTED_BY = "human";
  /**
   * Ticket: boolean, {@code true} from the first escalation on and never set back (the status moves
   * on to {@code human}/{@code resolved}, this stays); a top-level mirror of {@code escalation.required}.
   * Absent = never escalated.
   */
  public static final String ESCALATED = "escalated";
  /**
   * Ticket: who finished it, written in the same update that sets status {@code resolved} or
   * {@code closed}: {@code ai} (the AI turn resolved it), {@code timeout} (auto-closed for silence by
   * the sweep), {@code human} (a person resolved or closed it, console edits included). Absent on a
   * finished ticket = unknown, which never counts as automatic.
   */
  public static final String RESOLVED_BY = "resolvedBy";
  /** Auto-resolved = {@code resolvedBy} in this list and not {@link #ESCALATED}. */
  public static final List<String> RESOLVED_AUTOMATICALLY_BY = List.of("ai", "timeout");
  /** Ticket: time of the first reply sent to the customer (set once). The first-response scan ranges on it. */
  public static final String FIRST_RESPONSE_AT = "firstResponseAt";
  /**
   * Ticket: integer milliseconds from {@code createdAt} to {@code firstResponseAt}, written in the same
   * update as {@code firstResponseAt}. When absent the reader falls back to the difference of the two
   * timestamps; negative values are ignored.
   */
  public static final String FIRST_RESPONSE_MS = "firstResponseMs";
  /** Ticket: the customer's NPS answer, an integer 0..10, absent until answered; other values are ignored. */
  public static final String NPS = "nps";
  public static final List<Long> NPS_SCORES = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);

  /**
   * {@code messageKeys/{instance_keyId}} (already written by the webhook once per stored WhatsApp
   * message): {@code instance}, {@code direction} ({@code inbound} = a customer's message) and
   * {@code createdAt}. Counting these is how messages per minute avoids a collection-group query
   * over {@code tickets/{t}/messages}.
   */
  public static final String DIRECTION = "direction";
  public static final String INBOUND = "inbound";
}
