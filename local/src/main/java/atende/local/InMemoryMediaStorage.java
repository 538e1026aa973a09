package atende.local;

import atende.media.MediaStorage;
import atende.media.StoredMedia;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A media bucket in memory, for the local stack until the Cloud Storage stand-in (issue #12's storage
 * work) replaces it: objects by name under {@code gs://<bucket>/}. {@link #read} is what
 * {@link FakeVertex#files} resolves a {@code fileData} URI with.
 */
public final class InMemoryMediaStorage implements MediaStorage {
  private record Stored(byte[] bytes, String mimetype) {}

  private final String bucket;
  private final Map<String, Stored> objects = new ConcurrentHashMap<>();

  public InMemoryMediaStorage(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public StoredMedia put(String objectName, byte[] bytes, String mimetype) {
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
