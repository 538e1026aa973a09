package atende.conversation;

import atende.platform.WireEnum;

/**
 * Inbound: received → processing → answered | skipped | failed. Outbound: sending → sent → delivered |
 * read, or failed.
 */
public enum MessageStatus implements WireEnum {
  RECEIVED, PROCESSING, ANSWERED, SKIPPED, FAILED, SENDING, SENT, DELIVERED, READ;

  /** Outbound progress only moves forward; a late SERVER_ACK must not undo a READ. */
  public int outboundRank() {
    return switch (this) {
      case SENDING -> 0;
      case SENT -> 1;
      case DELIVERED -> 2;
      case READ -> 3;
      case FAILED -> 4;
      default -> -1;
    };
  }
}
