package atende.followup;

import atende.platform.WireEnum;

/**
 * FollowUpSweep's claims: {@code tickets/{t}/sweep/{kind}-{what}} for the work on a ticket, and
 * {@code escalations/{id}/sweep/republish-{bucket}} for a republish. Each is created if absent before
 * the work, so two sweeps at once act once; {@link #STATUS} is {@link Status#CLAIMED} until the work's
 * outcome replaces it. The key's suffix is the ticket's due time ({@code followup-<dueAt ms>},
 * {@code sla-<escalatedAt ms>}, {@code timeout-<lastInboundAt ms>}) or the message ({@code retry-<messageId>},
 * {@code resend-<replyId>-<n>} for the n-th resend of an unsent reply).
 */
public final class SweepClaimSchema {
  public static final String COLLECTION = "sweep";
  /** A {@link Kind}. */
  public static final String KIND = "kind";
  /** A {@link Status}. */
  public static final String STATUS = "status";
  public static final String CLAIMED_AT = "claimedAt";
  public static final String FINISHED_AT = "finishedAt";
  /** The claim of whoever takes over a stale claim is the claim's key with this suffix. */
  public static final String TAKEOVER = "-takeover";

  // What the claim is for.
  /** A follow-up: the due time it acts on, and what it decided ({@code send-<n>}, {@code close-<reason>[-silent]}). */
  public static final String DUE_AT = "dueAt";
  public static final String ACTION = "action";
  /** An SLA breach: the escalation time it breaches. */
  public static final String ESCALATED_AT = "escalatedAt";
  /** A retry: the customer message re-run, and why ({@link SweepRules.UnansweredReason}). */
  public static final String MESSAGE_ID = "messageId";
  public static final String REASON = "reason";

  /** What the claim is for; its wire form starts the key. */
  public enum Kind implements WireEnum {
    FOLLOWUP, SLA, RETRY, TIMEOUT, REPUBLISH, RESEND;

    public String key(Object what) {
      return wire() + "-" + what;
    }
  }

  public enum Status implements WireEnum { CLAIMED, SENT, SEND_FAILED, CLOSED, CANCELLED, RECOVERED, RAISED, RETRIED, ESCALATED }

  private SweepClaimSchema() {}
}
