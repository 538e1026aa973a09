package atende.conversation;

import static atende.platform.Firestores.await;
import static atende.platform.Firestores.createIfAbsent;

import atende.evolution.MessageType;
import atende.platform.Ids;
import atende.platform.Log;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Firestore access for customers, tickets, messages and the key index. Every write that must happen
 * once is a {@code create()} of a deterministic id, the one guarantee both Firestore and the local
 * emulator enforce (docs/reference/gcp.md), so concurrent and repeated deliveries are safe
 * without transactions.
 */
public final class TicketStore {
  /**
   * Who writes to us: one customer per instance and phone (or LID when no phone is known);
   * {@code customerId} is the keyed hash of the two ({@code atende.platform.ContactIds}).
   */
  public record Contact(String instance, String customerId, String jid, String phone, String name) {}

  public record TicketRef(String ticketId, String customerId, TicketStatus status, boolean aiPaused, boolean created) {}

  public record KeyEntry(String ticketId, String messageId, Direction direction) {}

  private final Firestore db;
  private final Clock clock;

  public TicketStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }


  /**
   * The code's clock (the emulator drops server timestamps), in microseconds and strictly increasing
   * within this instance: every ticket write of ours moves {@code updatedAt}, which is how a console
   * edit (which leaves it alone) is told apart from our own writes.
   */
  public Timestamp now() {
    Instant instant = clock.instant();
    long micros = instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    return Timestamp.ofTimeMicroseconds(LAST_MICROS.accumulateAndGet(micros, (last, next) -> Math.max(last + 1, next)));
  }

  private static final AtomicLong LAST_MICROS = new AtomicLong();

  /**
   * The AI reply {@code replyId} is still unsent after {@code failedResends} resends: FollowUpSweep tries
   * again after {@code pause}.
   */
  public void awaitResend(String ticketId, String replyId, int failedResends, java.time.Duration pause) {
    Timestamp now = now();
    Timestamp due = Timestamp.ofTimeMicroseconds(now.getSeconds() * 1_000_000 + now.getNanos() / 1_000 + pause.toNanos() / 1_000);
    update(ticketId, TicketSchema.UNSENT_REPLY, replyId, TicketSchema.RESEND_DUE_AT, due, TicketSchema.RESENDS, failedResends,
        TicketSchema.RESEND_DROPPED, null);
  }

  public DocumentReference ticket(String ticketId) {
    return db.collection(TicketSchema.COLLECTION).document(ticketId);
  }

  /**
   * Every write of ours to a ticket goes through here (or {@link #update(WriteBatch, String, Map)}): it
   * always moves {@code updatedAt}, which is how TicketEdited tells our writes from a person's console
   * edit. Field names may be dotted paths ({@code escalation.notifiedAt}).
   */
  public void update(String ticketId, Map<String, Object> fields) {
    await(ticket(ticketId).update(withUpdatedAt(fields)));
  }

  /**
   * The customer wrote back: {@code fields}, and status {@code open} only if the ticket is still waiting for
   * them. Checked in a transaction, because between the webhook's read and this write a turn or a person may
   * have escalated or taken over the ticket, and a plain write of {@code open} would undo that.
   */
  public void reopenIfWaiting(String ticketId, Map<String, Object> fields) {
    DocumentReference ref = ticket(ticketId);
    await(db.runTransaction(tx -> {
      DocumentSnapshot current = tx.get(ref).get();
      Map<String, Object> all = new LinkedHashMap<>(fields);
      if (TicketStatus.WAITING_CUSTOMER.wire().equals(current.getString(TicketSchema.STATUS))) {
        all.put(TicketSchema.STATUS, TicketStatus.OPEN.wire());
      }
      tx.update(ref, withUpdatedAt(all));
      return null;
    }));
  }

  /** {@link #update(String, Map)} with alternating field names and values (values may be null). */
  public void update(String ticketId, Object... fieldsAndValues) {
    update(ticketId, pairs(fieldsAndValues));
  }

  /** The same write, as part of a batch. */
  public void update(WriteBatch batch, String ticketId, Map<String, Object> fields) {
    batch.update(ticket(ticketId), withUpdatedAt(fields));
  }

  private Map<String, Object> withUpdatedAt(Map<String, Object> fields) {
    Map<String, Object> all = new LinkedHashMap<>(fields);
    all.put(TicketSchema.UPDATED_AT, now());
    return all;
  }

  private static Map<String, Object> pairs(Object... fieldsAndValues) {
    if (fieldsAndValues.length % 2 != 0) throw new IllegalArgumentException("field names and values must alternate");
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) fields.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
    return fields;
  }

  public DocumentReference message(String ticketId, String messageId) {
    return ticket(ticketId).collection(TicketSchema.MESSAGES).document(messageId);
  }

  /**
   * The customer's open ticket, creating the customer and a ticket when needed. Tickets are numbered
   * per customer; the customer document keeps a hint of the latest number and we probe upwards, so
   * twenty concurrent first messages agree on one ticket and a message after {@code resolved} opens
   * the next one.
   */
  public TicketRef openTicket(Contact contact) {
    String customerId = contact.customerId();
    DocumentReference customerRef = db.collection(CustomerSchema.COLLECTION).document(customerId);
    CustomerTickets customer = ensureCustomer(customerRef, contact);
    long sequence = customer.sequence();
    while (true) {
      String ticketId = Ids.ticket(customer.prefix(), sequence);
      DocumentSnapshot ticket = await(ticket(ticketId).get());
      if (!ticket.exists()) {
        if (createIfAbsent(ticket(ticketId).create(newTicket(contact, customerId, sequence)))) {
          await(customerRef.update(Map.of(CustomerSchema.TICKET_SEQ, sequence, CustomerSchema.OPEN_TICKET_ID, ticketId,
              CustomerSchema.UPDATED_AT, now())));
          Log.info("ticket.opened", "instance", contact.instance(), "ticketId", ticketId);
          return new TicketRef(ticketId, customerId, TicketStatus.OPEN, false, true);
        }
        continue; // a concurrent delivery created it first: read it
      }
      TicketStatus status = status(ticket);
      if (!status.finished()) {
        return new TicketRef(ticketId, customerId, status, Boolean.TRUE.equals(ticket.getBoolean(TicketSchema.AI_PAUSED)), false);
      }
      sequence++;
    }
  }

  /** The customer's most recent ticket, open or finished; empty for someone we have never talked to. */
  public Optional<String> latestTicketId(Contact contact) {
    DocumentSnapshot customer = await(db.collection(CustomerSchema.COLLECTION).document(contact.customerId()).get());
    return Optional.ofNullable(customer.getString(CustomerSchema.OPEN_TICKET_ID));
  }

  /** {@code latest} and the ticket before it ({@code <ticketPrefix>-<n>}, {@code -<n-1>}), newest first. */
  public static java.util.List<String> latestTwo(String latest) {
    int dash = latest.lastIndexOf('-');
    long n = Long.parseLong(latest.substring(dash + 1));
    return n > 1 ? java.util.List.of(latest, Ids.ticket(latest.substring(0, dash), n - 1)) : java.util.List.of(latest);
  }

  /** How long after the NPS question a bare number still counts as its answer. */
  static final java.time.Duration RATING_WINDOW = java.time.Duration.ofDays(3);

  /**
   * The customer's latest ticket when it is finished, was asked the NPS question recently and has no
   * answer yet; empty otherwise (then a number is an ordinary message on a new ticket).
   */
  public Optional<String> ticketAwaitingRating(Contact contact) {
    Optional<String> latestId = latestTicketId(contact);
    if (latestId.isEmpty()) return Optional.empty();
    String latest = latestId.get();
    DocumentSnapshot ticket = await(ticket(latest).get());
    Timestamp asked = ticket.getTimestamp(TicketSchema.NPS_ASKED_AT);
    boolean finished = ticket.exists() && status(ticket).finished();
    boolean recent = asked != null && asked.toDate().toInstant().plus(RATING_WINDOW).isAfter(clock.instant());
    return finished && recent && ticket.get(TicketSchema.NPS) == null ? Optional.of(latest) : Optional.empty();
  }

  private static TicketStatus status(DocumentSnapshot ticket) {
    return WireEnum.parse(TicketStatus.class, ticket.getString(TicketSchema.STATUS)).orElse(TicketStatus.OPEN);
  }

  /** Where a customer's tickets are numbered: their id prefix and the sequence to probe from. */
  private record CustomerTickets(String prefix, long sequence) {
    static CustomerTickets of(DocumentSnapshot customer) {
      Long hint = customer.getLong(CustomerSchema.TICKET_SEQ);
      return new CustomerTickets(customer.getString(CustomerSchema.TICKET_PREFIX), hint == null ? 1 : hint);
    }
  }

  /**
   * The customer document, created on first contact with a random ticket prefix. One without a prefix
   * is an erased customer's tombstone, or a customer an operator created (a VIP before the first
   * message): the missing fields are added, in a transaction so two first messages agree on one prefix
   * (create() cannot help: the document exists). An erased customer so starts afresh.
   */
  private CustomerTickets ensureCustomer(DocumentReference customerRef, Contact contact) {
    DocumentSnapshot customer = await(customerRef.get());
    if (customer.exists() && customer.getString(CustomerSchema.TICKET_PREFIX) != null) return CustomerTickets.of(customer);
    Map<String, Object> fields = newCustomer(contact);
    if (!customer.exists()) {
      if (createIfAbsent(customerRef.create(fields))) return CustomerTickets.of(await(customerRef.get()));
      return ensureCustomer(customerRef, contact); // a concurrent first message created it: use its prefix
    }
    return await(db.runTransaction(tx -> {
      DocumentSnapshot current = tx.get(customerRef).get();
      if (current.getString(CustomerSchema.TICKET_PREFIX) != null) return CustomerTickets.of(current);
      Map<String, Object> missing = new HashMap<>(fields);
      missing.keySet().removeIf(field -> current.get(field) != null && !field.equals(CustomerSchema.TICKET_SEQ));
      tx.set(customerRef, missing, SetOptions.merge());
      Log.info("customer.restarted", "instance", contact.instance(), "customerId", customerRef.getId());
      return new CustomerTickets((String) fields.get(CustomerSchema.TICKET_PREFIX), 1);
    }));
  }

  private Map<String, Object> newCustomer(Contact contact) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(CustomerSchema.INSTANCE, contact.instance());
    fields.put(CustomerSchema.JID, contact.jid());
    fields.put(CustomerSchema.PHONE, contact.phone());
    fields.put(CustomerSchema.NAME, contact.name());
    fields.put(CustomerSchema.TIER, CustomerSchema.TIER_STANDARD);
    fields.put(CustomerSchema.TICKET_PREFIX, Ids.ticketPrefix(contact.instance()));
    fields.put(CustomerSchema.TICKET_SEQ, 1L);
    fields.put(CustomerSchema.CREATED_AT, now());
    fields.put(CustomerSchema.UPDATED_AT, now());
    return fields;
  }

  private Map<String, Object> newTicket(Contact contact, String customerId, long sequence) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(TicketSchema.INSTANCE, contact.instance());
    fields.put(TicketSchema.CUSTOMER_ID, customerId);
    fields.put(TicketSchema.CUSTOMER_JID, contact.jid());
    fields.put(TicketSchema.CUSTOMER_PHONE, contact.phone());
    fields.put(TicketSchema.CUSTOMER_NAME, contact.name());
    fields.put(TicketSchema.SEQUENCE, sequence);
    fields.put(TicketSchema.STATUS, TicketStatus.OPEN.wire());
    fields.put(TicketSchema.AI_PAUSED, false);
    Timestamp created = now();
    fields.put(TicketSchema.CREATED_AT, created);
    fields.put(TicketSchema.UPDATED_AT, created);
    fields.put(TicketSchema.RETENTION_DUE_AT, Timestamp.ofTimeSecondsAndNanos(created.getSeconds() + FIRST_RETENTION_CHECK.toSeconds(), 0));
    return fields;
  }

  /** A new ticket's first retention check: the shortest retention is a day (atende.followup.Retention). */
  static final java.time.Duration FIRST_RETENTION_CHECK = java.time.Duration.ofDays(1);

  /**
   * The one place an outbound message's status moves: forward only (sending → sent → delivered → read,
   * or failed), because Evolution's echo, its HTTP answer and its receipts arrive in any order. Writes
   * {@code status}, {@code <status>At} and {@code extra}; returns false when the message is gone or
   * already further on (then nothing is written).
   */
  public boolean advance(String ticketId, String messageId, MessageStatus next, Map<String, Object> extra) {
    DocumentReference ref = message(ticketId, messageId);
    DocumentSnapshot current = await(ref.get());
    if (!current.exists()) return false;
    MessageStatus now = WireEnum.parse(MessageStatus.class, current.getString(MessageSchema.STATUS)).orElse(MessageStatus.SENDING);
    if (next.outboundRank() <= now.outboundRank()) return false;
    Map<String, Object> update = new LinkedHashMap<>(extra);
    update.put(MessageSchema.STATUS, next.wire());
    update.put(MessageSchema.reachedAt(next), now());
    await(ref.update(update));
    return true;
  }

  /** Writes a message whatever is there (a claimed resend after a failed attempt). */
  public void putMessage(String ticketId, String messageId, Map<String, Object> fields) {
    await(message(ticketId, messageId).set(fields));
  }

  /** Stores a message once; false when a message with that id is already there (a redelivery). */
  public boolean createMessage(String ticketId, String messageId, Map<String, Object> fields) {
    return createIfAbsent(message(ticketId, messageId).create(fields));
  }

  public Optional<KeyEntry> findKey(String instance, String keyId) {
    DocumentSnapshot entry = await(db.collection(MessageKeySchema.COLLECTION).document(Ids.messageKey(instance, keyId)).get());
    if (!entry.exists()) return Optional.empty();
    return Optional.of(new KeyEntry(entry.getString(MessageKeySchema.TICKET_ID), entry.getString(MessageKeySchema.MESSAGE_ID),
        WireEnum.parse(Direction.class, entry.getString(MessageKeySchema.DIRECTION)).orElse(Direction.INBOUND)));
  }

  /** Records where a key id lives, and the message's type (the metrics count media by it); false when it was already indexed. */
  public boolean indexKey(String instance, String keyId, KeyEntry entry, MessageType type) {
    return createIfAbsent(db.collection(MessageKeySchema.COLLECTION).document(Ids.messageKey(instance, keyId)).create(Map.of(
        MessageKeySchema.INSTANCE, instance,
        MessageKeySchema.TICKET_ID, entry.ticketId(),
        MessageKeySchema.MESSAGE_ID, entry.messageId(),
        MessageKeySchema.DIRECTION, entry.direction().wire(),
        MessageKeySchema.TYPE, type.wire(),
        MessageKeySchema.CREATED_AT, now())));
  }
}
