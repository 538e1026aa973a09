package atende.knowledge.sources;

import java.util.List;

/** What reading a source gave: its passages, or why there are none this time. */
public sealed interface SourceContent {

  /**
   * @param title the content's own title (a page's {@code <title>}, a document's first heading), or empty
   * @param format what was read: {@code html}, {@code pdf}, {@code markdown}, {@code csv} or {@code text}
   * @param passages the chunks, each self-contained: its title carries the heading path ({@link Chunker})
   * @param dropped passages left out over the per-source cap
   */
  record Read(String title, String format, List<Chunk> passages, int dropped) implements SourceContent {
    public Read {
      passages = List.copyOf(passages);
    }
  }

  /**
   * @param code a stable code for the console ({@code fetch_refused}, {@code fetch_failed}, {@code unreadable}, ...)
   * @param message one sentence the operator can act on
   */
  record Unavailable(String code, String message) implements SourceContent {}
}
