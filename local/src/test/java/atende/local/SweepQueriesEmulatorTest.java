package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.platform.Firestores;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The query shapes FollowUpSweep relies on, as the local emulator serves them: why every field it
 * filters or orders on is a top-level mirror ({@code followUpDueAt}, {@code escalatedAt},
 * {@code slaBreached}, {@code published}) and never a dotted path like {@code followUp.dueAt}.
 */
@org.junit.jupiter.api.Timeout(60)
class SweepQueriesEmulatorTest {
  static CollectionReference tickets;

  @BeforeAll
  static void seed() {
    Firestore db = Harness.firestore("sweep-probe");
    tickets = db.collection("s" + Keys.suffix() + "-tickets");
    // d0..d3 due at 1000+i s (nested and mirrored); n: due null; m: no due at all; w: another status.
    for (int i = 0; i < 4; i++) {
      Timestamp due = Timestamp.ofTimeSecondsAndNanos(1000 + i, 0);
      put("d" + i, Map.of("status", "waiting_customer", "followUp", Map.of("dueAt", due, "attempts", 0), "followUpDueAt", due,
          "slaBreached", i % 2 == 0));
    }
    Map<String, Object> nullDue = new HashMap<>();
    nullDue.put("status", "waiting_customer");
    nullDue.put("followUpDueAt", null);
    put("n", nullDue);
    put("m", Map.of("status", "waiting_customer"));
    put("w", Map.of("status", "open", "followUpDueAt", Timestamp.ofTimeSecondsAndNanos(1000, 0)));
  }

  static void put(String id, Map<String, Object> fields) {
    Firestores.await(tickets.document(id).set(fields));
  }

  static List<String> ids(Query query) {
    return Firestores.await(query.get()).getDocuments().stream().map(DocumentSnapshot::getId).toList();
  }

  @Test
  void aRangeOnADottedPathFailsOnTheEmulator() {
    assertThatThrownBy(() -> ids(tickets.whereLessThanOrEqualTo("followUp.dueAt", Timestamp.ofTimeSecondsAndNanos(2000, 0))))
        .hasMessageContaining("Not implemented");
  }

  @Test
  void equalityPlusRangeOnTopLevelMirrorsWorksAndSkipsNullAndMissing() {
    Query due = tickets.whereEqualTo("status", "waiting_customer")
        .whereLessThanOrEqualTo("followUpDueAt", Timestamp.ofTimeSecondsAndNanos(1002, 0))
        .orderBy("followUpDueAt").limit(10);
    assertThat(ids(due)).containsExactly("d0", "d1", "d2");
    assertThat(ids(due.limit(2))).containsExactly("d0", "d1");
  }

  @Test
  void equalityOnABooleanMatchesOnlyDocumentsThatHaveIt() {
    Query unbreached = tickets.whereEqualTo("status", "waiting_customer").whereEqualTo("slaBreached", false)
        .whereLessThanOrEqualTo("followUpDueAt", Timestamp.ofTimeSecondsAndNanos(5000, 0)).orderBy("followUpDueAt");
    assertThat(ids(unbreached)).containsExactly("d1", "d3");
  }

  @Test
  void descendingOrderWithATwoSidedRange() {
    Query window = tickets.whereEqualTo("status", "waiting_customer")
        .whereGreaterThanOrEqualTo("followUpDueAt", Timestamp.ofTimeSecondsAndNanos(1001, 0))
        .whereLessThanOrEqualTo("followUpDueAt", Timestamp.ofTimeSecondsAndNanos(1003, 0))
        .orderBy("followUpDueAt", Query.Direction.DESCENDING).limit(2);
    assertThat(ids(window)).containsExactly("d3", "d2");
  }
}
