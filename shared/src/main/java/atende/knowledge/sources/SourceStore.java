package atende.knowledge.sources;

import static atende.platform.Firestores.await;

import atende.knowledge.KnowledgeSchema;
import atende.platform.Firestores;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Firestore for the knowledge sync: {@code knowledgeSources/*} and the {@code knowledge/*} chunks they make.
 * Flags and errors are cleared by writing {@code false}/{@code null}, never by deleting the field (the local
 * emulator ignores {@code FieldValue.delete()}, README "Operating in the Firestore console").
 */
public final class SourceStore {
  /** Firestore allows 500 writes a batch; chunks with embeddings are large, so batches stay smaller. */
  private static final int BATCH = 100;

  private final Firestore db;
  private final Clock clock;

  public SourceStore(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Optional<KnowledgeSource> source(String id) {
    DocumentSnapshot doc = await(sourceRef(id).get());
    return doc.exists() ? Optional.of(KnowledgeSource.of(id, doc.getData())) : Optional.empty();
  }

  /** Every source, for the daily resync (an instance has tens, not thousands). */
  public List<KnowledgeSource> sources() {
    return await(db.collection(SourceSchema.COLLECTION).get()).getDocuments().stream()
        .map(doc -> KnowledgeSource.of(doc.getId(), doc.getData())).toList();
  }

  /** The ids of the chunks the source has now. */
  public Set<String> chunkIds(String sourceId) {
    Set<String> ids = new TreeSet<>();
    for (QueryDocumentSnapshot doc : await(db.collection(KnowledgeSchema.COLLECTION)
        .whereEqualTo(KnowledgeSchema.SOURCE_ID, sourceId).select(KnowledgeSchema.SOURCE_ID).get()).getDocuments()) {
      ids.add(doc.getId());
    }
    return ids;
  }

  /** Writes the chunks, each with its embedding when there is one. */
  public void writeChunks(List<KnowledgeChunk> chunks, Map<String, double[]> embeddings) {
    Timestamp now = now();
    commitInBatches(chunks, (batch, chunk) -> {
      Map<String, Object> fields = new HashMap<>();
      fields.put(KnowledgeSchema.TITLE, chunk.title());
      fields.put(KnowledgeSchema.CONTENT, chunk.content());
      fields.put(KnowledgeSchema.KIND, chunk.kind().wire());
      fields.put(KnowledgeSchema.TAGS, chunk.tags());
      fields.put(KnowledgeSchema.LANGUAGE, "pt-BR");
      fields.put(KnowledgeSchema.SOURCE_ID, chunk.sourceId());
      fields.put(KnowledgeSchema.SOURCE_TITLE, chunk.sourceTitle());
      if (chunk.url() != null) fields.put(KnowledgeSchema.URL, chunk.url());
      if (chunk.instance() != null) fields.put(KnowledgeSchema.INSTANCE, chunk.instance());
      double[] vector = embeddings.get(chunk.id());
      if (vector != null) {
        fields.put(KnowledgeSchema.EMBEDDING, FieldValue.vector(vector));
        fields.put(KnowledgeSchema.EMBEDDING_MODEL, chunk.embeddingModel());
      }
      fields.put(KnowledgeSchema.SYNCED_AT, now);
      batch.set(db.collection(KnowledgeSchema.COLLECTION).document(chunk.id()), fields);
    });
  }

  public void deleteChunks(Collection<String> ids) {
    commitInBatches(List.copyOf(ids), (batch, id) -> batch.delete(db.collection(KnowledgeSchema.COLLECTION).document(id)));
  }

  /** Status {@code syncing}, and the operator's {@code resync} request taken. False when the source is gone. */
  public boolean markSyncing(String id) {
    return update(id, Map.of(SourceSchema.STATUS, SourceStatus.SYNCING.wire(), SourceSchema.RESYNC, false));
  }

  public boolean markSynced(String id, String format, int chunks, int written, int deleted, int dropped) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(SourceSchema.STATUS, SourceStatus.SYNCED.wire());
    fields.put(SourceSchema.FORMAT, format);
    fields.put(SourceSchema.CHUNKS, chunks);
    fields.put(SourceSchema.SYNCED_AT, now());
    fields.put(SourceSchema.LAST_CHANGE, Map.of("written", written, "deleted", deleted, "dropped", dropped));
    fields.put(SourceSchema.ERROR, null);
    return update(id, fields);
  }

  /** Status {@code error} with the reason; the chunks of the last good sync are left as they are. */
  public boolean markFailed(String id, String code, String message) {
    return update(id, Map.of(SourceSchema.STATUS, SourceStatus.ERROR.wire(), SourceSchema.RESYNC, false,
        SourceSchema.ERROR, Map.of(SourceSchema.ERROR_CODE, code, SourceSchema.ERROR_MESSAGE, message)));
  }

  public boolean markDisabled(String id) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(SourceSchema.STATUS, SourceStatus.DISABLED.wire());
    fields.put(SourceSchema.CHUNKS, 0);
    fields.put(SourceSchema.RESYNC, false);
    fields.put(SourceSchema.ERROR, null);
    return update(id, fields);
  }

  /** Asks for another sync through the trigger, as an operator's {@code resync: true} does. */
  public boolean requestResync(String id) {
    return update(id, Map.of(SourceSchema.RESYNC, true));
  }

  private boolean update(String id, Map<String, Object> fields) {
    try {
      await(sourceRef(id).update(fields));
      return true;
    } catch (RuntimeException e) {
      if (Firestores.notFound(e)) return false;
      throw e;
    }
  }

  private DocumentReference sourceRef(String id) {
    return db.collection(SourceSchema.COLLECTION).document(id);
  }

  private <T> void commitInBatches(List<T> items, java.util.function.BiConsumer<WriteBatch, T> write) {
    for (int from = 0; from < items.size(); from += BATCH) {
      WriteBatch batch = db.batch();
      for (T item : items.subList(from, Math.min(items.size(), from + BATCH))) write.accept(batch, item);
      await(batch.commit());
    }
  }

  private Timestamp now() {
    return Timestamp.ofTimeMicroseconds(clock.instant().toEpochMilli() * 1000);
  }
}
