package atende.agent;

/** The model could not give a usable decision; {@code reason} becomes the escalation reason. */
public class EngineFailure extends RuntimeException {
  public static final String MODEL_UNAVAILABLE = "model_unavailable";
  public static final String MODEL_INVALID_OUTPUT = "model_invalid_output";
  public static final String SAFETY_BLOCK = "safety_block";

  private final String reason;

  public EngineFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
