package atende.agent;

/** Produces a decision for a turn: Gemini on Vertex AI, or the offline engine. */
public interface Engine {
  EngineAnswer answer(Turn turn);
}
