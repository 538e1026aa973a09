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

  private MessageKeySchema() {}
}
