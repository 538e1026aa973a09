package atende.agent;

import atende.platform.WireEnum;

/**
 * How much Gemini 3 thinks before it answers ({@code generationConfig.thinkingConfig.thinkingLevel}).
 * Gemini 3 Flash thinks at MEDIUM when a request says nothing, and its thinking tokens come out of the
 * same {@code maxOutputTokens} as the answer (docs/reference/gcp.md "Gemini on Vertex AI";
 * googleapis/python-genai#2062), so every request names a level and reserves {@link #room()} for it.
 */
public enum ThinkingLevel implements WireEnum {
  MINIMAL(1_024),
  LOW(4_096),
  MEDIUM(8_192),
  HIGH(24_576);

  private final int room;

  ThinkingLevel(int room) {
    this.room = room;
  }

  /**
   * Output tokens reserved for thinking at this level, on top of the answer's own budget. Google documents
   * no token figure per level; these are ceilings, not spend (only the tokens used are billed), taken
   * HIGH gets the largest thinking budget Gemini 2.5 Flash accepts (24,576), the lower levels less in
   * proportion, so a model that thinks long at its level still leaves the answer its room.
   */
  public int room() {
    return room;
  }
}
