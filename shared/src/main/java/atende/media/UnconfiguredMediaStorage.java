package atende.media;

/**
 * The storage of a deployment without {@code ATENDE_MEDIA_BUCKET}: every call fails as
 * {@link MediaStorageException.Kind#REJECTED}, so callers treat it like any storage that cannot keep the
 * bytes (an honest reply to the customer) instead of every function failing to start.
 */
public final class UnconfiguredMediaStorage implements MediaStorage {
  @Override
  public StoredMedia put(String objectName, byte[] bytes, String mimetype) {
    throw missing();
  }

  @Override
  public byte[] get(StoredMedia media) {
    throw missing();
  }

  @Override
  public void delete(StoredMedia media) {
    throw missing();
  }

  private static MediaStorageException missing() {
    return new MediaStorageException(MediaStorageException.Kind.REJECTED, "ATENDE_MEDIA_BUCKET is not set", null);
  }
}
