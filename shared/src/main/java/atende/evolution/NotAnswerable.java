package atende.evolution;

import atende.platform.WireEnum;

/** Why a message must never get an AI answer. */
public enum NotAnswerable implements WireEnum {
  /** A group chat ({@code @g.us}). Reported only when nothing else rules the message out. */
  GROUP,
  /** A status update or broadcast list ({@code @broadcast}). */
  BROADCAST,
  /** An emoji reaction to another message (or its removal). */
  REACTION,
  /** An edit or revoke notice, or a bare encryption-key distribution message. */
  PROTOCOL,
  /** A vote in a poll. */
  POLL_UPDATE,
  /** A WhatsApp channel ({@code @newsletter}). */
  NEWSLETTER,
  /** No text and no content we understand. */
  EMPTY
}
