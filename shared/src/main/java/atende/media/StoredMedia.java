package atende.media;

/**
 * An object in {@link MediaStorage}: {@code uri} is {@code gs://bucket/object} (what Gemini on Vertex
 * reads as {@code fileData.fileUri}), {@code mimetype} as stored, {@code size} in bytes.
 */
public record StoredMedia(String uri, String mimetype, long size) {
  public StoredMedia {
    if (uri == null || !uri.startsWith("gs://")) throw new IllegalArgumentException("not a gs:// URI: " + uri);
  }

  public String bucket() {
    String rest = uri.substring("gs://".length());
    return rest.substring(0, rest.indexOf('/'));
  }

  public String objectName() {
    String rest = uri.substring("gs://".length());
    return rest.substring(rest.indexOf('/') + 1);
  }
}
