package atende.knowledge.sources;

import atende.knowledge.Embedder;
import atende.platform.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes {@code knowledge/*} match one {@code knowledgeSources/{id}} as it is now (docs/design.md
 * "Knowledge sources"). It reads the source afresh instead of trusting the event, so a redelivered, late or
 * concurrent event converges on the same result: chunks whose id (a digest of what is written) already
 * exists are not written again, chunks that no longer appear are deleted, a deleted or disabled source
 * loses its chunks, and a failed read leaves the last good chunks in place.
 */
public final class SourceSync {

  /** What a sync did, for the log and the function's answer. */
  public sealed interface Outcome {
    record Synced(int chunks, int written, int deleted) implements Outcome {}

    record Failed(String code, String message) implements Outcome {}

    /** The source is gone or disabled: its chunks were deleted. */
    record Removed(int deleted) implements Outcome {}

    /** The source changed while it was read: a new sync was asked for through the trigger. */
    record Superseded() implements Outcome {}
  }

  private final SourceStore store;
  private final SourceReader reader;
  private final Optional<Embedder> embedder;

  public SourceSync(SourceStore store, SourceReader reader, Optional<Embedder> embedder) {
    this.store = store;
    this.reader = reader;
    this.embedder = embedder;
  }

  public Outcome sync(String sourceId) {
    Optional<KnowledgeSource> found = store.source(sourceId);
    if (found.isEmpty()) return remove(sourceId);
    KnowledgeSource source = found.get();
    if (!source.enabled()) {
      Outcome removed = remove(sourceId);
      store.markDisabled(sourceId);
      return removed;
    }
    Optional<String> problem = source.problem();
    if (problem.isPresent()) return fail(source, "invalid_source", problem.get());
    if (!store.markSyncing(sourceId)) return remove(sourceId);

    SourceContent content = reader.read(source);
    if (content instanceof SourceContent.Unavailable unavailable) {
      return fail(source, unavailable.code(), unavailable.message());
    }
    SourceContent.Read read = (SourceContent.Read) content;
    if (read.passages().isEmpty()) return fail(source, "empty", "the source has no text to learn from");

    Map<String, KnowledgeChunk> chunks = chunks(source, read);
    Set<String> existing = store.chunkIds(sourceId);
    List<KnowledgeChunk> toWrite = chunks.values().stream().filter(c -> !existing.contains(c.id())).toList();
    Set<String> toDelete = new TreeSet<>(existing);
    toDelete.removeAll(chunks.keySet());

    Map<String, double[]> embeddings = new HashMap<>();
    if (embedder.isPresent() && !toWrite.isEmpty()) {
      try {
        List<double[]> vectors = embedder.get().embedDocuments(
            toWrite.stream().map(c -> new Embedder.Document(c.title(), c.content())).toList());
        for (int i = 0; i < toWrite.size(); i++) embeddings.put(toWrite.get(i).id(), vectors.get(i));
      } catch (RuntimeException e) {
        Log.error("knowledge.embedding_failed", e, "sourceId", sourceId);
        return fail(source, "embedding_failed", "the chunks could not be embedded for search; set resync: true to try again");
      }
    }
    store.writeChunks(toWrite, embeddings);
    store.deleteChunks(toDelete);

    if (changedSince(source)) return new Outcome.Superseded();
    store.markSynced(sourceId, read.format(), chunks.size(), toWrite.size(), toDelete.size(), read.dropped());
    Log.info("knowledge.synced", "sourceId", sourceId, "format", read.format(), "chunks", chunks.size(),
        "written", toWrite.size(), "deleted", toDelete.size(), "dropped", read.dropped());
    return new Outcome.Synced(chunks.size(), toWrite.size(), toDelete.size());
  }

  /** The source's chunks by id, in reading order; identical passages collapse into one. */
  private Map<String, KnowledgeChunk> chunks(KnowledgeSource source, SourceContent.Read read) {
    String sourceTitle = source.title() != null ? source.title()
        : !read.title().isBlank() ? read.title() : source.displayName();
    String model = embedder.map(Embedder::model).orElse(null);
    Map<String, KnowledgeChunk> chunks = new LinkedHashMap<>();
    for (Chunk passage : read.passages()) {
      KnowledgeChunk chunk = KnowledgeChunk.of(source, sourceTitle, passage.title(), passage.content(), model);
      chunks.putIfAbsent(chunk.id(), chunk);
    }
    return chunks;
  }

  /**
   * A concurrent edit (or deletion) during the read: the chunks just written may be the older version, so
   * the sync is asked for again; the next one reads the newest source and deletes what this one left.
   */
  private boolean changedSince(KnowledgeSource read) {
    Optional<KnowledgeSource> now = store.source(read.id());
    if (now.isPresent() && now.get().fingerprint().equals(read.fingerprint())) return false;
    if (now.isEmpty()) {
      remove(read.id());
    } else {
      store.requestResync(read.id());
    }
    Log.info("knowledge.superseded", "sourceId", read.id());
    return true;
  }

  private Outcome remove(String sourceId) {
    List<String> ids = new ArrayList<>(store.chunkIds(sourceId));
    store.deleteChunks(ids);
    if (!ids.isEmpty()) Log.info("knowledge.removed", "sourceId", sourceId, "deleted", ids.size());
    return new Outcome.Removed(ids.size());
  }

  private Outcome fail(KnowledgeSource source, String code, String message) {
    store.markFailed(source.id(), code, message);
    Log.warn("knowledge.sync_failed", "sourceId", source.id(), "code", code, "reason", message);
    return new Outcome.Failed(code, message);
  }
}
