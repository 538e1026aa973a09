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
 * {@code question} is one customer's words: {@code questionTicketId} says whose, so erasing that customer
 * ({@link #forget}) removes it (the count stays), and the next question of the group takes its place.
 */
public final class KnowledgeGaps {
  public static final String COLLECTION = "knowledgeGaps";
  public static final String INSTANCE = "instance";
  public static final String QUESTION = "question";
  /** The ticket {@link #QUESTION}'s text came from. */
  public static final String QUESTION_TICKET_ID = "questionTicketId";
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
      if (!doc.exists()) fields.put(FIRST_SEEN_AT, now);
      if (doc.getString(QUESTION) == null) {
        fields.put(QUESTION, question.text());
        fields.put(QUESTION_TICKET_ID, ticketId);
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

  /** Firestore's limit on the values of one {@code array-contains-any} filter. */
  private static final int ANY_OF_LIMIT = 30;

  /**
   * Erasure of these tickets' customer: they leave every group's examples and runs, and a group whose
   * question came from one of them (or, for groups recorded before {@link #QUESTION_TICKET_ID}, that
   * lists one of them) loses its text; counts stay. Returns how many groups changed.
   */
  public int forget(List<String> ticketIds) {
    int changed = 0;
    for (int from = 0; from < ticketIds.size(); from += ANY_OF_LIMIT) {
      List<String> chunk = ticketIds.subList(from, Math.min(ticketIds.size(), from + ANY_OF_LIMIT));
      for (DocumentSnapshot gap : await(db.collection(COLLECTION).whereArrayContainsAny(TICKET_IDS, List.copyOf(chunk)).get()).getDocuments()) {
        await(db.runTransaction(tx -> {
          DocumentSnapshot doc = tx.get(gap.getReference()).get();
          List<String> tickets = strings(doc.get(TICKET_IDS));
          String source = doc.getString(QUESTION_TICKET_ID);
          boolean textIsTheirs = source == null ? tickets.stream().anyMatch(ticketIds::contains) : ticketIds.contains(source);
          tickets.removeIf(ticketIds::contains);
          List<String> runs = strings(doc.get(RUN_IDS));
          runs.removeIf(run -> ticketIds.stream().anyMatch(run::startsWith));
          Map<String, Object> fields = new HashMap<>();
          fields.put(TICKET_IDS, tickets);
          fields.put(RUN_IDS, runs);
          if (textIsTheirs) {
            fields.put(QUESTION, null);
            fields.put(QUESTION_TICKET_ID, null);
          }
          tx.update(gap.getReference(), fields);
          return null;
        }));
        changed++;
      }
    }
    return changed;
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
