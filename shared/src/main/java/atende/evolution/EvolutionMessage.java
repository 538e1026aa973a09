package atende.evolution;

import atende.privacy.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A WhatsApp message from a {@code messages.upsert} or {@code send.message} event, normalised
 * across Evolution versions.
 *
 * @param keyId         {@code data.key.id}; the idempotency key
 * @param chatJid       {@code data.key.remoteJid}: the chat (a person, a {@code @lid}, a group ...)
 * @param fromMe        sent from the instance's own number (by us through the API, or by a person on the phone)
 * @param phone         the customer's phone number, digits only; for groups the author's; null if unknown
 * @param lid           the chat's {@code @lid} JID when it uses LID addressing, else null
 * @param participant   the group author's JID, or null
 * @param pushName      the sender's display name, or null
 * @param type          what the message carries
 * @param text          the text a person wrote (body, caption, chosen list row, new text of an edit ...), or null;
 *                      a customer's with its secrets masked ({@code atende.privacy.Redaction})
 * @param media         the media reference for image/audio/video/document/sticker, else null; its caption masked as the text
 * @param redacted      what was masked in the text or caption; empty when nothing was
 * @param timestamp     when WhatsApp says it was sent, or null
 * @param rawStatus     {@code data.status} as sent (e.g. {@code SERVER_ACK}), or null
 * @param source        {@code data.source} ({@code android}, {@code ios}, {@code web}, {@code unknown} ...), or null
 * @param quotedKeyId   the key id of the message this one replies to, or null
 * @param notAnswerable why the AI must not answer it; empty for a customer message it may answer
 * @param payloadMedia  the media's bytes when the payload carried them ({@code data.message.base64}), else null;
 *                      in memory only, never persisted
 */
public record EvolutionMessage(
    String keyId,
    String chatJid,
    boolean fromMe,
    String phone,
    String lid,
    String participant,
    String pushName,
    MessageType type,
    String text,
    Set<Secret> redacted,
    Media media,
    Instant timestamp,
    String rawStatus,
    String source,
    String quotedKeyId,
    Optional<NotAnswerable> notAnswerable,
    PayloadMedia payloadMedia) {

  public EvolutionMessage {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(chatJid, "chatJid");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(notAnswerable, "notAnswerable");
    redacted = Set.copyOf(redacted);
  }

  /** {@code data.key}, as getBase64FromMediaMessage wants it back. */
  public MessageKey key() {
    return new MessageKey(keyId, chatJid, fromMe, participant);
  }
}
