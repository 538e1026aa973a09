package atende.knowledge;

/**
 * Vertex AI gave no usable embedding: an error status after the client's retries ({@link #status()},
 * e.g. 400 for a request over the model's limits, 404 for an unknown model, 429 when the quota is spent),
 * no answer at all (status 0: timeout, network), or an answer of the wrong shape. A sync records it and
 * tries again later; a turn ranks lexically instead. Messages never carry the embedded text.
 */
public final class EmbeddingFailure extends RuntimeException {
  private final int status;

  EmbeddingFailure(String model, int status, String message, Throwable cause) {
    super(model + (status > 0 ? " answered " + status + ": " : ": ") + message, cause);
    this.status = status;
  }

  /** The HTTP status Vertex answered, or 0 when there was no usable answer to a status. */
  public int status() {
    return status;
  }
}
