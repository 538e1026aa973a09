package atende.conversation;

import atende.platform.WireEnum;

/** The seed's five ticket categories (seed 5.1.3). */
public enum Category implements WireEnum {
  /** Something does not work. */
  TECHNICAL,
  /** Sales, plans, prices, billing. */
  COMMERCIAL,
  /** How-to questions about using the product. */
  SUPPORT,
  /** Dissatisfaction with the service. */
  COMPLAINT,
  /** Positive feedback. */
  PRAISE
}
