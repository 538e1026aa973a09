package atende.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The HTTP contract's decisions before and after the read (the read itself: MetricsFunctionTest). */
class MetricsEndpointTest {
  static final BiFunction<Range, Optional<String>, Observations> NEVER = (range, instance) -> {
    throw new AssertionError("nothing may be read for a rejected request");
  };

  @Test
  void otherMethodsAre405() {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      MetricsEndpoint.Answer answer = new MetricsEndpoint(NEVER).handle(method, Map.of());
      assertThat(answer.status()).isEqualTo(405);
      assertThat(answer.body()).containsEntry("error", "use GET");
    }
  }

  @Test
  void anUnknownRangeIs400ListingTheValidOnes() {
    MetricsEndpoint.Answer answer = new MetricsEndpoint(NEVER).handle("GET", Map.of("range", List.of("1w")));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).containsEntry("error", "unknown range \"1w\": use one of 1h, 24h, 7d (default 24h)");
  }

  @Test
  void aBadInstanceIs400() {
    MetricsEndpoint endpoint = new MetricsEndpoint(NEVER);
    assertThat(endpoint.handle("GET", Map.of("instance", List.of("a\tb"))).status()).isEqualTo(400);
    assertThat(endpoint.handle("GET", Map.of("instance", List.of("x".repeat(201)))).status()).isEqualTo(400);
  }

  @Test
  void theDefaultsAreTheLastDayOfEveryInstance() {
    AtomicReference<Object[]> asked = new AtomicReference<>();
    MetricsEndpoint endpoint = new MetricsEndpoint((range, instance) -> {
      asked.set(new Object[] {range, instance});
      return empty(range, instance);
    });
    MetricsEndpoint.Answer answer = endpoint.handle("GET", Map.of("instance", List.of("  ")));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(asked.get()).containsExactly(Range.LAST_DAY, Optional.empty());
    assertThat(answer.body()).containsEntry("range", "24h").doesNotContainKey("instance");

    endpoint.handle("get", Map.of("range", List.of("1h", "7d"), "instance", List.of(" loja ")));
    assertThat(asked.get()).containsExactly(Range.LAST_HOUR, Optional.of("loja"));
  }

  @Test
  void storageTroubleIs503() {
    MetricsEndpoint endpoint = new MetricsEndpoint((range, instance) -> {
      throw new Firestores.StorageException(new java.io.IOException("down"));
    });
    MetricsEndpoint.Answer answer = endpoint.handle("GET", Map.of());
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).containsEntry("error", "storage unavailable, retry later");
  }

  static Observations empty(Range range, Optional<String> instance) {
    Instant to = Instant.parse("2025-06-01T12:00:00Z");
    return new Observations(range, to.minus(range.duration()), to, instance, TicketCounts.NONE, Map.of(), Map.of(),
        List.of(), NpsCounts.NONE, 0, Map.of(), List.of(), Observations.Reads.NONE);
  }
}
