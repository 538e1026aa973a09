package atende.agent;

/** A decision plus where it came from, stored on the message as {@code ai.*}. */
public record EngineAnswer(Decision decision, String engine, String model, long latencyMs, int inputTokens, int outputTokens) {}
