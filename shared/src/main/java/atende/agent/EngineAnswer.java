package atende.agent;

import java.util.Optional;

/**
 * A decision plus where it came from, stored on the message as {@code ai.*}. {@code outputTokens}
 * includes {@code thoughtTokens} (thinking is billed as output). {@code promptVersion} is the
 * {@code config/prompts} version the model was given (empty for engines without prompts), so a console
 * prompt edit can be traced to the answers it produced.
 */
public record EngineAnswer(Decision decision, String engine, String model, long latencyMs, int inputTokens, int outputTokens,
    int thoughtTokens, Optional<String> promptVersion) {

  /** An answer from an engine that neither thinks nor uses prompts (the offline engine). */
  public EngineAnswer(Decision decision, String engine, String model, long latencyMs, int inputTokens, int outputTokens) {
    this(decision, engine, model, latencyMs, inputTokens, outputTokens, 0, Optional.empty());
  }
}
