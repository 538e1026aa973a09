package atende.agent;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A decision plus where it came from, stored on the message as {@code ai.*}. {@code outputTokens}
 * includes {@code thoughtTokens} (thinking is billed as output). {@code promptVersion} is the
 * {@code config/prompts} version the model was given (empty for engines without prompts), so a console
 * prompt edit can be traced to the answers it produced. {@code media}: what the engine heard or saw in
 * the burst's media, per message (empty for an engine that cannot).
 */
public record EngineAnswer(Decision decision, String engine, String model, long latencyMs, int inputTokens, int outputTokens,
    int thoughtTokens, Optional<String> promptVersion, List<MediaReading> media) {

  /**
   * What the model said a media message holds, in the customer's language, and the input tokens that
   * media cost (empty when neither the response nor a documented rate says).
   */
  public record MediaReading(String messageId, String text, OptionalInt tokens) {}

  public EngineAnswer {
    media = List.copyOf(media);
  }

  /** An answer from an engine that neither thinks, uses prompts nor hears media (the offline engine). */
  public EngineAnswer(Decision decision, String engine, String model, long latencyMs, int inputTokens, int outputTokens) {
    this(decision, engine, model, latencyMs, inputTokens, outputTokens, 0, Optional.empty(), List.of());
  }
}
