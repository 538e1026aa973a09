package atende.conversation;

/**
 * {@code tickets/{ticketId}/messages/{messageId}} (docs/design.md "Firestore data model"): every field
 * name, once. An inbound message's id is Evolution's key id; ours are deterministic ({@code ai-<runId>},
 * {@code nps-question}, {@code handoff-<escalationId>}, ...), which is what makes a send happen once.
 * {@link #DIRECTION} holds a {@link Direction}, {@link #AUTHOR} an {@link Author}, {@link #STATUS} a
 * {@link MessageStatus} (moved forward only by {@link TicketStore#advance}), {@link #TYPE} an
 * {@code atende.evolution.MessageType}.
 */
public final class MessageSchema {
  public static final String INSTANCE = "instance";
  public static final String DIRECTION = "direction";
  public static final String AUTHOR = "author";
  public static final String TYPE = "type";
  public static final String TEXT = "text";
  public static final String STATUS = "status";
  public static final String CREATED_AT = "createdAt";
  /** Evolution's {@code messageTimestamp}, when it sent one. */
  public static final String TIMESTAMP = "timestamp";

  // Evolution's side.
  public static final String EVOLUTION_KEY_ID = "evolutionKeyId";
  public static final String CHAT_JID = "chatJid";
  public static final String PUSH_NAME = "pushName";
  public static final String QUOTED_KEY_ID = "quotedKeyId";
  /** {@code {mimetype, fileLength, seconds, ptt, fileName, caption, url, directPath}}: never the bytes. */
  public static final String MEDIA = "media";

  // The AI turn.
  /** The engine's decision: {@code category, priority, confidence, sentiment, reply, escalate, reason, followUp, resolved, engine, model, promptVersion, latencyMs, inputTokens, outputTokens, thoughtTokens, preview}. */
  public static final String AI = "ai";
  public static final String RUN_ID = "runId";
  /** On an answered inbound message: the id of the reply that answered it. */
  public static final String ANSWERED_BY = "answeredBy";
  public static final String SKIP_REASON = "skipReason";
  /** {@code {code, message}} on a failed message. */
  public static final String ERROR = "error";
  /** Console command: {@code true} re-runs and sends, {@code "preview"} re-runs and stores the decision only. */
  public static final String REPROCESS = "reprocess";
  public static final String REPROCESS_PREVIEW = "preview";
  /** Set with {@link #REPROCESS} when FollowUpSweep re-ran a stuck or lost turn. */
  public static final String RETRIED_BY_SWEEP_AT = "retriedBySweepAt";

  // Our sends.
  /** What an automatic message is for ({@code follow_up}, {@code nps_question}, ...). */
  public static final String KIND = "kind";
  public static final String REPLY_TO = "replyTo";
  public static final String ESCALATION_ID = "escalationId";
  /** A customer's 0-10 answer to the satisfaction question. */
  public static final String NPS_SCORE = "npsScore";
  /** A follow-up ({@link #KIND}), its number, and the ticket's {@code followUpDueAt} it was sent for. */
  public static final String KIND_FOLLOW_UP = "follow_up";
  public static final String KIND_FOLLOW_UP_CLOSE = "follow_up_close";
  public static final String ATTEMPT = "attempt";
  public static final String DUE_AT = "dueAt";

  /** The time a status was reached: {@code sentAt}, {@code deliveredAt}, {@code readAt}, {@code failedAt}, ... */
  public static String reachedAt(MessageStatus status) {
    return status.wire() + "At";
  }

  private MessageSchema() {}
}
