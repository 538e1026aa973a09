package atende.local;

import atende.media.MediaStorage;
import atende.media.StoredMedia;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link MediaStorage} in memory for tests of what stores media; {@link #failing} makes every put fail as a bucket that is down would. */
final class InMemoryMediaStorage implements MediaStorage {
  static final String BUCKET = "atende-media-test";

  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private volatile boolean failing;

  void failing(boolean failing) {
    this.failing = failing;
  }

  Map<String, byte[]> objects() {
    return Map.copyOf(objects);
  }

  @Override
  public StoredMedia put(String objectName, byte[] bytes, String mimetype) {
    if (failing) throw new IllegalStateException("503 Service Unavailable");
    objects.put(objectName, bytes.clone());
    return new StoredMedia("gs://" + BUCKET + "/" + objectName, mimetype, bytes.length);
  }

  @Override
  public byte[] get(StoredMedia media) {
    return objects.get(media.objectName()).clone();
  }

  @Override
  public void delete(StoredMedia media) {
    objects.remove(media.objectName());
  }
}
