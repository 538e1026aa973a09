package atende.agent;

/**
 * An engine could not produce a usable decision. The Responder answers with the offline engine instead
 * and escalates with {@link #reason()}, so the customer still gets a reply and a person sees why.
 * Messages never carry customer or model text: they end up in logs and on the message's {@code error}.
 */
public final class EngineFailure extends RuntimeException {
  /** The model could not be reached: 5xx/429 after the SDK's retries, a timeout, a network error. */
  public static final String MODEL_UNAVAILABLE = "model_unavailable";
  /** The model answered, but not with a decision matching the schema, even after one repair request. */
  public static final String MODEL_INVALID_OUTPUT = "model_invalid_output";
  /** The prompt or the answer was blocked by safety filters; the model's text must not be used. */
  public static final String SAFETY_BLOCK = "safety_block";
  /** The answer was cut at the output budget ({@code MAX_TOKENS}), even on the retry with minimal thinking. */
  public static final String MODEL_OUTPUT_CUT = "model_output_cut";

  private final String reason;

  private EngineFailure(String reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public static EngineFailure unavailable(String message, Throwable cause) {
    return new EngineFailure(MODEL_UNAVAILABLE, message, cause);
  }

  public static EngineFailure invalidOutput(String message) {
    return new EngineFailure(MODEL_INVALID_OUTPUT, message, null);
  }

  public static EngineFailure safetyBlock(String message) {
    return new EngineFailure(SAFETY_BLOCK, message, null);
  }

  public static EngineFailure outputCut(String message) {
    return new EngineFailure(MODEL_OUTPUT_CUT, message, null);
  }

  /** One of the constants above: an escalation reason code. */
  public String reason() {
    return reason;
  }
}
