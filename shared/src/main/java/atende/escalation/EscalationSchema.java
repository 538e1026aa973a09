package atende.escalation;

import com.google.cloud.Timestamp;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code escalations/{escalationId}} (docs/design.md "Firestore data model") and its send claims
 * {@code escalations/{id}/sends/{channel}-{attempt}}: every field name, once. {@link #REASONS} holds
 * {@link EscalationReason} wire codes; {@link #CHANNELS} maps a {@link Channel#key()} to
 * {@code {status, at, attempts, error, target}}, {@code status} a {@link ChannelStatus}.
 */
public final class EscalationSchema {
  public static final String COLLECTION = "escalations";
  public static final String SENDS = "sends";

  public static final String TICKET_ID = "ticketId";
  public static final String INSTANCE = "instance";
  public static final String CATEGORY = "category";
  public static final String PRIORITY = "priority";
  public static final String REASONS = "reasons";
  public static final String RUN_ID = "runId";
  public static final String CREATED_AT = "createdAt";
  /** False when the customer still needs the handoff message (an escalation raised without a reply). */
  public static final String CUSTOMER_NOTIFIED = "customerNotified";

  // Publishing (top-level flag: a missing field cannot be queried, so FollowUpSweep finds false).
  public static final String PUBLISHED = "published";
  public static final String PUBLISHED_AT = "publishedAt";
  public static final String PUBLISH_ERROR = "publishError";
  public static final String MESSAGE_ID = "messageId";

  // Notifying.
  public static final String CHANNELS = "channels";
  public static final String CHANNEL_STATUS = "status";
  public static final String CHANNEL_AT = "at";
  /** Finished attempts of the channel; the next claim is {@code sends/{key}-{attempts + 1}}. */
  public static final String CHANNEL_ATTEMPTS = "attempts";
  public static final String CHANNEL_ERROR = "error";
  /** The team number or group JID a team channel went to. */
  public static final String CHANNEL_TARGET = "target";
  public static final String NOTIFIED_AT = "notifiedAt";
  public static final String NOTIFY_FAILED = "notifyFailed";
  public static final String ERROR = "error";
  public static final String FAILED_AT = "failedAt";

  // A send claim.
  public static final String CLAIM_CHANNEL = "channel";
  public static final String CLAIM_ATTEMPT = "attempt";
  public static final String CLAIMED_AT = "claimedAt";
  public static final String CLAIM_DELIVERY_ATTEMPT = "deliveryAttempt";

  /**
   * The escalation as recorded by whoever records it first (the raiser, or the notifier when the
   * raiser's record is missing): what a republish sends again.
   */
  static Map<String, Object> fields(Escalation e, Timestamp createdAt) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(TICKET_ID, e.ticketId());
    fields.put(INSTANCE, e.instance());
    fields.put(CATEGORY, e.category());
    fields.put(PRIORITY, e.priority());
    fields.put(REASONS, EscalationReason.wire(e.reasons()));
    fields.put(RUN_ID, e.runId());
    fields.put(CUSTOMER_NOTIFIED, e.customerNotified());
    fields.put(CREATED_AT, createdAt);
    return fields;
  }

  private EscalationSchema() {}
}
