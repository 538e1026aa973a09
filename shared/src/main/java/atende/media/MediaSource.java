package atende.media;

import java.util.Map;
import java.util.Optional;

/**
 * Gets the bytes of a media message whose webhook payload carried none, and keeps them in
 * {@link MediaStorage}: in production Evolution's {@code POST /chat/getBase64FromMediaMessage/{instance}}
 * with the key and media node the webhook kept, then {@link MediaStorage#put}. Empty when the bytes cannot
 * be had (Evolution answered an error, timed out, WhatsApp's copy expired): the turn then answers honestly.
 */
public interface MediaSource {
  /**
   * One media message: {@code media} is the message's {@code media} map as the webhook stored it (never
   * bytes), so an implementation needs no second read of the message.
   */
  record Request(String instance, String ticketId, String messageId, Map<String, Object> media) {
    public Request {
      media = Map.copyOf(media);
    }
  }

  Optional<StoredMedia> fetch(Request request);
}
