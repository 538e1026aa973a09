package atende.knowledge.sources;

import atende.platform.WireEnum;

/** {@code knowledgeSources/{id}.status}: where the source's sync stands. */
public enum SourceStatus implements WireEnum {
  /** Fetching and chunking now. */
  SYNCING,
  /** Its chunks are in the knowledge base. */
  SYNCED,
  /** The last sync failed ({@code error} says why); the chunks of the last good sync stay. */
  ERROR,
  /** {@code enabled: false}: kept, but its chunks are removed. */
  DISABLED
}
