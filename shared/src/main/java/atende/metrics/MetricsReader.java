package atende.metrics;

import static atende.platform.Firestores.await;

import atende.conversation.Category;
import atende.conversation.Direction;
import atende.conversation.MessageKeySchema;
import atende.conversation.Priority;
import atende.conversation.TicketSchema;
import atende.evolution.MessageType;
import atende.knowledge.KnowledgeGaps;
import atende.platform.Firestores;
import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuery;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads one window's observations from Firestore, counting with {@code count()} wherever a count will
 * do and reading documents only for values:
 * <ul>
 *   <li>per group (all, each category, each priority): tickets, escalated, resolved automatically,
 *       resolved automatically after an escalation, classified, corrected by a person — six
 *       {@code count()}s over {@code tickets} filtered by {@code createdAt} in the window (and
 *       {@code instance});</li>
 *   <li>NPS: {@code count()} + {@code sum(nps)} of the answers and {@code count()}s of promoters and
 *       detractors, so no answer is read;</li>
 *   <li>inbound messages: a {@code count()} over the top-level {@code messageKeys} index;</li>
 *   <li>inbound media, per type: {@code count()}s of all, understood and not understood
 *       ({@code mediaUnderstood}) and {@code sum(mediaTokens)}, over the same index (the turn mirrors
 *       its media outcome there: messages live under each ticket, and the emulator has no
 *       collection-group queries);</li>
 *   <li>first-response times: the only documents read, the tickets whose first reply fell in the
 *       window ({@code firstResponseAt} range, so unanswered tickets are skipped), projected to three
 *       fields and kept when created in the window.</li>
 * </ul>
 * All queries run concurrently. The composite indexes they need are declared in
 * {@code terraform/firestore.tf}; filters are added in the order the indexes list their fields.
 * {@code avg()} is deliberately not used: the emulator computes it differently from Firestore.
 */
public final class MetricsReader {
  /** The unanswered questions the report lists, most asked first. */
  static final int TOP_GAPS = 10;
  private final Firestore db;
  private final Clock clock;

  public MetricsReader(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public Observations read(Range range, Optional<String> instance) {
    Instant to = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant from = to.minus(range.duration());
    Window window = new Window(db, instance, timestamp(from), timestamp(to));

    GroupCounts overall = new GroupCounts(window, List.of());
    Map<Category, GroupCounts> categories = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      categories.put(c, new GroupCounts(window, List.of(Filter.equalTo(TicketSchema.CATEGORY, c.wire()))));
    }
    Map<Priority, GroupCounts> priorities = new EnumMap<>(Priority.class);
    for (Priority p : Priority.values()) {
      priorities.put(p, new GroupCounts(window, List.of(Filter.equalTo(TicketSchema.PRIORITY, p.wire()))));
    }
    Query answers = window.tickets(Filter.inArray(TicketSchema.NPS, MetricFields.NPS_SCORES));
    AggregateField npsSum = AggregateField.sum(TicketSchema.NPS);
    ApiFuture<AggregateQuerySnapshot> npsAll = window.aggregate(answers.aggregate(AggregateField.count(), npsSum));
    ApiFuture<AggregateQuerySnapshot> promoters = window.count(
        window.tickets(Filter.inArray(TicketSchema.NPS, MetricFields.NPS_SCORES.subList(9, 11))));
    ApiFuture<AggregateQuerySnapshot> detractors = window.count(
        window.tickets(Filter.inArray(TicketSchema.NPS, MetricFields.NPS_SCORES.subList(0, 7))));
    ApiFuture<AggregateQuerySnapshot> inbound = window.count(window.inboundMessages());
    Map<MessageType, MediaTypeCounts> media = new EnumMap<>(MessageType.class);
    for (MessageType type : MessageType.MEDIA) media.put(type, new MediaTypeCounts(window, type));
    ApiFuture<QuerySnapshot> responded = window.responded().get();

    List<Long> firstResponses = new ArrayList<>();
    QuerySnapshot respondedDocs = await(responded);
    for (QueryDocumentSnapshot doc : respondedDocs.getDocuments()) {
      firstResponseMs(doc, window.from, window.to).ifPresent(firstResponses::add);
    }
    AggregateQuerySnapshot all = await(npsAll);
    NpsCounts nps = new NpsCounts(all.getCount(), await(promoters).getCount(), await(detractors).getCount(), sum(all, npsSum));

    Map<Category, TicketCounts> byCategory = new EnumMap<>(Category.class);
    categories.forEach((c, counts) -> byCategory.put(c, counts.await()));
    Map<Priority, TicketCounts> byPriority = new EnumMap<>(Priority.class);
    priorities.forEach((p, counts) -> byPriority.put(p, counts.await()));
    Map<MessageType, MediaCounts> mediaCounts = new EnumMap<>(MessageType.class);
    media.forEach((type, counts) -> mediaCounts.put(type, counts.await()));
    List<KnowledgeGaps.Gap> gaps = new KnowledgeGaps(db, clock).top(instance, TOP_GAPS);
    return new Observations(range, from, to, instance, overall.await(), byCategory, byPriority, firstResponses, nps,
        await(inbound).getCount(), mediaCounts, gaps,
        new Observations.Reads(window.aggregations.get(), respondedDocs.size() + gaps.size()));
  }

  /** {@code firstResponseMs} of a ticket created in the window, or the difference of its timestamps. */
  static Optional<Long> firstResponseMs(QueryDocumentSnapshot doc, Timestamp from, Timestamp to) {
    Timestamp created = doc.getTimestamp(TicketSchema.CREATED_AT);
    if (created == null || created.compareTo(from) < 0 || created.compareTo(to) > 0) return Optional.empty();
    Object stored = doc.get(TicketSchema.FIRST_RESPONSE_MS);
    if (stored instanceof Number ms) return Optional.of(ms.longValue());
    Timestamp first = doc.getTimestamp(TicketSchema.FIRST_RESPONSE_AT);
    if (first == null) return Optional.empty();
    return Optional.of(first.toDate().getTime() - created.toDate().getTime());
  }

  static long awaitCount(ApiFuture<AggregateQuerySnapshot> future) {
    return await(future).getCount();
  }

  /** A {@code sum()} as a whole number (0 for none): it comes back a double once it overflows a long. */
  static long sum(AggregateQuerySnapshot snapshot, AggregateField field) {
    Number sum = (Number) snapshot.get(field);
    return sum == null ? 0 : Math.round(sum.doubleValue());
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.ofTimeSecondsAndNanos(instant.getEpochSecond(), instant.getNano());
  }

  /** The window's base queries, and a tally of the aggregations sent. */
  private static final class Window {
    final Firestore db;
    final Optional<String> instance;
    final Timestamp from;
    final Timestamp to;
    final AtomicInteger aggregations = new AtomicInteger();

    Window(Firestore db, Optional<String> instance, Timestamp from, Timestamp to) {
      this.db = db;
      this.instance = instance;
      this.from = from;
      this.to = to;
    }

    // Each names its field in whereEqualTo: dev/terraform-check matches the indexes to the fields it finds there.
    private Query tenantTickets() {
      Query query = db.collection(TicketSchema.COLLECTION);
      return instance.map(i -> query.whereEqualTo(TicketSchema.INSTANCE, i)).orElse(query);
    }

    private Query tenantMessageKeys() {
      Query query = db.collection(MessageKeySchema.COLLECTION);
      return instance.map(i -> query.whereEqualTo(MessageKeySchema.INSTANCE, i)).orElse(query);
    }

    /** Tickets of the instance, narrowed by equality/in {@code filters} in this order, created in the window. */
    Query tickets(Filter... filters) {
      Query query = tenantTickets();
      for (Filter filter : filters) query = query.where(filter);
      return created(query);
    }

    /** Adds the window last, after every equality filter: each index ends with createdAt. */
    Query created(Query query) {
      return query.whereGreaterThanOrEqualTo(TicketSchema.CREATED_AT, from).whereLessThanOrEqualTo(TicketSchema.CREATED_AT, to);
    }

    Query inboundMessages() {
      return created(inbound());
    }

    /** Inbound messages of one media type, narrowed by {@code own}, stored in the window. */
    Query inboundMedia(MessageType type, Filter... own) {
      Query query = inbound().whereEqualTo(MessageKeySchema.TYPE, type.wire());
      for (Filter filter : own) query = query.where(filter);
      return created(query);
    }

    private Query inbound() {
      return tenantMessageKeys().whereEqualTo(MessageKeySchema.DIRECTION, Direction.INBOUND.wire());
    }

    Query responded() {
      return tenantTickets()
          .whereGreaterThanOrEqualTo(TicketSchema.FIRST_RESPONSE_AT, from)
          .whereLessThanOrEqualTo(TicketSchema.FIRST_RESPONSE_AT, to)
          .select(TicketSchema.CREATED_AT, TicketSchema.FIRST_RESPONSE_AT, TicketSchema.FIRST_RESPONSE_MS);
    }

    ApiFuture<AggregateQuerySnapshot> count(Query query) {
      return aggregate(query.count());
    }

    ApiFuture<AggregateQuerySnapshot> aggregate(AggregateQuery query) {
      aggregations.incrementAndGet();
      return query.get();
    }
  }

  /**
   * The counts of one media type and its tokens, started at once. The tokens are a query of their own:
   * {@code sum()} reads the summed field from the index, so its index ends with {@code mediaTokens}
   * and holds only the messages that have it.
   */
  private static final class MediaTypeCounts {
    static final Filter UNDERSTOOD = Filter.equalTo(MessageKeySchema.MEDIA_UNDERSTOOD, true);
    static final Filter NOT_UNDERSTOOD = Filter.equalTo(MessageKeySchema.MEDIA_UNDERSTOOD, false);
    static final AggregateField TOKENS = AggregateField.sum(MessageKeySchema.MEDIA_TOKENS);

    final ApiFuture<AggregateQuerySnapshot> messages, understood, notUnderstood, tokens;

    MediaTypeCounts(Window window, MessageType type) {
      messages = window.count(window.inboundMedia(type));
      understood = window.count(window.inboundMedia(type, UNDERSTOOD));
      notUnderstood = window.count(window.inboundMedia(type, NOT_UNDERSTOOD));
      tokens = window.aggregate(window.inboundMedia(type).aggregate(TOKENS));
    }

    MediaCounts await() {
      return new MediaCounts(awaitCount(messages), awaitCount(understood), awaitCount(notUnderstood),
          sum(Firestores.await(tokens), TOKENS));
    }
  }

  /**
   * The six counts of one group, started at once. Each query is the instance, the group's filter, its
   * own filters, then the window: the field order of its index in {@code terraform/firestore.tf}.
   */
  private static final class GroupCounts {
    static final Filter ESCALATED = Filter.equalTo(TicketSchema.ESCALATED, true);
    static final Filter RESOLVED_AUTOMATICALLY = Filter.inArray(TicketSchema.RESOLVED_BY, MetricFields.RESOLVED_AUTOMATICALLY_BY);
    static final Filter CLASSIFIED = Filter.inArray(TicketSchema.CLASSIFICATION_SOURCE, MetricFields.CLASSIFIED_BY);
    static final Filter CORRECTED = Filter.equalTo(TicketSchema.CLASSIFICATION_SOURCE, MetricFields.CORRECTED_BY);

    final ApiFuture<AggregateQuerySnapshot> tickets, escalated, resolvedAuto, resolvedAutoEscalated, classified, corrected;

    GroupCounts(Window window, List<Filter> group) {
      tickets = window.count(query(window, group));
      escalated = window.count(query(window, group, ESCALATED));
      resolvedAuto = window.count(query(window, group, RESOLVED_AUTOMATICALLY));
      resolvedAutoEscalated = window.count(query(window, group, RESOLVED_AUTOMATICALLY, ESCALATED));
      classified = window.count(query(window, group, CLASSIFIED));
      corrected = window.count(query(window, group, CORRECTED));
    }

    private static Query query(Window window, List<Filter> group, Filter... own) {
      List<Filter> all = new ArrayList<>(group);
      all.addAll(List.of(own));
      return window.tickets(all.toArray(Filter[]::new));
    }

    TicketCounts await() {
      return new TicketCounts(n(tickets), n(escalated), n(resolvedAuto), n(resolvedAutoEscalated), n(classified), n(corrected));
    }

    private static long n(ApiFuture<AggregateQuerySnapshot> future) {
      return MetricsReader.awaitCount(future);
    }
  }
}
