package atende.metrics;

import static atende.conversation.TicketSchema.RESOLVED_BY_AI;
import static atende.conversation.TicketSchema.RESOLVED_BY_TIMEOUT;
import static atende.conversation.TicketSchema.SOURCE_AI;
import static atende.conversation.TicketSchema.SOURCE_HUMAN;
import static atende.conversation.TicketSchema.SOURCE_RULES;

import atende.conversation.MessageKeySchema;
import atende.conversation.TicketSchema;
import java.util.List;

/**
 * The ticket and key-index fields the metrics read (names in {@link TicketSchema} and
 * {@link MessageKeySchema}), the values that count, and what the write side must keep true for them.
 * Every field the reader filters on is top level: the local emulator cannot filter on a dotted path
 * such as {@code escalation.required} ({@code MetricsEmulatorTest}), so nested fields are never queried.
 *
 * <p>All metrics describe the tickets <em>created</em> in the window ({@link TicketSchema#CREATED_AT},
 * the code's clock), except messages per minute, which counts inbound customer messages stored in the
 * window. On the ticket:
 * <ul>
 *   <li>{@link TicketSchema#INSTANCE}: the tenant; {@code ?instance=} filters on it.
 *   <li>{@link TicketSchema#CATEGORY} and {@link TicketSchema#PRIORITY}: group {@code byCategory} and
 *       {@code byPriority}.
 *   <li>{@link TicketSchema#CLASSIFICATION_SOURCE}: who classified it; {@link #CORRECTED_BY} means a person
 *       set or corrected category/priority. Classified = any of {@link #CLASSIFIED_BY}; accuracy = 1 -
 *       corrected / classified.
 *   <li>{@link TicketSchema#ESCALATED}: {@code true} from the first escalation on and never set back (the
 *       status moves on to {@code human}/{@code resolved}, this stays); a top-level mirror of
 *       {@code escalation.required}. Absent = never escalated.
 *   <li>{@link TicketSchema#RESOLVED_BY}: who finished it, written in the same update that sets status
 *       {@code resolved} or {@code closed}: {@code ai} (the AI turn resolved it), {@code timeout}
 *       (auto-closed for silence by the sweep), {@code human} (a person resolved or closed it, console
 *       edits included). Absent on a finished ticket = unknown, which never counts as automatic.
 *   <li>{@link TicketSchema#FIRST_RESPONSE_AT}: time of the first reply sent to the customer (set once);
 *       the first-response scan ranges on it. {@link TicketSchema#FIRST_RESPONSE_MS}: integer
 *       milliseconds from {@code createdAt} to it, written in the same update; when absent the reader
 *       falls back to the difference of the two timestamps; negative values are ignored.
 *   <li>{@link TicketSchema#NPS}: the customer's answer, an integer in {@link #NPS_SCORES}, absent until
 *       answered; other values are ignored.
 * </ul>
 * {@code messageKeys/{instance_keyId}} (written by the webhook once per stored WhatsApp message) has
 * {@link MessageKeySchema#DIRECTION} ({@code inbound} = a customer's message) and {@code createdAt}
 * (and {@code instance}): counting these is how messages per minute avoids a collection-group query
 * over {@code tickets/{t}/messages}. The same entries count media: {@link MessageKeySchema#TYPE} (the
 * webhook writes it), {@link MessageKeySchema#MEDIA_UNDERSTOOD} and {@link MessageKeySchema#MEDIA_TOKENS}
 * (the AI turn mirrors its media outcome there, {@code atende.agent.TurnStore#complete}).
 */
public final class MetricFields {
  private MetricFields() {}

  public static final List<String> CLASSIFIED_BY = List.of(SOURCE_AI, SOURCE_RULES, SOURCE_HUMAN);
  public static final String CORRECTED_BY = SOURCE_HUMAN;
  /** Auto-resolved = {@code resolvedBy} in this list and not {@code escalated}. */
  public static final List<String> RESOLVED_AUTOMATICALLY_BY = List.of(RESOLVED_BY_AI, RESOLVED_BY_TIMEOUT);
  public static final List<Long> NPS_SCORES = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
}
