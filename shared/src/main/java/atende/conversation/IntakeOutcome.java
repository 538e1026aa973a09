package atende.conversation;

/** What the webhook did with one Evolution event; each maps to the 200 answer's {@code status}. */
public sealed interface IntakeOutcome {
  /** A new customer message, stored for {@code ProcessMessage}. */
  record Stored(String ticketId, String messageId) implements IntakeOutcome {}

  /** Already stored under this key id: a redelivery. */
  record Duplicate(String ticketId, String messageId) implements IntakeOutcome {}

  /** Accepted but deliberately not stored (groups, reactions, unknown events, ...). */
  record Ignored(String reason) implements IntakeOutcome {}

  /** Evolution's echo of a message we sent; the outbound record was confirmed. */
  record Echo(String ticketId, String messageId) implements IntakeOutcome {}

  /** A message typed by a person on the business phone: the AI steps aside on this ticket. */
  record HumanTakeover(String ticketId, String messageId) implements IntakeOutcome {}

  /** A delivery/read receipt applied to one of our outbound messages. */
  record StatusUpdated(String ticketId, String messageId, MessageStatus status) implements IntakeOutcome {}

  /** The {@code status} word of the webhook's 200 answer. */
  default String answerStatus() {
    return switch (this) {
      case Stored s -> "stored";
      case Duplicate d -> "duplicate";
      case Ignored i -> "ignored";
      case Echo e -> "echo";
      case HumanTakeover h -> "human_takeover";
      case StatusUpdated u -> "status_updated";
    };
  }
}
