package atende.media;

/**
 * Where the bytes of voice notes, images and documents live: never in a Firestore document
 * (docs/design.md "Media"), but in an object store — a Cloud Storage bucket in production, its local
 * stand-in in tests. Objects are named by the caller deterministically (instance, ticket, message), so
 * storing the same message twice writes the same object.
 */
public interface MediaStorage {
  /** Stores {@code bytes} as {@code objectName}; returns where they are. */
  StoredMedia put(String objectName, byte[] bytes, String mimetype);

  /** The bytes of an object this storage returned, e.g. to send them inline to Gemini in express mode. */
  byte[] get(StoredMedia media);

  /** Deletes an object; a missing one is not an error (retention and erasure run more than once). */
  void delete(StoredMedia media);
}
