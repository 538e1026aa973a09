package atende.conversation;

/**
 * {@code customers/{customerId}} (docs/design.md "Firestore data model"), id a keyed hash of instance +
 * phone (or LID, {@code atende.platform.ContactIds}): every field name, once. {@link #TIER} is
 * {@link #TIER_STANDARD} or {@link #TIER_VIP}. {@link #ERASE} {@code true} erases the customer
 * ({@code atende.erasure.CustomerErasure}), leaving a tombstone: {@link #ERASED_AT} and {@link #ERASURE}.
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
  /** Starts every ticket id of this customer ({@code atende.platform.Ids#ticketPrefix}); erased with the customer. */
  public static final String TICKET_PREFIX = "ticketPrefix";
  public static final String CREATED_AT = "createdAt";
  /** Console command (LGPD right to erasure): {@code true} erases everything that identifies the customer. */
  public static final String ERASE = "erase";
  /** The tombstone an erasure leaves. */
  public static final String ERASED_AT = "erasedAt";
  /** {@code {status, error, at, tickets}}: {@code status} is {@code done} or {@code failed} (then {@code error} says why). */
  public static final String ERASURE = "erasure";
  public static final String ERASURE_STATUS = "status";
  public static final String ERASURE_DONE = "done";
  public static final String ERASURE_FAILED = "failed";
  public static final String ERASURE_ERROR = "error";
  public static final String ERASURE_AT = "at";
  public static final String ERASURE_TICKETS = "tickets";
  public static final String UPDATED_AT = "updatedAt";

  private CustomerSchema() {}
}
