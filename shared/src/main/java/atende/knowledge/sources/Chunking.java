package atende.knowledge.sources;

import java.util.List;

/**
 * A source's chunks, in document order.
 *
 * @param chunks at most {@link Chunker#MAX_CHUNKS}
 * @param dropped how many chunks beyond that cap were left out (the end of the source); 0 normally
 */
public record Chunking(List<Chunk> chunks, int dropped) {

  public Chunking {
    chunks = List.copyOf(chunks);
  }
}
