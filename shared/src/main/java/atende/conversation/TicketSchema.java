package atende.conversation;

/**
 * {@code tickets/{ticketId}} (docs/design.md "Firestore data model"): every field name, once. Writes go
 * through {@link TicketStore#update}, which always moves {@link #UPDATED_AT}. {@link #STATUS} holds a
 * {@link TicketStatus}; {@link #CATEGORY}, {@link #PRIORITY}, {@link #SENTIMENT} the wire forms of
 * {@link Category}, {@link Priority} and {@link Sentiment}; {@link #CLASSIFICATION_SOURCE}
 * one of {@link #SOURCE_AI}, {@link #SOURCE_RULES}, {@link #SOURCE_HUMAN}.
 */
public final class TicketSchema {
  public static final String COLLECTION = "tickets";

  // Who and where.
  public static final String INSTANCE = "instance";
  public static final String CUSTOMER_ID = "customerId";
  public static final String CUSTOMER_JID = "customerJid";
  public static final String CUSTOMER_PHONE = "customerPhone";
  public static final String CUSTOMER_NAME = "customerName";
  /** What {@link #CUSTOMER_ID} becomes when the customer is erased: the ticket is no one's any more. */
  public static final String CUSTOMER_ERASED = "erased";
  /** When the customer was erased (the ticket kept its classification and timings). */
  public static final String ERASED_AT = "erasedAt";
  /** The customer's n-th ticket (the id is {@code <ticketPrefix>-<n>}, atende.platform.Ids#ticket). */
  public static final String SEQUENCE = "sequence";

  // State.
  public static final String STATUS = "status";
  public static final String AI_PAUSED = "aiPaused";
  public static final String HUMAN_TAKEOVER_AT = "humanTakeoverAt";
  public static final String RESUMED_AT = "resumedAt";

  // Classification.
  public static final String CATEGORY = "category";
  public static final String PRIORITY = "priority";
  public static final String CONFIDENCE = "confidence";
  public static final String SENTIMENT = "sentiment";
  public static final String CLASSIFICATION_SOURCE = "classificationSource";
  public static final String SOURCE_AI = "ai";
  public static final String SOURCE_RULES = "rules";
  public static final String SOURCE_HUMAN = "human";
  /** What the AI had said before a person's first correction: {@code {category, priority}}. */
  public static final String CORRECTED_FROM = "correctedFrom";
  public static final String CORRECTED_AT = "correctedAt";
  /** Why a console edit could not be applied (an invalid category, ...); cleared by the next good one. */
  public static final String CONSOLE_ERROR = "consoleError";

  // Escalation: the block docs/design.md names, and the top-level mirrors the emulator can query.
  /** The block itself, {@code {required, reasons, at, runId, escalationId, notifiedAt, notifyFailed, notifyError, ...}}. */
  public static final String ESCALATION = "escalation";
  public static final String ESCALATION_REQUIRED = "escalation.required";
  public static final String ESCALATION_REASONS = "escalation.reasons";
  public static final String ESCALATION_AT = "escalation.at";
  public static final String ESCALATION_RUN_ID = "escalation.runId";
  public static final String ESCALATION_ID = "escalation.escalationId";
  public static final String ESCALATION_NOTIFIED_AT = "escalation.notifiedAt";
  public static final String ESCALATION_NOTIFY_FAILED = "escalation.notifyFailed";
  public static final String ESCALATION_NOTIFY_ERROR = "escalation.notifyError";
  public static final String ESCALATION_NOTIFY_FAILED_AT = "escalation.notifyFailedAt";
  public static final String ESCALATION_SLA_BREACHED_AT = "escalation.slaBreachedAt";
  public static final String ESCALATED = "escalated";
  public static final String ESCALATED_AT = "escalatedAt";
  public static final String SLA_BREACHED = "slaBreached";
  public static final String SLA_BREACHED_AT = "slaBreachedAt";

  // Follow-up.
  /** {@code {dueAt, attempts}}: the follow-up an AI turn scheduled, written whole by the turn. */
  public static final String FOLLOW_UP = "followUp";
  public static final String FOLLOW_UP_KEY_DUE_AT = "dueAt";
  public static final String FOLLOW_UP_KEY_ATTEMPTS = "attempts";
  public static final String FOLLOW_UP_DUE_AT_NESTED = "followUp.dueAt";
  public static final String FOLLOW_UP_ATTEMPTS = "followUp.attempts";
  /** Top-level mirror of {@code followUp.dueAt} (null = none scheduled): what FollowUpSweep queries. */
  public static final String FOLLOW_UP_DUE_AT = "followUpDueAt";
  public static final String FOLLOW_UP_SKIPPED = "followUpSkipped";
  public static final String FOLLOW_UP_ERROR = "followUpError";
  public static final String LAST_FOLLOW_UP_AT = "lastFollowUpAt";

  // A reply Evolution did not take (README "Outages"): FollowUpSweep sends it again while it is relevant.
  /** The AI reply's message id. */
  public static final String UNSENT_REPLY = "unsentReply";
  /** When the sweep tries next (null = nothing to resend): what it queries. */
  public static final String RESEND_DUE_AT = "resendDueAt";
  /** Resends that failed so far; each doubles the pause. */
  public static final String RESENDS = "resends";
  /** Why the reply was not sent after all ({@code taken_over}, {@code ticket_finished}, {@code customer_wrote}, {@code stale}, {@code refused}). */
  public static final String RESEND_DROPPED = "resendDropped";

  // Times and outcome.
  public static final String CREATED_AT = "createdAt";
  /** Moved by every write of ours: a change that leaves it alone was a person's console edit. */
  public static final String UPDATED_AT = "updatedAt";
  public static final String FIRST_RESPONSE_AT = "firstResponseAt";
  public static final String FIRST_RESPONSE_MS = "firstResponseMs";
  public static final String LAST_INBOUND_AT = "lastInboundAt";
  public static final String LAST_OUTBOUND_AT = "lastOutboundAt";
  public static final String RESOLVED_AT = "resolvedAt";
  /** {@code ai}, {@code human} or {@code timeout}. */
  public static final String RESOLVED_BY = "resolvedBy";
  public static final String RESOLVED_BY_AI = "ai";
  public static final String RESOLVED_BY_HUMAN = "human";
  public static final String CLOSE_REASON = "closeReason";
  /** {@link #RESOLVED_BY} of a ticket FollowUpSweep closed for silence (its {@link #CLOSE_REASON} says which). */
  public static final String RESOLVED_BY_TIMEOUT = "timeout";

  // Retention (atende.followup.Retention).
  /**
   * When the sweep next looks for messages past the instance's {@code retentionDays}: created with the
   * ticket a day later, then the oldest kept message's time plus the retention (or a retention from now).
   */
  public static final String RETENTION_DUE_AT = "retentionDueAt";

  // Satisfaction.
  public static final String NPS_ASKED_AT = "npsAskedAt";
  public static final String NPS_ANSWERED_AT = "npsAnsweredAt";
  public static final String NPS = "nps";

  /** Its sub-collections. */
  public static final String MESSAGES = "messages";
  public static final String RUNS = "runs";

  private TicketSchema() {}
}
