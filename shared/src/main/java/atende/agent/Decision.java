package atende.agent;

import atende.escalation.EscalationReason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One AI turn's structured decision (what the seed's four prompts decide, in one call): how to
 * classify the conversation, what to reply, whether a human must take over and why, when to follow up,
 * and whether the customer's issue is resolved.
 */
public record Decision(
    Classification classification,
    String reply,
    boolean escalate,
    List<EscalationReason> reasons,
    Optional<Duration> followUpIn,
    boolean resolved) {

  public Decision {
    reasons = List.copyOf(reasons);
  }

  public Decision withEscalation(List<EscalationReason> allReasons) {
    return new Decision(classification, reply, !allReasons.isEmpty(), allReasons, followUpIn, resolved);
  }

  public Decision withReply(String newReply) {
    return new Decision(classification, newReply, escalate, reasons, followUpIn, resolved);
  }
}
