package atende.local;

import static atende.platform.Firestores.await;

import atende.conversation.CustomerSchema;
import atende.conversation.MessageKeySchema;
import atende.conversation.MessageSchema;
import atende.conversation.TicketSchema;
import atende.escalation.EscalationSchema;
import atende.followup.SweepClaimSchema;
import atende.knowledge.KnowledgeGaps;
import atende.media.GcsMediaStorage;
import atende.media.MediaStorage;
import atende.media.MediaStorageException;
import atende.media.StoredMedia;
import atende.platform.ContactIds;
import atende.platform.Firestores;
import atende.platform.Ids;
import atende.platform.Secrets;
import atende.platform.Settings;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One-off migration of data written before ids were keyed hashes (docs/privacy.md): a customer
 * {@code <instance>_<phone>} and their tickets {@code <instance>_<phone>-<n>} — and every id built from a
 * ticket id (runs, our messages, escalations, media objects) — move to the keyed customer id and a
 * random ticket prefix, and every reference follows (message keys, escalations, knowledge gaps, the
 * {@code media.object} of a message). Copies are written before the originals are deleted, and a
 * customer's legacy document goes last, so a run that stops midway is finished by running it again.
 *
 * <p>{@code dev/migrate-ids} runs it with the deployment's settings ({@code GOOGLE_CLOUD_PROJECT},
 * {@code FIRESTORE_DATABASE}, {@code ATENDE_ID_KEY}, {@code ATENDE_MEDIA_BUCKET}).
 */
public final class IdMigration {
  /** What a run moved: {@code documents} besides customers and tickets (their messages, runs, claims, and what names them). */
  public record Report(int customers, int tickets, int documents, int mediaObjects) {}

  /** The sub-collections of a ticket and of an escalation (the code nests one level deep). */
  private static final List<String> TICKET_CHILDREN = List.of(TicketSchema.MESSAGES, TicketSchema.RUNS, SweepClaimSchema.COLLECTION);
  private static final List<String> ESCALATION_CHILDREN = List.of(EscalationSchema.SENDS, SweepClaimSchema.COLLECTION);

  private final Firestore db;
  private final ContactIds ids;
  private final MediaStorage media;
  private int customers;
  private int tickets;
  private int documents;
  private int mediaObjects;

  public IdMigration(Firestore db, ContactIds ids, MediaStorage media) {
    this.db = db;
    this.ids = ids;
    this.media = media;
  }

  public static void main(String[] args) {
    Settings settings = Settings.fromEnvironment();
    Secrets secrets = new Secrets(Clock.systemUTC());
    ContactIds ids = new ContactIds(() -> secrets.resolve(settings.idKey()
        .orElseThrow(() -> new IllegalStateException("ATENDE_ID_KEY is not set: the migration must use the deployment's key"))));
    Report report = new IdMigration(Firestores.client(settings), ids, GcsMediaStorage.of(settings)).run();
    System.out.println("migrated " + report);
  }

  public Report run() {
    for (QueryDocumentSnapshot customer : await(db.collection(CustomerSchema.COLLECTION).get()).getDocuments()) {
      legacyContactKey(customer).ifPresent(key -> migrate(customer, key));
    }
    return new Report(customers, tickets, documents, mediaObjects);
  }

  /** The phone (or LID) a legacy customer id was made of; empty for a customer already keyed, or not ours. */
  private Optional<String> legacyContactKey(DocumentSnapshot customer) {
    String instance = customer.getString(CustomerSchema.INSTANCE);
    if (instance == null || customer.getString(CustomerSchema.TICKET_PREFIX) != null) return Optional.empty();
    String head = Ids.slug(instance) + "_";
    if (!customer.getId().startsWith(head)) return Optional.empty();
    String key = customer.getId().substring(head.length());
    // A slugged key lost characters (a hash follows "~"): the phone field is the key then.
    if (key.contains("~")) key = customer.getString(CustomerSchema.PHONE);
    if (key == null || ids.customer(instance, key).equals(customer.getId())) return Optional.empty();
    return Optional.of(key);
  }

  private void migrate(DocumentSnapshot legacy, String contactKey) {
    String instance = legacy.getString(CustomerSchema.INSTANCE);
    String customerId = ids.customer(instance, contactKey);
    String prefix = Ids.ticketPrefix(instance);
    Map<String, String> renamed = new HashMap<>();
    for (QueryDocumentSnapshot ticket : await(db.collection(TicketSchema.COLLECTION)
        .whereEqualTo(TicketSchema.CUSTOMER_ID, legacy.getId()).get()).getDocuments()) {
      Long sequence = ticket.getLong(TicketSchema.SEQUENCE);
      String to = Ids.ticket(prefix, sequence == null ? renamed.size() + 1 : sequence);
      renamed.put(ticket.getId(), to);
      moveTicket(ticket, to, customerId);
    }
    DocumentReference target = db.collection(CustomerSchema.COLLECTION).document(customerId);
    if (!await(target.get()).exists()) {
      // Nobody wrote since the deploy: the customer keeps numbering under the new prefix.
      Map<String, Object> fields = new HashMap<>(legacy.getData());
      fields.put(CustomerSchema.TICKET_PREFIX, prefix);
      Object open = fields.get(CustomerSchema.OPEN_TICKET_ID);
      if (open instanceof String id && renamed.containsKey(id)) fields.put(CustomerSchema.OPEN_TICKET_ID, renamed.get(id));
      await(target.set(fields));
    } else if (CustomerSchema.TIER_VIP.equals(legacy.getString(CustomerSchema.TIER))) {
      // They wrote since the deploy and have a document (and ticket prefix) of their own: keep them VIP.
      await(target.update(CustomerSchema.TIER, CustomerSchema.TIER_VIP));
    }
    await(legacy.getReference().delete());
    customers++;
  }

  /** The ticket, its sub-collections, and everything that names it, under {@code to}; then the originals go. */
  private void moveTicket(DocumentSnapshot ticket, String to, String customerId) {
    String from = ticket.getId();
    Map<String, Object> fields = renamed(ticket.getData(), from, to);
    fields.put(TicketSchema.CUSTOMER_ID, customerId);
    // Written before retention existed: due at once, so the next sweep applies the instance's retention.
    if (fields.get(TicketSchema.RETENTION_DUE_AT) == null && fields.get(TicketSchema.CREATED_AT) != null) {
      fields.put(TicketSchema.RETENTION_DUE_AT, fields.get(TicketSchema.CREATED_AT));
    }
    DocumentReference copy = db.collection(TicketSchema.COLLECTION).document(to);
    List<DocumentReference> originals = new ArrayList<>();
    for (String child : TICKET_CHILDREN) {
      for (QueryDocumentSnapshot doc : await(ticket.getReference().collection(child).get()).getDocuments()) {
        Map<String, Object> data = renamed(doc.getData(), from, to);
        if (child.equals(TicketSchema.MESSAGES)) moveMedia(doc, from, to);
        await(copy.collection(child).document(doc.getId().replace(from, to)).set(data));
        originals.add(doc.getReference());
        documents++;
      }
    }
    await(copy.set(fields));
    for (QueryDocumentSnapshot key : await(db.collection(MessageKeySchema.COLLECTION)
        .whereEqualTo(MessageKeySchema.TICKET_ID, from).get()).getDocuments()) {
      await(key.getReference().set(renamed(key.getData(), from, to)));
      documents++;
    }
    for (QueryDocumentSnapshot escalation : await(db.collection(EscalationSchema.COLLECTION)
        .whereEqualTo(EscalationSchema.TICKET_ID, from).get()).getDocuments()) {
      DocumentReference moved = db.collection(EscalationSchema.COLLECTION).document(escalation.getId().replace(from, to));
      for (String child : ESCALATION_CHILDREN) {
        for (QueryDocumentSnapshot doc : await(escalation.getReference().collection(child).get()).getDocuments()) {
          await(moved.collection(child).document(doc.getId().replace(from, to)).set(renamed(doc.getData(), from, to)));
          originals.add(doc.getReference());
          documents++;
        }
      }
      await(moved.set(renamed(escalation.getData(), from, to)));
      originals.add(escalation.getReference());
      documents++;
    }
    for (QueryDocumentSnapshot gap : await(db.collection(KnowledgeGaps.COLLECTION)
        .whereArrayContains(KnowledgeGaps.TICKET_IDS, from).get()).getDocuments()) {
      await(gap.getReference().set(renamed(gap.getData(), from, to)));
      documents++;
    }
    for (DocumentReference original : originals) await(original.delete());
    await(ticket.getReference().delete());
    tickets++;
  }

  /** A message's media object is named after its ticket: copied under the new name, the old one deleted. */
  private void moveMedia(DocumentSnapshot message, String from, String to) {
    Optional<StoredMedia> stored = MessageSchema.storedObject(message.getData());
    if (stored.isEmpty() || !stored.get().uri().contains("/" + from + "/")) return;
    StoredMedia old = stored.get();
    try {
      media.put(old.objectName().replace(from, to), media.get(old), old.mimetype());
    } catch (MediaStorageException e) {
      if (e.kind() != MediaStorageException.Kind.NOT_FOUND) throw e;
      return; // the bucket's lifecycle rule deleted it already
    }
    media.delete(old);
    mediaObjects++;
  }

  /** The fields with every occurrence of the old ticket id in a string (ids built from it included) replaced. */
  @SuppressWarnings("unchecked")
  static <T> T renamed(T value, String from, String to) {
    return (T) switch (value) {
      case String s -> s.replace(from, to);
      case Map<?, ?> map -> {
        Map<String, Object> out = new HashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), renamed(v, from, to)));
        yield out;
      }
      case List<?> list -> list.stream().map(v -> renamed(v, from, to)).toList();
      case null, default -> value;
    };
  }
}
