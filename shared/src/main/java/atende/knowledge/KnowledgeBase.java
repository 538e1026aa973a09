package atende.knowledge;

import static atende.platform.Firestores.await;

import atende.platform.Log;
import atende.platform.WireEnum;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.VectorValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The company's knowledge base ({@code knowledge/*}), cached briefly so console edits and source syncs apply
 * within a minute. Each instance sees the entries for every instance and its own ({@link KnowledgeSchema#INSTANCE}),
 * indexed once per cache period ({@link KnowledgeIndex}). With an {@link Embedder} (Gemini configured), the
 * question is embedded once per turn and ranked against the vectors the sync stored; a failed embedding call
 * leaves the turn with lexical ranking, never without an answer.
 */
public final class KnowledgeBase {
  /** Short enough that a source synced in a few seconds answers within a minute of the operator's edit. */
  private static final Duration TTL = Duration.ofSeconds(45);

  /** An entry as read, with the instance it is for (null = every one). */
  private record Stored(KnowledgeIndex.Entry entry, String instance) {}

  /** The entries as read, and each instance's index of them, built on first use. */
  private record Cached(List<Stored> entries, Map<String, KnowledgeIndex> byInstance, Instant expires) {}

  private final Firestore db;
  private final Clock clock;
  private final Optional<Embedder> embedder;
  private final KnowledgeGaps gaps;
  private volatile Cached cached;

  public KnowledgeBase(Firestore db, Clock clock, Optional<Embedder> embedder) {
    this.db = db;
    this.clock = clock;
    this.embedder = embedder;
    this.gaps = new KnowledgeGaps(db, clock);
  }

  /** Records a question the knowledge base did not answer ({@link KnowledgeGaps}), once per run. */
  public void noteGap(String instance, GapQuestion question, KnowledgeGaps.Reason reason, String ticketId, String runId) {
    gaps.record(instance, question, reason, ticketId, runId);
  }

  /** The entries that best answer {@code query} in {@code instance}, best first, and whether they rest on little. */
  public KnowledgeIndex.Retrieval retrieve(String instance, String query, int limit) {
    if (query == null || query.isBlank()) return KnowledgeIndex.Retrieval.NONE;
    KnowledgeIndex index = index(instance);
    return index.retrieve(query, index.semantic() ? queryVector(query) : Optional.empty(), limit);
  }

  private Optional<double[]> queryVector(String query) {
    try {
      return embedder.map(e -> e.embedQuery(query));
    } catch (RuntimeException e) {
      Log.warn("knowledge.query_embedding_failed", "error", e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private KnowledgeIndex index(String instance) {
    Instant now = clock.instant();
    Cached current = cached;
    if (current == null || now.isAfter(current.expires())) {
      List<Stored> entries = await(db.collection(KnowledgeSchema.COLLECTION).get()).getDocuments().stream()
          .map(this::toStored).toList();
      current = new Cached(entries, new ConcurrentHashMap<>(), now.plus(TTL));
      cached = current;
    }
    List<Stored> entries = current.entries();
    return current.byInstance().computeIfAbsent(instance == null ? "" : instance, key -> KnowledgeIndex.of(entries.stream()
        .filter(s -> s.instance() == null || s.instance().equals(key)).map(Stored::entry).toList()));
  }

  private Stored toStored(QueryDocumentSnapshot doc) {
    List<String> tags = doc.get(KnowledgeSchema.TAGS) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    KnowledgeDoc entry = new KnowledgeDoc(doc.getId(), doc.getString(KnowledgeSchema.TITLE), doc.getString(KnowledgeSchema.CONTENT),
        WireEnum.parse(KnowledgeKind.class, doc.getString(KnowledgeSchema.KIND)).orElse(KnowledgeKind.FAQ), tags,
        doc.getString(KnowledgeSchema.LANGUAGE), doc.getString(KnowledgeSchema.SOURCE_TITLE));
    return new Stored(new KnowledgeIndex.Entry(entry, embedding(doc)), doc.getString(KnowledgeSchema.INSTANCE));
  }

  /** The stored vector when it comes from the model that will embed the question; else none. */
  private double[] embedding(QueryDocumentSnapshot doc) {
    if (embedder.isEmpty() || !embedder.get().model().equals(doc.getString(KnowledgeSchema.EMBEDDING_MODEL))) return null;
    return doc.get(KnowledgeSchema.EMBEDDING) instanceof VectorValue vector ? vector.toArray() : null;
  }
}
