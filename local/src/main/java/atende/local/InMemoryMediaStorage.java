package atende.local;

import atende.media.MediaStorage;
import atende.media.StoredMedia;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A media bucket in memory, for tests that exercise what stores or reads media without the Cloud
 * Storage stand-in: objects by name under {@code gs://<bucket>/}. {@link #read} is what
 * {@link FakeVertex#files} can resolve a {@code fileData} URI with; {@link #failing} makes every put
 * fail as a bucket that is down would.
 */
public final class InMemoryMediaStorage implements MediaStorage {
  public static final String BUCKET = "atende-media-test";

  private record Stored(byte[] bytes, String mimetype) {}

  private final String bucket;
  private final Map<String, Stored> objects = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public InMemoryMediaStorage() {
    this(BUCKET);
  }

  public InMemoryMediaStorage(String bucket) {
    this.bucket = bucket;
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** What is stored: object name → bytes. */
  public Map<String, byte[]> objects() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    objects.forEach((name, stored) -> copy.put(name, stored.bytes().clone()));
    return copy;
  }

  @Override
  public StoredMedia put(String objectName, byte[] bytes, String mimetype) {
    if (failing) throw new IllegalStateException("503 Service Unavailable");
    objects.put(objectName, new Stored(bytes.clone(), mimetype));
    return new StoredMedia("gs://" + bucket + "/" + objectName, mimetype, bytes.length);
  }

  @Override
  public byte[] get(StoredMedia media) {
    return read(media.uri()).orElseThrow(() -> new NoSuchElementException("no object " + media.uri()));
  }

  @Override
  public void delete(StoredMedia media) {
    if (media.bucket().equals(bucket)) objects.remove(media.objectName());
  }

  /** The bytes at a {@code gs://} URI of this bucket, if there are any. */
  public Optional<byte[]> read(String uri) {
    String prefix = "gs://" + bucket + "/";
    if (!uri.startsWith(prefix)) return Optional.empty();
    return Optional.ofNullable(objects.get(uri.substring(prefix.length()))).map(o -> o.bytes().clone());
  }
}
