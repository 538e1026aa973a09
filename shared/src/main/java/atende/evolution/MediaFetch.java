package atende.evolution;

/** What Evolution answered to {@code getBase64FromMediaMessage}. */
public sealed interface MediaFetch {
  /** The file (201): its bytes, {@code mimetype} and {@code fileName} as Evolution answered them (either may be null). */
  record Fetched(byte[] bytes, String mimetype, String fileName) implements MediaFetch {
    /** The length only: results end up in logs and assertion messages. */
    @Override
    public String toString() {
      return "Fetched[" + bytes.length + " bytes, " + mimetype + ", " + fileName + "]";
    }
  }

  /**
   * No file. Evolution answers every failure inside its service as 400 with
   * {@code response.message: ["<error>"]} (a message it cannot find, not media, a download from
   * WhatsApp that failed twice, e.g. expired media), so a 400 is not retried; 5xx, 408, 429, a
   * timeout or a network failure is.
   */
  record Failed(int httpStatus, String reason, boolean retryable) implements MediaFetch {}
}
