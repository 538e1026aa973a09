package atende.conversation;

/**
 * {@code customers/{customerId}} (docs/design.md "Firestore data model"), id from instance + phone (or
 * LID): every field name, once. {@link #TIER} is {@link #TIER_STANDARD} or {@link #TIER_VIP}.
 */
public final class CustomerSchema {
  public static final String COLLECTION = "customers";
  public static final String INSTANCE = "instance";
  public static final String JID = "jid";
  public static final String PHONE = "phone";
  public static final String NAME = "name";
  public static final String TIER = "tier";
  public static final String TIER_STANDARD = "standard";
  public static final String TIER_VIP = "vip";
  public static final String OPEN_TICKET_ID = "openTicketId";
  /** How many tickets the customer has had: the next ticket's sequence. */
  public static final String TICKET_SEQ = "ticketSeq";
  public static final String CREATED_AT = "createdAt";
  public static final String UPDATED_AT = "updatedAt";

  private CustomerSchema() {}
}
