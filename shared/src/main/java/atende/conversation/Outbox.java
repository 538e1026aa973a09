package atende.conversation;

import atende.evolution.EvolutionClient;
import atende.evolution.MessageType;
import atende.evolution.SendResult;
import atende.platform.SendRetry;
import atende.platform.Sleeper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything we send to a customer goes through here: the outbound message is recorded first
 * ({@code sending}, under a deterministic id, create-if-absent), then sent with a "composing…" pause,
 * then marked {@code sent} or {@code failed}. Recording first makes a second attempt at the same id a
 * no-op, and lets the webhook recognise Evolution's echo, which can arrive before the HTTP answer.
 */
public final class Outbox {
  private final TicketStore store;
  private final EvolutionClient evolution;
  private final Sleeper sleeper;
  private final SendRetry retry;

  public Outbox(TicketStore store, EvolutionClient evolution, Sleeper sleeper, SendRetry retry) {
    this.store = store;
    this.evolution = evolution;
    this.sleeper = sleeper;
    this.retry = retry;
  }

  /** How sends are retried, here and by the sweep's resend. */
  public SendRetry retry() {
    return retry;
  }

  /** One message to send; {@code extra} fields are stored with it (e.g. {@code replyTo}, {@code runId}). */
  public record Outgoing(String ticketId, String messageId, String instance, String chat, Author author, String text,
      Map<String, Object> extra) {}

  /** The send's result, or empty when this id was already recorded (someone else sends it). */
  public Optional<SendResult> send(Outgoing out) throws InterruptedException {
    if (!store.createMessage(out.ticketId(), out.messageId(), record(out))) return Optional.empty();
    return Optional.of(deliver(out));
  }

  /**
   * For a caller that holds its own claim on this attempt (NotifyEscalation's per-channel claims): the
   * record is written as {@code sending} even if an earlier, failed attempt left one, then the same
   * send and marking as {@link #send}.
   */
  public SendResult sendClaimed(Outgoing out) throws InterruptedException {
    store.putMessage(out.ticketId(), out.messageId(), record(out));
    return deliver(out);
  }

  private Map<String, Object> record(Outgoing out) {
    Map<String, Object> fields = new LinkedHashMap<>(out.extra());
    fields.put(MessageSchema.INSTANCE, out.instance());
    fields.put(MessageSchema.DIRECTION, Direction.OUTBOUND.wire());
    fields.put(MessageSchema.AUTHOR, out.author().wire());
    fields.put(MessageSchema.TYPE, MessageType.TEXT.wire());
    fields.put(MessageSchema.TEXT, out.text());
    fields.put(MessageSchema.CHAT_JID, out.chat());
    fields.put(MessageSchema.STATUS, MessageStatus.SENDING.wire());
    fields.put(MessageSchema.CREATED_AT, store.now());
    return fields;
  }

  private SendResult deliver(Outgoing out) throws InterruptedException {
    SendResult result = sendWithRetries(out.instance(), out.chat(), out.text());
    switch (result) {
      case SendResult.Sent sent -> {
        // Already indexed = Evolution's echo got here first and marked the message sent.
        if (store.indexKey(out.instance(), sent.keyId(), new TicketStore.KeyEntry(out.ticketId(), out.messageId(), Direction.OUTBOUND),
            MessageType.TEXT)) {
          store.advance(out.ticketId(), out.messageId(), MessageStatus.SENT, Map.of(MessageSchema.EVOLUTION_KEY_ID, sent.keyId()));
        }
      }
      case SendResult.Failed failed -> store.advance(out.ticketId(), out.messageId(), MessageStatus.FAILED, Map.of(MessageSchema.ERROR, error(failed)));
    }
    return result;
  }

  /** The {@code error} field docs/design.md asks for on a failed message. */
  public static Map<String, Object> error(SendResult.Failed failed) {
    return Map.of(MessageSchema.ERROR_CODE, "send_failed", MessageSchema.ERROR_MESSAGE, "Evolution answered " + failed.httpStatus() + ": " + failed.reason());
  }

  private SendResult sendWithRetries(String instance, String chat, String text) throws InterruptedException {
    SendResult result = null;
    Duration backoff = retry.backoff();
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      result = evolution.sendText(instance, chat, text, typingMillis(text));
      if (!(result instanceof SendResult.Failed failed) || !failed.retryable()) return result;
      if (attempt < retry.attempts()) sleeper.sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
    return result;
  }

  /** "Composing…" for a moment proportional to the text, as a person would type, capped. */
  static int typingMillis(String text) {
    return Math.min(2500, 600 + 15 * text.length());
  }
}
