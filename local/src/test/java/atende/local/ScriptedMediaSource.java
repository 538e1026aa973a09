package atende.local;

import atende.media.MediaSource;
import atende.media.MediaStorage;
import atende.media.StoredMedia;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fetch of a media message's bytes as the tests script it, in place of Evolution's
 * getBase64FromMediaMessage: messages given bytes are fetched and kept in the storage, as the real
 * fetch will; any other fails (empty), as a message Evolution no longer has does.
 */
final class ScriptedMediaSource implements MediaSource {
  private record Bytes(byte[] bytes, String mimetype) {}

  private final MediaStorage storage;
  private final Map<String, Bytes> available = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  ScriptedMediaSource(MediaStorage storage) {
    this.storage = storage;
  }

  /** The message with this key id can be fetched, and holds these bytes. */
  void has(String messageId, byte[] bytes, String mimetype) {
    available.put(messageId, new Bytes(bytes, mimetype));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public Optional<StoredMedia> fetch(Request request) {
    requests.add(request);
    Bytes bytes = available.get(request.messageId());
    if (bytes == null) return Optional.empty();
    return Optional.of(storage.put(request.instance() + "/" + request.ticketId() + "/" + request.messageId(), bytes.bytes(), bytes.mimetype()));
  }
}
