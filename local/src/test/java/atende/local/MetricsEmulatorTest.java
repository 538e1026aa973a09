package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.platform.Firestores;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Firestore query features the metrics reader uses, and the aggregations it deliberately does not
 * use, as the local emulator serves them (docs/reference/gcp.md lists the general gaps).
 */
@org.junit.jupiter.api.Timeout(60)
class MetricsEmulatorTest {
  static Firestore db;
  static CollectionReference tickets;

  @BeforeAll
  static void seed() {
    db = Harness.firestore("metrics-probe");
    tickets = db.collection("m" + Keys.suffix() + "-tickets");
    // t0..t5: createdAt 1000+i s; firstResponseMs on t0..t3 only; escalation.required on t1, t2.
    for (int i = 0; i < 6; i++) {
      Map<String, Object> fields = new HashMap<>();
      fields.put("instance", i < 5 ? "a" : "b");
      fields.put("createdAt", Timestamp.ofTimeSecondsAndNanos(1000 + i, 0));
      fields.put("resolvedBy", i % 2 == 0 ? "ai" : "timeout");
      if (i < 4) fields.put("firstResponseMs", 1000L * (i + 1));
      if (i == 1 || i == 2) {
        fields.put("escalation", Map.of("required", true));
        fields.put("escalated", true);
      }
      Firestores.await(tickets.document("t" + i).set(fields));
    }
  }

  static Query window() {
    return tickets.whereEqualTo("instance", "a")
        .whereGreaterThanOrEqualTo("createdAt", Timestamp.ofTimeSecondsAndNanos(1001, 0))
        .whereLessThanOrEqualTo("createdAt", Timestamp.ofTimeSecondsAndNanos(1004, 0));
  }

  @Test
  void countWithEqualityInAndTimeRangeFilters() {
    assertThat(count(window())).isEqualTo(4); // t1..t4
    assertThat(count(window().whereEqualTo("escalated", true))).isEqualTo(2);
    assertThat(count(window().whereIn("resolvedBy", List.of("ai", "timeout")).whereEqualTo("escalated", true)))
        .isEqualTo(2);
    assertThat(count(window().whereIn("resolvedBy", List.of("ai")))).isEqualTo(2); // t2, t4
    assertThat(count(window().whereEqualTo("resolvedBy", "human"))).isZero();
  }

  /** Why the reader filters on top-level fields only: the emulator cannot resolve a dotted field path. */
  @Test
  void filtersOnNestedFieldsFailOnTheEmulator() {
    assertThatThrownBy(() -> count(window().whereEqualTo("escalation.required", true)))
        .hasMessageContaining("Not implemented");
  }

  @Test
  void sumAddsOnlyDocumentsThatHaveTheField() {
    AggregateQuerySnapshot sums = Firestores.await(window().aggregate(AggregateField.sum("firstResponseMs")).get());
    assertThat(sums.getLong(AggregateField.sum("firstResponseMs"))).isEqualTo(2000 + 3000 + 4000);
  }

  /**
   * Not relied on: the emulator divides by every matching document, also those without the field
   * (Firestore averages only the numeric values), and an empty match gives NaN instead of null.
   */
  @Test
  void averageIsWrongOnTheEmulator() {
    AggregateQuerySnapshot avg = Firestores.await(window().aggregate(AggregateField.average("firstResponseMs")).get());
    assertThat(avg.getDouble(AggregateField.average("firstResponseMs"))).isEqualTo(9000.0 / 4); // Firestore: 3000.0
    Query none = window().whereEqualTo("resolvedBy", "nobody");
    AggregateQuerySnapshot empty = Firestores.await(none.aggregate(AggregateField.average("firstResponseMs")).get());
    assertThat(empty.getDouble(AggregateField.average("firstResponseMs"))).isNaN(); // Firestore: null
  }

  /** Not provable here: the emulator ignores select() and returns whole documents. */
  @Test
  void projectionIsIgnoredByTheEmulator() {
    var docs = Firestores.await(window().select("firstResponseMs").get()).getDocuments();
    assertThat(docs).hasSize(4);
    assertThat(docs.get(0).getString("instance")).isEqualTo("a"); // Firestore: null, only the selected field
  }

  static long count(Query query) {
    return Firestores.await(query.count().get()).getCount();
  }
}
