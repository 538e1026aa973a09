package atende.evolution;

import atende.platform.WireEnum;

/**
 * A message's delivery status as Evolution reports it. The first six follow the order of
 * WhatsApp's own status numbers (0 = ERROR ... 5 = PLAYED); DELETED is Evolution's own.
 */
public enum DeliveryStatus implements WireEnum {
  ERROR,
  PENDING,
  SERVER_ACK,
  DELIVERY_ACK,
  READ,
  PLAYED,
  DELETED
}
