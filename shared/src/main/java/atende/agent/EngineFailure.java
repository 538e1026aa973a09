package atende.agent;

import atende.escalation.EscalationReason;

/**
 * An engine could not produce a usable decision. The Responder answers with the offline engine instead
 * and escalates with {@link #reason()}, so the customer still gets a reply and a person sees why.
 * Messages never carry customer or model text: they end up in logs and on the message's {@code error}.
 */
public final class EngineFailure extends RuntimeException {
  private final EscalationReason reason;

  private EngineFailure(EscalationReason reason, String message, Throwable cause) {
    super(reason.wire() + ": " + message, cause);
    this.reason = reason;
  }

  /** The model could not be reached: 5xx/429 after the SDK's retries, a timeout, a network error. */
  public static EngineFailure unavailable(String message, Throwable cause) {
    return new EngineFailure(EscalationReason.MODEL_UNAVAILABLE, message, cause);
  }

  /** The model answered, but not with a decision matching the schema, even after one repair request. */
  public static EngineFailure invalidOutput(String message) {
    return new EngineFailure(EscalationReason.MODEL_INVALID_OUTPUT, message, null);
  }

  /** The prompt or the answer was blocked by safety filters; the model's text must not be used. */
  public static EngineFailure safetyBlock(String message) {
    return new EngineFailure(EscalationReason.SAFETY_BLOCK, message, null);
  }

  /** The answer was cut at the output budget ({@code MAX_TOKENS}), even on the retry with minimal thinking. */
  public static EngineFailure outputCut(String message) {
    return new EngineFailure(EscalationReason.MODEL_OUTPUT_CUT, message, null);
  }

  /** The escalation reason: one of the four above. */
  public EscalationReason reason() {
    return reason;
  }
}
