package atende.conversation;

import atende.evolution.EvolutionClient;
import atende.evolution.MediaFetch;
import atende.evolution.MessageKey;
import atende.media.MediaSource;
import atende.media.MediaStorage;
import atende.media.ObjectNames;
import atende.media.StoredMedia;
import atende.platform.Log;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes a webhook payload lacked, from Evolution ({@code getBase64FromMediaMessage} with the key
 * and media node the webhook kept), kept in the media storage under the same object name the webhook
 * would have used. Any failure is empty: the turn then answers honestly instead of silently.
 */
public final class EvolutionMediaSource implements MediaSource {
  private final EvolutionClient evolution;
  private final MediaStorage storage;

  public EvolutionMediaSource(EvolutionClient evolution, MediaStorage storage) {
    this.evolution = evolution;
    this.storage = storage;
  }

  @Override
  public Optional<StoredMedia> fetch(Request request) {
    Optional<MessageKey> key = request.media().get(MessageSchema.MEDIA_KEY) instanceof Map<?, ?> map
        ? MessageKey.fromMap(cast(map)) : Optional.empty();
    if (key.isEmpty() || !(request.media().get(MessageSchema.MEDIA_NODE) instanceof Map<?, ?> node)) {
      Log.warn("media.fetch_impossible", "ticketId", request.ticketId(), "messageId", request.messageId());
      return Optional.empty();
    }
    long start = System.nanoTime();
    MediaFetch fetched = evolution.getBase64FromMediaMessage(request.instance(), key.get(), cast(node));
    return switch (fetched) {
      case MediaFetch.Failed failed -> {
        Log.warn("media.fetch_failed", "ticketId", request.ticketId(), "messageId", request.messageId(),
            "httpStatus", failed.httpStatus(), "retryable", failed.retryable());
        yield Optional.empty();
      }
      case MediaFetch.Fetched got -> {
        try {
          StoredMedia stored = storage.put(ObjectNames.forMessage(request.instance(), request.ticketId(), request.messageId(),
              got.mimetype()), got.bytes(), got.mimetype());
          Log.info("media.fetched", "ticketId", request.ticketId(), "messageId", request.messageId(), "bytes", got.bytes().length,
              "ms", (System.nanoTime() - start) / 1_000_000);
          yield Optional.of(stored);
        } catch (RuntimeException e) {
          Log.error("media.store_failed", e, "ticketId", request.ticketId(), "messageId", request.messageId());
          yield Optional.empty();
        }
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
