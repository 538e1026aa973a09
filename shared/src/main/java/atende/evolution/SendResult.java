package atende.evolution;

/** What Evolution answered to a send. */
public sealed interface SendResult {
  /** Accepted (201): WhatsApp will deliver it under {@code keyId}. */
  record Sent(String keyId) implements SendResult {}

  /**
   * Not sent. {@code retryable} for a socket that is down (500 "Connection Closed"), 5xx, 408, 429 or a
   * network failure; not for a number that is not on WhatsApp, a bad key or an unknown instance.
   */
  record Failed(int httpStatus, String reason, boolean retryable) implements SendResult {}
}
