package atende.evolution;

import java.util.Objects;
import java.util.Optional;

/** One Evolution webhook delivery, reduced to what Atende acts on. */
public sealed interface WebhookEvent {

  /** The envelope's {@code instance}: the instance name, which is the tenant key. */
  String instance();

  /** The event name, dotted and lower-case ({@code MESSAGES_UPSERT} arrives as {@code messages.upsert}). */
  String event();

  /** {@code messages.upsert}: a message in one of the instance's chats, inbound or typed by a person on the phone. */
  record MessageUpsert(String instance, String event, EvolutionMessage message) implements WebhookEvent {
    public MessageUpsert {
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(message, "message");
    }
  }

  /** {@code send.message}: a message sent through the API (by us) coming back. */
  record SendEcho(String instance, String event, EvolutionMessage message) implements WebhookEvent {
    public SendEcho {
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * {@code messages.update}: the delivery status of a message changed. {@code remoteJid} may be a
   * {@code @lid} even when the message went to a phone JID, so correlate on {@code keyId}. Older
   * servers send edits with no status at all ({@code status} empty); 2.3.x reports an edit as
   * {@link DeliveryStatus#DELETED}.
   */
  record StatusUpdate(
      String instance,
      String event,
      String keyId,
      String remoteJid,
      boolean fromMe,
      Optional<DeliveryStatus> status)
      implements WebhookEvent {
    public StatusUpdate {
      Objects.requireNonNull(instance, "instance");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Any other event (connection.update, chats.*, contacts.*, qrcode.updated, messages.edited,
   * messages.delete, unknown names). Its data is not read; {@code instance} is null when absent.
   */
  record Other(String instance, String event) implements WebhookEvent {}
}
