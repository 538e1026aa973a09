package atende.knowledge;

import static atende.platform.Firestores.await;

import atende.platform.WireEnum;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The company's knowledge base ({@code knowledge/*}), cached briefly so console edits apply within a minute. */
public final class KnowledgeBase {
  public static final String COLLECTION = "knowledge";
  private static final Duration TTL = Duration.ofSeconds(60);

  /** The entries as read, indexed once for the time they are cached. */
  private record Cached(LexicalIndex index, Instant expires) {}

  private final Firestore db;
  private final Clock clock;
  private volatile Cached cached;

  public KnowledgeBase(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** The entries that best match {@code query}, best first; empty when nothing matches well. */
  public List<KnowledgeDoc> search(String query, int limit) {
    return index().rank(query, limit).stream().map(LexicalIndex.ScoredDoc::doc).toList();
  }

  private LexicalIndex index() {
    Instant now = clock.instant();
    Cached current = cached;
    if (current == null || now.isAfter(current.expires())) {
      List<KnowledgeDoc> docs = await(db.collection(COLLECTION).get()).getDocuments().stream().map(KnowledgeBase::toDoc).toList();
      current = new Cached(LexicalIndex.of(docs), now.plus(TTL));
      cached = current;
    }
    return current.index();
  }

  private static KnowledgeDoc toDoc(QueryDocumentSnapshot doc) {
    List<String> tags = doc.get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    return new KnowledgeDoc(doc.getId(), doc.getString("title"), doc.getString("content"),
        WireEnum.parse(KnowledgeKind.class, doc.getString("kind")).orElse(KnowledgeKind.FAQ), tags, doc.getString("language"));
  }
}
