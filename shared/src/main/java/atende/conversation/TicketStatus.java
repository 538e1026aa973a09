package atende.conversation;

import atende.platform.WireEnum;

public enum TicketStatus implements WireEnum {
  OPEN, WAITING_CUSTOMER, ESCALATED, HUMAN, RESOLVED, CLOSED;

  /** A message after a finished ticket opens a new one (docs/design.md lifecycle). */
  public boolean finished() {
    return this == RESOLVED || this == CLOSED;
  }
}
