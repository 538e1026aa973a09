package atende.media;

/**
 * What the AI turn needs of media: where bytes are kept (read back for Gemini's inline parts in express
 * mode) and how the bytes a webhook payload lacked are fetched. {@link #none()} is a deployment without a
 * media bucket: nothing is fetched, so nothing is ever read, and media gets the honest reply.
 */
public record MediaAccess(MediaStorage storage, MediaSource source) {
  public static MediaAccess none() {
    return new MediaAccess(Unconfigured.INSTANCE, MediaSource.NONE);
  }

  private enum Unconfigured implements MediaStorage {
    INSTANCE;

    @Override
    public StoredMedia put(String objectName, byte[] bytes, String mimetype) {
      throw new IllegalStateException("no media storage is configured");
    }

    @Override
    public byte[] get(StoredMedia media) {
      throw new IllegalStateException("no media storage is configured");
    }

    @Override
    public void delete(StoredMedia media) {
      throw new IllegalStateException("no media storage is configured");
    }
  }
}
