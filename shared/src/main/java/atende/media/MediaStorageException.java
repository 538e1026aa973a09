package atende.media;

/**
 * A {@link MediaStorage} operation failed. {@link #kind()} tells the caller what to do: try again later
 * ({@link Kind#UNAVAILABLE}), fetch the bytes again from their source ({@link Kind#NOT_FOUND}: e.g. the
 * bucket's lifecycle rule deleted the object), or give up and answer the customer honestly
 * ({@link Kind#REJECTED}: permissions, a bad request, no bucket configured).
 */
public final class MediaStorageException extends RuntimeException {
  public enum Kind {
    /** Timeouts, connection failures, 408, 429 and 5xx after the client's own retries. */
    UNAVAILABLE,
    /** The object (or the bucket) does not exist. */
    NOT_FOUND,
    /** Anything trying again will not fix. */
    REJECTED
  }

  private final Kind kind;

  public MediaStorageException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** True when the same call may succeed later (the caller lets the platform retry). */
  public boolean retryable() {
    return kind == Kind.UNAVAILABLE;
  }
}
