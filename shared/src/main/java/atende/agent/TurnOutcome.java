package atende.agent;

/** How one {@code ProcessMessage} invocation ended. */
public sealed interface TurnOutcome {
  /** A reply was sent (or, for a preview, stored without sending). */
  record Answered(String runId, String outboundId, boolean escalated) implements TurnOutcome {}

  /** Nothing to do: not a new customer message, AI paused, ticket closed, ... */
  record Skipped(String reason) implements TurnOutcome {}

  /** A newer message of the same burst will answer for this one. */
  record Superseded(String newerMessageId) implements TurnOutcome {}

  /** Another delivery of the same event already claimed this run. */
  record AlreadyClaimed(String runId) implements TurnOutcome {}

  /** The reply could not be sent; the failure is recorded on the messages and the ticket escalated. */
  record Failed(String runId, String code) implements TurnOutcome {}
}
