package atende.agent;

/** Produces a decision for a turn: Gemini on Vertex AI, or the offline engine. */
public interface Engine {
  EngineAnswer answer(Turn turn);

  /** Whether this engine can hear and see media: only then does the turn fetch the bytes for it. */
  default boolean understandsMedia() {
    return false;
  }
}
