package atende.agent;

/**
 * {@code tickets/{ticketId}/runs/{runId}}: one AI turn's claim, created if absent so a redelivered or
 * concurrent trigger finds it and stops (docs/design.md "Conversation lifecycle", step 4). {@link #STATUS}
 * is {@link #RUNNING}, then {@link #ANSWERED}, {@link #FAILED}, {@link #SKIPPED} or {@link #PREVIEWED}.
 */
public final class RunSchema {
  public static final String MESSAGE_ID = "messageId";
  public static final String STATUS = "status";
  public static final String RUNNING = "running";
  public static final String ANSWERED = "answered";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";
  /** A console preview: the decision was stored on the message, nothing sent. */
  public static final String PREVIEWED = "previewed";
  public static final String STARTED_AT = "startedAt";
  public static final String FINISHED_AT = "finishedAt";
  /** {@code {code, message}} on a failed run. */
  public static final String ERROR = "error";
  public static final String ERROR_CODE = "code";
  public static final String ERROR_MESSAGE = "message";
  /** Firestore's TTL policy deletes the run after this (terraform/firestore.tf). */
  public static final String EXPIRE_AT = "expireAt";

  private RunSchema() {}
}
