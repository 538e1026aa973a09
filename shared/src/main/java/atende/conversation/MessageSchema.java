package atende.conversation;

import atende.media.StoredMedia;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tickets/{ticketId}/messages/{messageId}} (docs/design.md "Firestore data model"): every field
 * name, once. An inbound message's id is Evolution's key id; ours are deterministic ({@code ai-<runId>},
 * {@code nps-question}, {@code handoff-<escalationId>}, ...), which is what makes a send happen once.
 * {@link #DIRECTION} holds a {@link Direction}, {@link #AUTHOR} an {@link Author}, {@link #STATUS} a
 * {@link MessageStatus} (moved forward only by {@link TicketStore#advance}), {@link #TYPE} an
 * {@code atende.evolution.MessageType}.
 */
public final class MessageSchema {
  public static final String INSTANCE = "instance";
  public static final String DIRECTION = "direction";
  public static final String AUTHOR = "author";
  public static final String TYPE = "type";
  public static final String TEXT = "text";
  /**
   * What was masked in a customer's text or caption before it was stored ({@code atende.privacy.Secret}'s
   * wire names: {@code card}, {@code cvv}, {@code password}, {@code code}); absent when nothing was.
   */
  public static final String REDACTED = "redacted";
  public static final String STATUS = "status";
  public static final String CREATED_AT = "createdAt";
  /** Evolution's {@code messageTimestamp}, when it sent one. */
  public static final String TIMESTAMP = "timestamp";

  // Evolution's side.
  public static final String EVOLUTION_KEY_ID = "evolutionKeyId";
  public static final String CHAT_JID = "chatJid";
  public static final String PUSH_NAME = "pushName";
  public static final String QUOTED_KEY_ID = "quotedKeyId";
  /** The device Evolution says the message came from ({@code android}, {@code ios}, {@code web}). */
  public static final String SOURCE = "source";
  /**
   * {@code {mimetype, fileLength, seconds, ptt, fileName, caption, url, directPath, key, node}} and, once
   * the bytes are in the media storage, {@code {object, size, storedAt, storeMs}} (or {@code storeError}),
   * or {@code fetchMs} instead of {@code storeMs} when the turn fetched them: never the bytes.
   */
  public static final String MEDIA = "media";
  // What the AI turn keeps of a media message (atende.agent.Responder): where the bytes are, and what was understood.
  /** {@code media.object}: the {@code gs://} URI of the bytes in the media bucket; {@code media.size} their length. */
  public static final String MEDIA_OBJECT = "object";
  public static final String MEDIA_SIZE = "size";
  /** {@code media.pageCount}: a document's pages, as WhatsApp reports them. */
  public static final String MEDIA_PAGES = "pageCount";
  /** {@code media.tokens}: the input tokens the model spent on this message's media. */
  public static final String MEDIA_TOKENS = "tokens";
  /** {@code media.unread}: why the model did not hear or see it ({@code atende.agent.MediaProblem}'s codes). */
  public static final String MEDIA_UNREAD = "unread";
  /** Top level: what the model heard in the audio or saw in the image, video or document, in the customer's language. */
  public static final String MEDIA_TEXT = "mediaText";
  public static final String MEDIA_MIMETYPE = "mimetype";
  public static final String MEDIA_CAPTION = "caption";
  public static final String MEDIA_SECONDS = "seconds";
  public static final String MEDIA_FILE_NAME = "fileName";
  public static final String MEDIA_FILE_LENGTH = "fileLength";
  public static final String MEDIA_PTT = "ptt";
  public static final String MEDIA_URL = "url";
  public static final String MEDIA_DIRECT_PATH = "directPath";
  /** The message key, {@code {id, remoteJid, fromMe, participant?}}: with {@link #MEDIA_NODE}, what getBase64FromMediaMessage needs. */
  public static final String MEDIA_KEY = "key";
  /** The media node as Evolution sent it, minus bytes ({@code {"audioMessage": {...}}}). */
  public static final String MEDIA_NODE = "node";
  public static final String MEDIA_STORED_AT = "storedAt";
  /** How long storing took (the upload), in milliseconds. */
  public static final String MEDIA_STORE_MS = "storeMs";
  /** How long the AI turn took to fetch bytes the payload lacked from Evolution and store them, in milliseconds. */
  public static final String MEDIA_FETCH_MS = "fetchMs";
  /** Why the bytes could not be stored; the turn fetches them from Evolution instead. */
  public static final String MEDIA_STORE_ERROR = "storeError";

  // The AI turn.
  /** The engine's decision: {@code category, priority, confidence, sentiment, reply, escalate, reason, followUp, resolved, engine, model, promptVersion, latencyMs, inputTokens, outputTokens, thoughtTokens, preview}. */
  public static final String AI = "ai";
  /** The keys of the {@link #AI} map. */
  public static final class Ai {
    public static final String CATEGORY = "category";
    public static final String PRIORITY = "priority";
    public static final String CONFIDENCE = "confidence";
    public static final String SENTIMENT = "sentiment";
    public static final String REPLY = "reply";
    public static final String ESCALATE = "escalate";
    /** The escalation reason codes, comma-separated. */
    public static final String REASON = "reason";
    /** {@code <minutes>m}, or null for none. */
    public static final String FOLLOW_UP = "followUp";
    public static final String RESOLVED = "resolved";
    public static final String ENGINE = "engine";
    public static final String MODEL = "model";
    public static final String PROMPT_VERSION = "promptVersion";
    public static final String LATENCY_MS = "latencyMs";
    public static final String INPUT_TOKENS = "inputTokens";
    public static final String OUTPUT_TOKENS = "outputTokens";
    public static final String THOUGHT_TOKENS = "thoughtTokens";
    /** True when a console preview stored the decision without sending it. */
    public static final String PREVIEW = "preview";

    private Ai() {}
  }
  public static final String RUN_ID = "runId";
  /** On an answered inbound message: the id of the reply that answered it. */
  public static final String ANSWERED_BY = "answeredBy";
  public static final String SKIP_REASON = "skipReason";
  /** {@code {code, message}} on a failed message. */
  public static final String ERROR = "error";
  public static final String ERROR_CODE = "code";
  public static final String ERROR_MESSAGE = "message";
  /** Console command: {@code true} re-runs and sends, {@code "preview"} re-runs and stores the decision only. */
  public static final String REPROCESS = "reprocess";
  public static final String REPROCESS_PREVIEW = "preview";
  /** Set with {@link #REPROCESS} when FollowUpSweep re-ran a stuck or lost turn. */
  public static final String RETRIED_BY_SWEEP_AT = "retriedBySweepAt";

  // Our sends.
  /** What an automatic message is for ({@code follow_up}, {@code nps_question}, ...). */
  public static final String KIND = "kind";
  public static final String KIND_NPS_QUESTION = "nps_question";
  public static final String KIND_NPS_THANKS = "nps_thanks";
  /** The one notice of an hour to a customer over the model budget (atende.guard). */
  public static final String KIND_RATE_LIMITED = "rate_limited";
  public static final String REPLY_TO = "replyTo";
  public static final String ESCALATION_ID = "escalationId";
  /** A customer's 0-10 answer to the satisfaction question. */
  public static final String NPS_SCORE = "npsScore";
  /** A follow-up ({@link #KIND}), its number, and the ticket's {@code followUpDueAt} it was sent for. */
  public static final String KIND_FOLLOW_UP = "follow_up";
  public static final String KIND_FOLLOW_UP_CLOSE = "follow_up_close";
  public static final String ATTEMPT = "attempt";
  public static final String DUE_AT = "dueAt";

  /** The time a status was reached: {@code sentAt}, {@code deliveredAt}, {@code readAt}, {@code failedAt}, ... */
  public static String reachedAt(MessageStatus status) {
    return status.wire() + "At";
  }

  /** The media object a message names ({@code media.object}), if it names one. */
  public static Optional<StoredMedia> storedObject(Map<String, Object> message) {
    if (message.get(MEDIA) instanceof Map<?, ?> media && media.get(MEDIA_OBJECT) instanceof String uri) {
      return Optional.of(new StoredMedia(uri, String.valueOf(media.get(MEDIA_MIMETYPE)), 0));
    }
    return Optional.empty();
  }

  private MessageSchema() {}
}
