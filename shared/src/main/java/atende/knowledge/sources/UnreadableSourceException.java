package atende.knowledge.sources;

/**
 * A knowledge source whose bytes hold no text Atende can use. The message is one sentence, in
 * English, that tells the operator what is wrong and what to do (it is stored as the source's
 * {@code error}); it never carries a stack trace or a parser's internals.
 */
public final class UnreadableSourceException extends RuntimeException {

  public UnreadableSourceException(String message) {
    super(message);
  }

  public UnreadableSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
