package atende.conversation;

import static atende.platform.Firestores.await;

import atende.evolution.DeliveryStatus;
import atende.evolution.EvolutionMessage;
import atende.evolution.Media;
import atende.evolution.MessageKey;
import atende.evolution.NotAnswerable;
import atende.evolution.PayloadMedia;
import atende.evolution.WebhookEvent;
import atende.media.MediaStorage;
import atende.media.ObjectNames;
import atende.media.StoredMedia;
import atende.platform.ContactIds;
import atende.platform.Log;
import com.google.cloud.firestore.DocumentSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The webhook's domain: turns a parsed Evolution event into stored tickets and messages, exactly once
 * per key id. It decides what is a customer message, our own echo, a human operator, or a receipt.
 */
public final class Intake {
  private final TicketStore store;
  private final Instances instances;
  private final MediaStorage mediaStorage;
  private final ContactIds contactIds;

  public Intake(TicketStore store, Instances instances, MediaStorage mediaStorage, ContactIds contactIds) {
    this.store = store;
    this.instances = instances;
    this.mediaStorage = mediaStorage;
    this.contactIds = contactIds;
  }

  public IntakeOutcome accept(WebhookEvent event) {
    return switch (event) {
      case WebhookEvent.MessageUpsert upsert when upsert.message().fromMe() -> fromUs(upsert.instance(), upsert.message());
      case WebhookEvent.MessageUpsert upsert -> fromCustomer(upsert.instance(), upsert.message());
      case WebhookEvent.SendEcho echo -> fromUs(echo.instance(), echo.message());
      case WebhookEvent.StatusUpdate update -> receipt(update);
      case WebhookEvent.Other other -> new IntakeOutcome.Ignored("event " + other.event());
    };
  }

  private IntakeOutcome fromCustomer(String instance, EvolutionMessage message) {
    Optional<NotAnswerable> never = message.notAnswerable();
    InstanceSettings settings = instances.get(instance);
    if (never.isPresent() && !(never.get() == NotAnswerable.GROUP && !settings.ignoreGroups())) {
      return new IntakeOutcome.Ignored(never.get().wire());
    }
    if (settings.isEscalationTarget(message.chatJid(), message.phone())) return new IntakeOutcome.Ignored("escalation target");
    Optional<TicketStore.KeyEntry> known = store.findKey(instance, message.keyId());
    if (known.isPresent()) return new IntakeOutcome.Duplicate(known.get().ticketId(), known.get().messageId());

    OptionalInt rating = NpsAnswer.parse(message.text());
    if (rating.isPresent()) {
      Optional<String> rated = store.ticketAwaitingRating(contactOf(instance, message));
      if (rated.isPresent()) return rating(instance, message, rated.get(), rating.getAsInt());
    }
    TicketStore.TicketRef ticket = store.openTicket(contactOf(instance, message));
    Map<String, Object> fields = messageFields(instance, message, Direction.INBOUND, Author.CUSTOMER, MessageStatus.RECEIVED);
    if (message.media() != null) fields.put(MessageSchema.MEDIA, storedMedia(instance, ticket.ticketId(), message));
    if (!store.createMessage(ticket.ticketId(), message.keyId(), fields)) {
      return new IntakeOutcome.Duplicate(ticket.ticketId(), message.keyId());
    }
    store.indexKey(instance, message.keyId(), new TicketStore.KeyEntry(ticket.ticketId(), message.keyId(), Direction.INBOUND), message.type());
    Map<String, Object> touch = new HashMap<>();
    touch.put(TicketSchema.LAST_INBOUND_AT, store.now());
    if (message.pushName() != null) touch.put(TicketSchema.CUSTOMER_NAME, message.pushName());
    if (ticket.status() == TicketStatus.WAITING_CUSTOMER) {
      store.reopenIfWaiting(ticket.ticketId(), touch);
    } else {
      store.update(ticket.ticketId(), touch);
    }
    Log.info("message.stored", "instance", instance, "ticketId", ticket.ticketId(), "keyId", message.keyId(),
        "type", message.type().wire(), "phone", Log.mask(message.phone()), "newTicket", ticket.created());
    return new IntakeOutcome.Stored(ticket.ticketId(), message.keyId());
  }

  /**
   * Puts the payload's media bytes in the media storage before the message is created, so the turn its
   * creation triggers finds {@code media.object}. A failure loses nothing: the message is stored with
   * {@code media.storeError} and its fetch info, and the turn fetches the bytes from Evolution.
   */
  private Map<String, Object> storedMedia(String instance, String ticketId, EvolutionMessage message) {
    Map<String, Object> media = mediaFields(message.key(), message.media());
    switch (message.payloadMedia()) {
      case null -> {}
      case PayloadMedia.Unusable unusable -> Log.warn("media.payload_unusable", "instance", instance, "ticketId", ticketId,
          "keyId", message.keyId(), "reason", unusable.reason());
      case PayloadMedia.Bytes payload -> {
        String mimetype = message.media().mimetype();
        long started = System.nanoTime();
        try {
          StoredMedia stored = mediaStorage.put(ObjectNames.forMessage(instance, ticketId, message.keyId(), mimetype),
              payload.bytes(), mimetype);
          long millis = (System.nanoTime() - started) / 1_000_000;
          media.put(MessageSchema.MEDIA_OBJECT, stored.uri());
          media.put(MessageSchema.MEDIA_SIZE, stored.size());
          media.put(MessageSchema.MEDIA_STORED_AT, store.now());
          media.put(MessageSchema.MEDIA_STORE_MS, millis);
          Log.info("media.stored", "instance", instance, "ticketId", ticketId, "keyId", message.keyId(),
              "bytes", stored.size(), "storeMs", millis);
        } catch (RuntimeException e) {
          String error = e.getClass().getSimpleName() + ": " + e.getMessage();
          media.put(MessageSchema.MEDIA_STORE_ERROR, error.length() > 300 ? error.substring(0, 300) : error);
          Log.error("media.store_failed", e, "instance", instance, "ticketId", ticketId, "keyId", message.keyId());
        }
      }
    }
    return media;
  }

  /**
   * The answer to the NPS question of a resolved ticket: stored there with {@code npsScore} (for
   * {@code ProcessMessage} to thank), and the score on the ticket ({@code nps}) for the metrics.
   */
  private IntakeOutcome rating(String instance, EvolutionMessage message, String ticketId, int score) {
    Map<String, Object> fields = messageFields(instance, message, Direction.INBOUND, Author.CUSTOMER, MessageStatus.RECEIVED);
    fields.put(MessageSchema.NPS_SCORE, score);
    if (!store.createMessage(ticketId, message.keyId(), fields)) return new IntakeOutcome.Duplicate(ticketId, message.keyId());
    store.indexKey(instance, message.keyId(), new TicketStore.KeyEntry(ticketId, message.keyId(), Direction.INBOUND), message.type());
    store.update(ticketId, TicketSchema.NPS, score, TicketSchema.NPS_ANSWERED_AT, store.now(), TicketSchema.LAST_INBOUND_AT, store.now());
    Log.info("ticket.rated", "instance", instance, "ticketId", ticketId, "nps", score);
    return new IntakeOutcome.Stored(ticketId, message.keyId());
  }

  /**
   * A {@code fromMe} message: our own send coming back (matched by key id, or by text while our send is
   * still pending — Evolution can echo before it answers us), or else a person typing on the business
   * phone, which hands the ticket to humans.
   */
  private IntakeOutcome fromUs(String instance, EvolutionMessage message) {
    Optional<TicketStore.KeyEntry> known = store.findKey(instance, message.keyId());
    if (known.isPresent()) {
      TicketStore.KeyEntry entry = known.get();
      // A person's message is stored under its own key id; ours under the run's id.
      if (entry.messageId().equals(message.keyId())) return new IntakeOutcome.Duplicate(entry.ticketId(), entry.messageId());
      store.advance(entry.ticketId(), entry.messageId(), MessageStatus.SENT, Map.of());
      return new IntakeOutcome.Echo(entry.ticketId(), entry.messageId());
    }
    if (message.notAnswerable().isPresent() && message.notAnswerable().get() != NotAnswerable.EMPTY) {
      return new IntakeOutcome.Ignored("own " + message.notAnswerable().get().wire());
    }
    // Our escalation notice to the team (its echo can beat sendText's answer, so its key is not indexed yet).
    if (instances.get(instance).isEscalationTarget(message.chatJid(), message.phone())) {
      return new IntakeOutcome.Ignored("escalation target");
    }
    // Our send may belong to a ticket that is already finished (the NPS question, a closing message):
    // look for it on the customer's latest ticket before opening a new one.
    // The customer may even have opened a new ticket meanwhile, so the one before counts too.
    Optional<String> latest = store.latestTicketId(contactOf(instance, message));
    for (String candidate : latest.map(TicketStore::latestTwo).orElse(List.of())) {
      Optional<DocumentSnapshot> pending = pendingSend(candidate, message.text());
      if (pending.isPresent()) return confirmEcho(instance, message, candidate, pending.get());
    }
    TicketStore.TicketRef ticket = store.openTicket(contactOf(instance, message));
    Optional<DocumentSnapshot> pending = latest.map(TicketStore::latestTwo).orElse(List.of()).contains(ticket.ticketId())
        ? Optional.empty() : pendingSend(ticket.ticketId(), message.text());
    if (pending.isPresent()) return confirmEcho(instance, message, ticket.ticketId(), pending.get());
    Map<String, Object> fields = messageFields(instance, message, Direction.OUTBOUND, Author.HUMAN, MessageStatus.SENT);
    boolean created = store.createMessage(ticket.ticketId(), message.keyId(), fields);
    store.indexKey(instance, message.keyId(), new TicketStore.KeyEntry(ticket.ticketId(), message.keyId(), Direction.OUTBOUND), message.type());
    if (!created) return new IntakeOutcome.Duplicate(ticket.ticketId(), message.keyId());
    store.update(ticket.ticketId(), TicketSchema.STATUS, TicketStatus.HUMAN.wire(),
        TicketSchema.AI_PAUSED, true,
        TicketSchema.HUMAN_TAKEOVER_AT, store.now(),
        TicketSchema.LAST_OUTBOUND_AT, store.now());
    Log.info("ticket.human_takeover", "instance", instance, "ticketId", ticket.ticketId(), "keyId", message.keyId());
    return new IntakeOutcome.HumanTakeover(ticket.ticketId(), message.keyId());
  }

  private IntakeOutcome confirmEcho(String instance, EvolutionMessage message, String ticketId, DocumentSnapshot pending) {
    store.advance(ticketId, pending.getId(), MessageStatus.SENT, Map.of(MessageSchema.EVOLUTION_KEY_ID, message.keyId()));
    store.indexKey(instance, message.keyId(), new TicketStore.KeyEntry(ticketId, pending.getId(), Direction.OUTBOUND), message.type());
    return new IntakeOutcome.Echo(ticketId, pending.getId());
  }

  /** Our outbound message still waiting for Evolution's answer whose text matches the echo. */
  private Optional<DocumentSnapshot> pendingSend(String ticketId, String text) {
    if (text == null) return Optional.empty();
    List<? extends DocumentSnapshot> sending = await(store.ticket(ticketId).collection(TicketSchema.MESSAGES)
        .whereEqualTo(MessageSchema.STATUS, MessageStatus.SENDING.wire())
        .get()).getDocuments();
    return sending.stream()
        .filter(doc -> Direction.OUTBOUND.wire().equals(doc.getString(MessageSchema.DIRECTION)) && text.equals(doc.getString(MessageSchema.TEXT)))
        .map(doc -> (DocumentSnapshot) doc)
        .findFirst();
  }

  private IntakeOutcome receipt(WebhookEvent.StatusUpdate update) {
    Optional<TicketStore.KeyEntry> known = store.findKey(update.instance(), update.keyId());
    if (known.isEmpty() || known.get().direction() != Direction.OUTBOUND) {
      return new IntakeOutcome.Ignored(known.isEmpty() ? "unknown key" : "receipt for an inbound message");
    }
    Optional<MessageStatus> status = update.status().flatMap(Intake::outboundStatus);
    if (status.isEmpty()) return new IntakeOutcome.Ignored("receipt without a delivery status");
    store.advance(known.get().ticketId(), known.get().messageId(), status.get(), Map.of());
    return new IntakeOutcome.StatusUpdated(known.get().ticketId(), known.get().messageId(), status.get());
  }

  static Optional<MessageStatus> outboundStatus(DeliveryStatus status) {
    return switch (status) {
      case SERVER_ACK -> Optional.of(MessageStatus.SENT);
      case DELIVERY_ACK -> Optional.of(MessageStatus.DELIVERED);
      case READ, PLAYED -> Optional.of(MessageStatus.READ);
      case ERROR -> Optional.of(MessageStatus.FAILED);
      case PENDING, DELETED -> Optional.empty(); // DELETED also follows an edit in 2.3.x: not a delivery fact
    };
  }

  private TicketStore.Contact contactOf(String instance, EvolutionMessage message) {
    String key = message.phone() != null ? message.phone() : message.lid() != null ? message.lid() : message.chatJid();
    return new TicketStore.Contact(instance, contactIds.customer(instance, key), message.chatJid(), message.phone(), message.fromMe() ? null : message.pushName());
  }

  private Map<String, Object> messageFields(String instance, EvolutionMessage message, Direction direction, Author author,
      MessageStatus status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(MessageSchema.INSTANCE, instance);
    fields.put(MessageSchema.DIRECTION, direction.wire());
    fields.put(MessageSchema.AUTHOR, author.wire());
    fields.put(MessageSchema.TYPE, message.type().wire());
    fields.put(MessageSchema.TEXT, message.text());
    if (!message.redacted().isEmpty()) fields.put(MessageSchema.REDACTED, atende.privacy.Secret.wire(message.redacted()));
    fields.put(MessageSchema.EVOLUTION_KEY_ID, message.keyId());
    fields.put(MessageSchema.CHAT_JID, message.chatJid());
    fields.put(MessageSchema.TIMESTAMP, message.timestamp() == null ? store.now()
        : com.google.cloud.Timestamp.ofTimeSecondsAndNanos(message.timestamp().getEpochSecond(), message.timestamp().getNano()));
    fields.put(MessageSchema.CREATED_AT, store.now());
    fields.put(MessageSchema.STATUS, status.wire());
    if (message.pushName() != null && !message.fromMe()) fields.put(MessageSchema.PUSH_NAME, message.pushName());
    if (message.quotedKeyId() != null) fields.put(MessageSchema.QUOTED_KEY_ID, message.quotedKeyId());
    if (message.source() != null) fields.put(MessageSchema.SOURCE, message.source());
    Media media = message.media();
    if (media != null) fields.put(MessageSchema.MEDIA, mediaFields(message.key(), media));
    return fields;
  }

  /** A description, and what getBase64FromMediaMessage needs to fetch the media later; never the bytes. */
  private static Map<String, Object> mediaFields(MessageKey key, Media media) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (media.mimetype() != null) fields.put(MessageSchema.MEDIA_MIMETYPE, media.mimetype());
    if (media.caption() != null) fields.put(MessageSchema.MEDIA_CAPTION, media.caption());
    if (media.seconds() != null) fields.put(MessageSchema.MEDIA_SECONDS, media.seconds());
    if (media.fileName() != null) fields.put(MessageSchema.MEDIA_FILE_NAME, media.fileName());
    if (media.fileLength() != null) fields.put(MessageSchema.MEDIA_FILE_LENGTH, media.fileLength());
    if (media.ptt() != null) fields.put(MessageSchema.MEDIA_PTT, media.ptt());
    if (media.url() != null) fields.put(MessageSchema.MEDIA_URL, media.url());
    if (media.directPath() != null) fields.put(MessageSchema.MEDIA_DIRECT_PATH, media.directPath());
    fields.put(MessageSchema.MEDIA_KEY, key.toMap());
    fields.put(MessageSchema.MEDIA_NODE, media.node());
    return fields;
  }
}
