package atende.conversation;

import atende.platform.WireEnum;

/** The seed's four priorities (seed 5.1.4), most urgent first. */
public enum Priority implements WireEnum {
  /** The system is down. */
  CRITICAL,
  /** An important feature is affected. */
  HIGH,
  /** A problem that can wait. */
  MEDIUM,
  /** General questions. */
  LOW
}
