package atende.evolution;

import atende.evolution.ParseResult.Malformed;
import atende.evolution.ParseResult.Parsed;
import atende.evolution.WebhookEvent.MessageUpsert;
import atende.evolution.WebhookEvent.Other;
import atende.evolution.WebhookEvent.SendEcho;
import atende.evolution.WebhookEvent.StatusUpdate;
import atende.platform.WireEnum;
import atende.privacy.Redaction;
import atende.privacy.Secret;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an Evolution API v2 webhook body into a {@link ParseResult}. Pure: no I/O, no clock.
 *
 * <p>Every field is treated as optional and of unexpected type, because the shapes drift between
 * Evolution versions (see docs/reference/evolution-api.md). Only what identifies a message is
 * required: the instance, {@code key.id} and {@code key.remoteJid}.
 *
 * <p>When {@code data} is an array (seen for chats.* and contacts.*, possible for message events),
 * the first element is used: Evolution emits one webhook per message, so a message event never
 * carries more than one.
 */
public final class EvolutionParser {

  /** Longer than any real instance name or message id; anything longer is not Evolution. */
  static final int MAX_ID_LENGTH = 256;

  private static final int MAX_EVENT_LENGTH = 100;

  /**
   * Byte fields dropped while reading, before they become strings: media in {@code base64} can be
   * larger than Jackson's 20-million-character string limit; the media's own bytes are decoded
   * separately ({@link #payloadMedia}).
   */
  private static final Set<String> DROPPED_FIELDS = Set.of("base64", "jpegThumbnail");

  private static final TokenFilter DROP_BYTE_FIELDS =
      new TokenFilter() {
        @Override
        public TokenFilter includeProperty(String name) {
          return DROPPED_FIELDS.contains(name) ? null : this;
        }

        @Override
        public boolean includeEmptyObject(boolean contentsFiltered) {
          return true;
        }

        @Override
        public boolean includeEmptyArray(boolean contentsFiltered) {
          return true;
        }
      };

  private final ObjectMapper mapper;

  public EvolutionParser(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Never throws for any input bytes. */
  public ParseResult parse(byte[] body) {
    if (body == null || body.length == 0) return new Malformed("empty body");
    try {
      return new Parsed(event(readTree(body), body));
    } catch (MalformedPayload e) {
      return new Malformed(e.getMessage());
    } catch (JsonProcessingException e) {
      return new Malformed("invalid JSON: " + shortened(e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      return new Malformed("unreadable body: " + e.getClass().getSimpleName());
    }
  }

  private JsonNode readTree(byte[] body) throws IOException {
    try (JsonParser parser =
        new FilteringParserDelegate(
            mapper.getFactory().createParser(body),
            DROP_BYTE_FIELDS,
            TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH,
            true)) {
      JsonNode root = mapper.readTree(parser);
      if (parser.nextToken() != null) throw new MalformedPayload("invalid JSON: content after the top-level value");
      return root;
    }
  }

  private WebhookEvent event(JsonNode root, byte[] body) {
    if (root == null || !root.isObject()) throw new MalformedPayload("body is not a JSON object");
    String event = eventName(root.get("event"));
    String instance = Json.string(root.get("instance"));
    JsonNode data = Json.firstIfArray(root.get("data"));
    return switch (event) {
      case "messages.upsert" -> new MessageUpsert(required(instance, "instance"), event, message(data, body));
      case "send.message" -> new SendEcho(required(instance, "instance"), event, message(data, body));
      case "messages.update" -> statusUpdate(required(instance, "instance"), event, data);
      default -> new Other(instance, event);
    };
  }

  /** Dotted lower-case; the UPPER_SNAKE form used in Evolution's configuration is accepted too. */
  private static String eventName(JsonNode node) {
    String raw = Json.string(node);
    if (raw == null) throw new MalformedPayload("no \"event\" string");
    if (raw.length() > MAX_EVENT_LENGTH) throw new MalformedPayload("\"event\" is too long");
    String name = raw.strip().toLowerCase(Locale.ROOT);
    return name.contains(".") ? name : name.replace('_', '.');
  }

  private EvolutionMessage message(JsonNode data, byte[] body) {
    if (data == null || !data.isObject()) throw new MalformedPayload("data is not an object");
    JsonNode key = data.path("key");
    String keyId = required(Json.string(key.get("id")), "data.key.id");
    String chatJid = required(Json.string(key.get("remoteJid")), "data.key.remoteJid");
    boolean fromMe = fromMe(key.get("fromMe"), "data.key.fromMe");
    String remoteJidAlt = Json.string(key.get("remoteJidAlt"));
    String participant = Json.string(key.get("participant"));

    MessageContent content = MessageContent.of(data.get("message"), Json.string(data.get("messageType")));
    // A customer's card numbers, CVVs, passwords and codes go no further than here: not into Firestore,
    // the model, the team's notice, the CRM nor a log. A person's words on the business phone stay as
    // typed: our own sends come back as such echoes and are recognised by their exact text.
    Redaction text = fromMe ? Redaction.none(content.text()) : Redaction.of(content.text());
    Set<Secret> redacted = EnumSet.noneOf(Secret.class);
    redacted.addAll(text.removed());
    Media media = content.media();
    if (media != null && media.caption() != null && !fromMe) {
      Redaction caption = Redaction.of(media.caption());
      redacted.addAll(caption.removed());
      media = media.withCaption(caption.text());
    }
    String quoted = Json.string(data.path("contextInfo").get("stanzaId"));
    return new EvolutionMessage(
        keyId,
        chatJid,
        fromMe,
        phone(key, chatJid, remoteJidAlt, participant),
        Jid.isLid(chatJid) ? chatJid : Jid.isLid(remoteJidAlt) ? remoteJidAlt : null,
        participant,
        Json.string(data.get("pushName")),
        content.type(),
        text.text(),
        redacted,
        media,
        timestamp(data.get("messageTimestamp")),
        Json.string(data.get("status")),
        Json.string(data.get("source")),
        quoted != null ? quoted : content.quotedKeyId(),
        notAnswerable(chatJid, content),
        media == null ? null : payloadMedia(body, media));
  }

  /**
   * {@code data.message.base64} (where every Evolution version puts it), decoded straight from the
   * body in a second, streaming read: the tree leaves byte fields out, and a string this long would
   * exceed Jackson's limit. Null when the payload has none.
   */
  private PayloadMedia payloadMedia(byte[] body, Media media) {
    try (JsonParser parser = mapper.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT || !toField(parser, "data")) return null;
      if (parser.currentToken() == JsonToken.START_ARRAY) parser.nextToken();
      if (parser.currentToken() != JsonToken.START_OBJECT || !toField(parser, "message")
          || parser.currentToken() != JsonToken.START_OBJECT || !toField(parser, "base64")
          || parser.currentToken() != JsonToken.VALUE_STRING) {
        return null;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      // Node's Buffer.toString('base64') always pads: the strict variant refuses a string cut short.
      parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, bytes);
      if (bytes.size() == 0) return null;
      Long declared = media.fileLength();
      if (declared != null && declared > 0 && declared != bytes.size()) {
        return new PayloadMedia.Unusable(bytes.size() + " bytes where fileLength says " + declared);
      }
      return new PayloadMedia.Bytes(bytes.toByteArray());
    } catch (JsonProcessingException e) {
      return new PayloadMedia.Unusable("not base64: " + shortened(e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      // Jackson reports a character outside the alphabet this way.
      return new PayloadMedia.Unusable("not base64: " + shortened(e.getMessage()));
    } catch (IOException e) {
      return new PayloadMedia.Unusable("unreadable: " + e.getClass().getSimpleName());
    }
  }

  /** Moves from an object's start to the value of its field {@code name}; false when it has none. */
  private static boolean toField(JsonParser parser, String name) throws IOException {
    for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
      boolean wanted = name.equals(parser.currentName());
      parser.nextToken();
      if (wanted) return true;
      parser.skipChildren();
    }
    return false;
  }

  /**
   * The customer's number: for a group its author's, otherwise the chat's. A chat addressed by
   * LID names the number in {@code remoteJidAlt} (2.3.x) or {@code senderPn} (some 2.2/2.3 builds).
   */
  private static String phone(JsonNode key, String chatJid, String remoteJidAlt, String participant) {
    if (Jid.isGroup(chatJid)) {
      return firstPhone(Json.string(key.get("participantAlt")), Json.string(key.get("participantPn")), participant);
    }
    return firstPhone(remoteJidAlt, Json.string(key.get("senderPn")), chatJid);
  }

  private static String firstPhone(String... jids) {
    for (String jid : jids) {
      String phone = Jid.phone(jid);
      if (phone != null) return phone;
    }
    return null;
  }

  /**
   * Chats that are never answered come first, then content that is never a question, then empty
   * content. GROUP comes last so that a tenant who allows groups can treat it as answerable and
   * still never answer a reaction or an edit inside a group.
   */
  private static Optional<NotAnswerable> notAnswerable(String chatJid, MessageContent content) {
    if (Jid.isBroadcast(chatJid)) return Optional.of(NotAnswerable.BROADCAST);
    if (Jid.isNewsletter(chatJid)) return Optional.of(NotAnswerable.NEWSLETTER);
    if (content.neverAnswer() != null) return Optional.of(content.neverAnswer());
    // A location or contact card without a comment is still something the customer sent us.
    boolean understood = content.type() == MessageType.LOCATION || content.type() == MessageType.CONTACT;
    if (content.text() == null && content.media() == null && !understood) return Optional.of(NotAnswerable.EMPTY);
    if (Jid.isGroup(chatJid)) return Optional.of(NotAnswerable.GROUP);
    return Optional.empty();
  }

  /** Seconds since the epoch; a value in milliseconds (which would lie after the year 5000) is accepted too. */
  private static Instant timestamp(JsonNode node) {
    Long value = Json.longish(node);
    if (value == null || value <= 0) return null;
    try {
      return value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The flat 2.x shape {@code {keyId, remoteJid, fromMe, status}}, or the same fields under {@code key}. */
  private static StatusUpdate statusUpdate(String instance, String event, JsonNode data) {
    if (data == null || !data.isObject()) throw new MalformedPayload("data is not an object");
    JsonNode key = data.path("key");
    String keyId = Json.string(data.get("keyId"));
    if (keyId == null) keyId = Json.string(key.get("id"));
    String remoteJid = Json.string(data.get("remoteJid"));
    JsonNode fromMe = data.get("fromMe");
    return new StatusUpdate(
        instance,
        event,
        required(keyId, "data.keyId"),
        remoteJid != null ? remoteJid : Json.string(key.get("remoteJid")),
        fromMe(fromMe != null ? fromMe : key.get("fromMe"), "data.fromMe"),
        deliveryStatus(data.get("status")));
  }

  /** A status name, or WhatsApp's status number (0 = ERROR ... 5 = PLAYED) as older payloads send it. */
  private static Optional<DeliveryStatus> deliveryStatus(JsonNode node) {
    if (node != null && node.isIntegralNumber() && node.canConvertToInt()) {
      int number = node.intValue();
      return number >= 0 && number <= DeliveryStatus.PLAYED.ordinal()
          ? Optional.of(DeliveryStatus.values()[number])
          : Optional.empty();
    }
    return WireEnum.parse(DeliveryStatus.class, Json.string(node));
  }

  /**
   * A missing flag means "not from me", as in the oldest payloads. A flag we cannot read is not
   * guessed: reading our own message as a customer's could make the AI answer itself, and the
   * other way round would silence it.
   */
  private static boolean fromMe(JsonNode node, String field) {
    if (node == null || node.isNull()) return false;
    Boolean value = Json.bool(node);
    if (value == null) throw new MalformedPayload(field + " is not a boolean");
    return value;
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) throw new MalformedPayload(field + " is missing");
    if (value.length() > MAX_ID_LENGTH) throw new MalformedPayload(field + " is too long");
    // Names and ids become document ids and URL paths: control characters are never Evolution's.
    if (value.chars().anyMatch(Character::isISOControl)) throw new MalformedPayload(field + " has control characters");
    return value;
  }

  private static String shortened(String message) {
    if (message == null) return "unknown error";
    return message.length() <= 200 ? message : message.substring(0, 200) + "...";
  }

  /** A body that is JSON but not a usable Evolution event. */
  private static final class MalformedPayload extends RuntimeException {
    MalformedPayload(String message) {
      super(message, null, false, false);
    }
  }
}
