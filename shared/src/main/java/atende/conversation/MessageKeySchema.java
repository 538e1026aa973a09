package atende.conversation;

/**
 * {@code messageKeys/{instance_keyId}}: Evolution key id → the ticket message it belongs to. Receipts
 * carry only the key id, and the local emulator has no collection-group queries, so this index is how
 * receipts, echoes and cross-ticket duplicates are matched (README, deviations).
 */
public final class MessageKeySchema {
  public static final String COLLECTION = "messageKeys";
  public static final String INSTANCE = "instance";
  public static final String TICKET_ID = "ticketId";
  public static final String MESSAGE_ID = "messageId";
  /** A {@link Direction}. */
  public static final String DIRECTION = "direction";
  public static final String CREATED_AT = "createdAt";
  /** The message's {@code atende.evolution.MessageType}, as on the message: media counted by type. */
  public static final String TYPE = "type";
  /**
   * Mirrors of what the AI turn stored on a media message, for the metrics (they cannot filter on the
   * message's nested {@code media.unread}, nor query every ticket's messages on the emulator):
   * {@code true} with {@code mediaText}, {@code false} with {@code media.unread}; absent until looked at.
   */
  public static final String MEDIA_UNDERSTOOD = "mediaUnderstood";
  /** The message's {@code media.tokens}, when the model reported them. */
  public static final String MEDIA_TOKENS = "mediaTokens";

  private MessageKeySchema() {}
}
