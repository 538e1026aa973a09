package atende.knowledge;

import static atende.platform.Firestores.await;

import atende.platform.Ids;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.SetOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code knowledgeGaps/{gapId}}: the questions the knowledge base did not answer, grouped
 * ({@link GapQuestion}) per instance, so an operator sees what to write next. One document per group:
 * {@code question}, {@code count}, {@code ticketIds} (up to {@value #EXAMPLES} examples), {@code reasons},
 * {@code firstSeenAt}, {@code lastSeenAt}. Counted once per run, however often the turn is delivered.
 */
public final class KnowledgeGaps {
  public static final String COLLECTION = "knowledgeGaps";
  public static final String INSTANCE = "instance";
  public static final String QUESTION = "question";
  public static final String COUNT = "count";
  public static final String TICKET_IDS = "ticketIds";
  public static final String REASONS = "reasons";
  public static final String FIRST_SEEN_AT = "firstSeenAt";
  public static final String LAST_SEEN_AT = "lastSeenAt";
  /** The last runs counted, so a redelivered turn is not counted twice. */
  static final String RUN_IDS = "runIds";
  static final int EXAMPLES = 5;
  private static final int REMEMBERED_RUNS = 20;

  /** Why a question counts as a gap. */
  public enum Reason implements WireEnum {
    /** The turn escalated because the knowledge base has no answer. */
    NO_KNOWLEDGE,
    /** It was answered, but no knowledge entry matched it well. */
    WEAK_RETRIEVAL
  }

  /** A group as {@code Metrics} lists it. */
  public record Gap(String id, String instance, String question, long count, List<String> ticketIds, Timestamp lastSeenAt) {}

  private final Firestore db;
  private final Clock clock;

  public KnowledgeGaps(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void record(String instance, GapQuestion question, Reason reason, String ticketId, String runId) {
    DocumentReference ref = db.collection(COLLECTION).document(Ids.slug(instance) + "_" + Ids.shortHash(question.key()));
    Timestamp now = Timestamp.ofTimeMicroseconds(clock.millis() * 1000);
    await(db.runTransaction(tx -> {
      DocumentSnapshot doc = tx.get(ref).get();
      List<String> runs = strings(doc.get(RUN_IDS));
      if (runs.contains(runId)) return null;
      runs.add(runId);
      LinkedHashSet<String> tickets = new LinkedHashSet<>(strings(doc.get(TICKET_IDS)));
      if (tickets.size() < EXAMPLES) tickets.add(ticketId);
      LinkedHashSet<String> reasons = new LinkedHashSet<>(strings(doc.get(REASONS)));
      reasons.add(reason.wire());
      Map<String, Object> fields = new HashMap<>();
      fields.put(INSTANCE, instance);
      if (!doc.exists()) {
        fields.put(QUESTION, question.text());
        fields.put(FIRST_SEEN_AT, now);
      }
      Long count = doc.getLong(COUNT);
      fields.put(COUNT, (count == null ? 0 : count) + 1);
      fields.put(TICKET_IDS, List.copyOf(tickets));
      fields.put(REASONS, List.copyOf(reasons));
      fields.put(LAST_SEEN_AT, now);
      fields.put(RUN_IDS, runs.subList(Math.max(0, runs.size() - REMEMBERED_RUNS), runs.size()));
      tx.set(ref, fields, SetOptions.merge());
      return null;
    }));
  }

  /** The most asked unanswered questions (of one instance, or all), most asked first. */
  public List<Gap> top(Optional<String> instance, int limit) {
    Query query = db.collection(COLLECTION);
    if (instance.isPresent()) query = query.whereEqualTo(INSTANCE, instance.get());
    List<Gap> gaps = new ArrayList<>();
    for (DocumentSnapshot doc : await(query.orderBy(COUNT, Query.Direction.DESCENDING).limit(limit).get()).getDocuments()) {
      Long count = doc.getLong(COUNT);
      gaps.add(new Gap(doc.getId(), doc.getString(INSTANCE), doc.getString(QUESTION), count == null ? 0 : count,
          strings(doc.get(TICKET_IDS)), doc.getTimestamp(LAST_SEEN_AT)));
    }
    return gaps;
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) list.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
