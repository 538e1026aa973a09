package atende.metrics;

/**
 * The inbound media messages of one type stored in the window, as the reader gets them from
 * {@code count()} and {@code sum()} aggregations over {@code messageKeys}: how many, how many the model
 * heard or saw ({@code mediaText}), how many it did not ({@code media.unread}), and the input tokens
 * the model reported for them. The rest are still waiting for their turn (or predate the mirror).
 */
public record MediaCounts(long messages, long understood, long notUnderstood, long tokens) {
  public static final MediaCounts NONE = new MediaCounts(0, 0, 0, 0);

  public MediaCounts {
    if (messages < 0 || understood < 0 || notUnderstood < 0 || tokens < 0) {
      throw new IllegalArgumentException("negative media counts");
    }
  }

  /** Not looked at yet: the turn had not run when the window was read. Never negative. */
  public long pending() {
    return Math.max(0, messages - understood - notUnderstood);
  }

  MediaCounts plus(MediaCounts other) {
    return new MediaCounts(messages + other.messages, understood + other.understood, notUnderstood + other.notUnderstood,
        tokens + other.tokens);
  }
}
