package atende.metrics;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.evolution.MessageType;
import atende.knowledge.KnowledgeGaps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the reader fetched for one window: the calculator's whole input, so every number in the
 * report is computed without I/O. Groups and media types missing from the maps count as empty.
 */
public record Observations(
    Range range,
    Instant from,
    Instant to,
    Optional<String> instance,
    TicketCounts overall,
    Map<Category, TicketCounts> byCategory,
    Map<Priority, TicketCounts> byPriority,
    List<Long> firstResponseMs,
    NpsCounts nps,
    long inboundMessages,
    Map<MessageType, MediaCounts> media,
    List<KnowledgeGaps.Gap> knowledgeGaps,
    Reads reads) {

  public Observations {
    media = Map.copyOf(media);
    knowledgeGaps = List.copyOf(knowledgeGaps);
    byCategory = Map.copyOf(byCategory);
    byPriority = Map.copyOf(byPriority);
    firstResponseMs = List.copyOf(firstResponseMs);
  }

  /**
   * What the reader asked Firestore for: aggregation queries (each billed as at least one document
   * read, one per 1,000 index entries counted) and documents actually returned.
   */
  public record Reads(int aggregationQueries, long documents) {
    public static final Reads NONE = new Reads(0, 0);
  }
}
