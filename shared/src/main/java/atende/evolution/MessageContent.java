package atende.evolution;

import static atende.evolution.MessageType.AUDIO;
import static atende.evolution.MessageType.CONTACT;
import static atende.evolution.MessageType.DOCUMENT;
import static atende.evolution.MessageType.IMAGE;
import static atende.evolution.MessageType.LOCATION;
import static atende.evolution.MessageType.OTHER;
import static atende.evolution.MessageType.STICKER;
import static atende.evolution.MessageType.TEXT;
import static atende.evolution.MessageType.VIDEO;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a WhatsApp {@code message} object carries, once wrappers are peeled off.
 *
 * @param body         the content object that decided the type (e.g. the {@code imageMessage}), or null
 * @param type         the message type
 * @param text         what a person wrote, or null
 * @param media        the media reference for media types, else null
 * @param neverAnswer  a reason from the content alone (reaction, edit ...), or null
 */
record MessageContent(JsonNode body, MessageType type, String text, Media media, NotAnswerable neverAnswer) {

  /** Containers whose {@code .message} is the real message; they can nest (ephemeral → viewOnce → ...). */
  private static final List<String> WRAPPERS =
      List.of(
          "ephemeralMessage",
          "viewOnceMessage",
          "viewOnceMessageV2",
          "viewOnceMessageV2Extension",
          "documentWithCaptionMessage",
          "editedMessage",
          "deviceSentMessage");

  /** Enough for every real nesting; stops hostile input from nesting forever. */
  private static final int MAX_DEPTH = 8;

  /** Content that is never a customer question; looked for before anything else. */
  private static final List<Map.Entry<String, NotAnswerable>> NEVER_ANSWER =
      List.of(
          Map.entry("reactionMessage", NotAnswerable.REACTION),
          Map.entry("encReactionMessage", NotAnswerable.REACTION),
          Map.entry("protocolMessage", NotAnswerable.PROTOCOL),
          Map.entry("pollUpdateMessage", NotAnswerable.POLL_UPDATE));

  /** Content we understand, in the order we look for it (media first: a caption is not the message). */
  private static final List<Map.Entry<String, MessageType>> TYPES =
      List.of(
          Map.entry("imageMessage", IMAGE),
          Map.entry("videoMessage", VIDEO),
          Map.entry("ptvMessage", VIDEO),
          Map.entry("audioMessage", AUDIO),
          Map.entry("documentMessage", DOCUMENT),
          Map.entry("stickerMessage", STICKER),
          Map.entry("locationMessage", LOCATION),
          Map.entry("liveLocationMessage", LOCATION),
          Map.entry("contactMessage", CONTACT),
          Map.entry("contactsArrayMessage", CONTACT),
          Map.entry("conversation", TEXT),
          Map.entry("extendedTextMessage", TEXT),
          Map.entry("listResponseMessage", TEXT),
          Map.entry("buttonsResponseMessage", TEXT),
          Map.entry("templateButtonReplyMessage", TEXT),
          Map.entry("interactiveResponseMessage", TEXT));

  private static final MessageContent NOTHING = new MessageContent(null, OTHER, null, null, null);

  /**
   * Reads a {@code message} object. Only when there is none does {@code messageType} name the type:
   * next to real content it can be stale, and the content is what the person sent.
   */
  static MessageContent of(JsonNode message, String messageType) {
    if (message != null && message.isObject()) return read(message, 0);
    MessageType declared = typeOfKey(messageType);
    return declared == null ? NOTHING : new MessageContent(null, declared, null, null, null);
  }

  /** Unwraps, then finds the content; an edit's text is its new text, a reaction's text its emoji. */
  private static MessageContent read(JsonNode message, int depth) {
    JsonNode content = unwrap(message);
    if (content == null || !content.isObject() || depth > MAX_DEPTH) return NOTHING;

    for (var reason : NEVER_ANSWER) {
      JsonNode body = content.get(reason.getKey());
      if (body != null && body.isObject()) {
        String text =
            switch (reason.getValue()) {
              case REACTION -> Json.string(body.get("text"));
              case PROTOCOL -> read(body.get("editedMessage"), depth + 1).text();
              default -> null;
            };
        return new MessageContent(body, OTHER, text, null, reason.getValue());
      }
    }
    for (var entry : TYPES) {
      JsonNode body = content.get(entry.getKey());
      boolean present = entry.getKey().equals("conversation")
          ? body != null && body.isTextual()
          : body != null && body.isObject();
      if (present) {
        MessageType type = entry.getValue();
        Media media = isMedia(type) ? media(entry.getKey(), body) : null;
        return new MessageContent(body, type, text(entry.getKey(), body), media, null);
      }
    }
    // Sent once per group member to share encryption keys; alone it is not something a person wrote.
    if (content.path("senderKeyDistributionMessage").isObject()) {
      return new MessageContent(null, OTHER, null, null, NotAnswerable.PROTOCOL);
    }
    return NOTHING;
  }

  /** The stanza id of the quoted message, from the content's own {@code contextInfo}. */
  String quotedKeyId() {
    return body == null ? null : Json.string(body.path("contextInfo").get("stanzaId"));
  }

  private static JsonNode unwrap(JsonNode message) {
    JsonNode current = message;
    for (int depth = 0; depth < MAX_DEPTH && current != null && current.isObject(); depth++) {
      JsonNode inner = null;
      for (String wrapper : WRAPPERS) {
        JsonNode candidate = current.path(wrapper).path("message");
        if (candidate.isObject()) {
          inner = candidate;
          break;
        }
      }
      if (inner == null) return current;
      current = inner;
    }
    return current;
  }

  private static String text(String key, JsonNode body) {
    return switch (key) {
      case "conversation" -> Json.string(body);
      case "extendedTextMessage" -> Json.string(body.get("text"));
      case "listResponseMessage" -> joined(Json.string(body.get("title")), Json.string(body.get("description")));
      case "buttonsResponseMessage", "templateButtonReplyMessage" -> Json.string(body.get("selectedDisplayText"));
      case "interactiveResponseMessage" -> Json.string(body.path("body").get("text"));
      default -> Json.string(body.get("caption"));
    };
  }

  private static String joined(String first, String second) {
    if (first == null) return second;
    return second == null ? first : first + "\n" + second;
  }

  private static boolean isMedia(MessageType type) {
    return type == IMAGE || type == VIDEO || type == AUDIO || type == DOCUMENT || type == STICKER;
  }

  /** Only references and descriptions: byte fields (base64, thumbnails, hashes) are left behind. */
  private static Media media(String key, JsonNode body) {
    Long seconds = Json.longish(body.get("seconds"));
    Long fileLength = Json.longish(body.get("fileLength"));
    return new Media(
        Json.string(body.get("mimetype")),
        Json.string(body.get("caption")),
        seconds != null && seconds >= 0 && seconds <= Integer.MAX_VALUE ? seconds.intValue() : null,
        Json.string(body.get("fileName")),
        fileLength != null && fileLength >= 0 ? fileLength : null,
        Json.bool(body.get("ptt")),
        Json.string(body.get("url")),
        Json.string(body.get("directPath")),
        MediaNode.withoutBytes(key, body));
  }

  private static MessageType typeOfKey(String key) {
    for (var entry : TYPES) {
      if (entry.getKey().equals(key)) return entry.getValue();
    }
    return null;
  }
}
