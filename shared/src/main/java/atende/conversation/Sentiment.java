package atende.conversation;

import atende.platform.WireEnum;

public enum Sentiment implements WireEnum {
  POSITIVE,
  NEUTRAL,
  NEGATIVE
}
