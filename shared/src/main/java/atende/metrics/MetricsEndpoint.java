package atende.metrics;

import atende.platform.Firestores;
import atende.platform.Log;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The Metrics function's HTTP contract without the HTTP server: {@code GET ?range=1h|24h|7d} (default
 * 24h) and optionally {@code &instance=<name>}. 200 with the report; 400 for a bad parameter, with a
 * message naming the valid values; 405 for other methods; 503 when Firestore is unavailable. No
 * token check: the function is private (IAM invoker) in production.
 */
public final class MetricsEndpoint {
  /** The answer: HTTP status and a JSON object body. */
  public record Answer(int status, Map<String, Object> body) {}

  static final int MAX_INSTANCE_LENGTH = 200;

  private final BiFunction<Range, Optional<String>, Observations> reader;

  public MetricsEndpoint(MetricsReader reader) {
    this(reader::read);
  }

  /** For tests: any source of observations. */
  public MetricsEndpoint(BiFunction<Range, Optional<String>, Observations> reader) {
    this.reader = reader;
  }

  public Answer handle(String method, Map<String, List<String>> query) {
    if (!"GET".equalsIgnoreCase(method)) return error(405, "use GET");
    Range range;
    try {
      range = Range.parse(single(query, "range"));
    } catch (Range.UnknownRange e) {
      return error(400, e.getMessage());
    }
    String instanceParam = single(query, "instance");
    Optional<String> instance = Optional.ofNullable(instanceParam).map(String::trim).filter(i -> !i.isEmpty());
    if (instance.isPresent() && !validInstance(instance.get())) {
      return error(400, "instance must be 1-" + MAX_INSTANCE_LENGTH + " characters without control characters");
    }
    try {
      MetricsReport report = MetricsCalculator.report(reader.apply(range, instance));
      Log.info("metrics.served", "range", range.wire(), "instance", instance.orElse(null), "tickets", report.tickets(),
          "aggregationQueries", report.reads().aggregationQueries(), "documents", report.reads().documents());
      return new Answer(200, report.toJson());
    } catch (Firestores.StorageException | com.google.api.gax.rpc.ApiException e) {
      Log.error("metrics.storage_unavailable", e, "range", range.wire(), "instance", instance.orElse(null));
      return error(503, "storage unavailable, retry later");
    }
  }

  /** The first value of a query parameter; a repeated parameter is ambiguous, so only the first counts. */
  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  static boolean validInstance(String instance) {
    return instance.length() <= MAX_INSTANCE_LENGTH && instance.chars().noneMatch(Character::isISOControl);
  }

  private static Answer error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    return new Answer(status, body);
  }
}
