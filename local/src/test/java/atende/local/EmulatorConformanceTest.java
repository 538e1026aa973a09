package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.platform.Firestores;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.events.cloud.firestore.v1.DocumentEventData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exactly the Firestore features Atende relies on, proven on the local emulator, so that a gap in
 * the emulator (docs/reference/gcp.md lists the known ones) shows up here and not as a
 * mysterious failure elsewhere.
 */
@org.junit.jupiter.api.Timeout(60)
class EmulatorConformanceTest {
  static Firestore db;
  static String prefix;

  @BeforeAll
  static void connect() {
    db = Harness.firestore("conformance");
    prefix = "c" + Keys.suffix();
  }

  @Test
  void createIfAbsentAdmitsExactlyOneOfManyConcurrentCreates() throws Exception {
    var ref = db.collection(prefix + "-claims").document("run-1");
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      List<Future<Boolean>> attempts = IntStream.range(0, 20)
          .mapToObj(i -> pool.submit(() -> Firestores.createIfAbsent(ref.create(Map.of("by", i)))))
          .toList();
      long winners = 0;
      for (Future<Boolean> attempt : attempts) if (attempt.get()) winners++;
      assertThat(winners).isEqualTo(1);
    }
  }

  @Test
  void updatingAMissingDocumentFails() {
    assertThatThrownBy(() -> Firestores.await(db.collection(prefix + "-x").document("missing").update("a", 1)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void subcollectionQueriesOrderLimitAndFilter() {
    var messages = db.collection(prefix + "-tickets").document("t1").collection("messages");
    for (int i = 0; i < 5; i++) {
      Firestores.await(messages.document("m" + i).set(Map.of(
          "createdAt", Timestamp.ofTimeSecondsAndNanos(1_700_000_000L + i, 0),
          "status", i % 2 == 0 ? "sending" : "sent")));
    }
    var newest = Firestores.await(messages.orderBy("createdAt", Query.Direction.DESCENDING).limit(2).get()).getDocuments();
    assertThat(newest).extracting(d -> d.getId()).containsExactly("m4", "m3");
    var sending = Firestores.await(messages.whereEqualTo("status", "sending").get()).getDocuments();
    assertThat(sending).extracting(d -> d.getId()).containsExactlyInAnyOrder("m0", "m2", "m4");
  }

  @Test
  void batchUpdatesNestedMapsAndTimestampsRoundTrip() {
    // Not relied on: FieldValue.delete() (the emulator ignores it), so flags are cleared with false.
    var ref = db.collection(prefix + "-t").document("d");
    Timestamp at = Timestamp.ofTimeSecondsAndNanos(1_700_000_123L, 456_000_000);
    Firestores.await(ref.set(Map.of("a", 1, "reprocess", true, "nested", Map.of("at", at))));
    var batch = db.batch();
    batch.update(ref, Map.of("reprocess", false, "status", "answered"));
    Firestores.await(batch.commit());
    var doc = Firestores.await(ref.get());
    assertThat(doc.getBoolean("reprocess")).isFalse();
    assertThat(doc.getLong("a")).isEqualTo(1);
    assertThat(doc.getString("status")).isEqualTo("answered");
    assertThat(doc.getTimestamp("nested.at")).isEqualTo(at);
  }

  @Test
  void aSetMergesButADeleteAndSetInOneCommitReplaces() {
    // Firestore's set() replaces the document; this emulator merges it. Erasure (atende.erasure) must drop
    // fields, so it commits a delete and a set together, which replaces on both.
    var ref = db.collection(prefix + "-replace").document("d");
    Firestores.await(ref.set(Map.of("phone", "5511999990000", "status", "open")));
    Firestores.await(ref.set(Map.of("status", "closed")));
    assertThat(Firestores.await(ref.get()).getData()).as("the emulator's set() merges").containsKey("phone");
    Firestores.await(db.batch().delete(ref).set(ref, Map.of("status", "closed")).commit());
    assertThat(Firestores.await(ref.get()).getData()).containsOnlyKeys("status");
  }

  @Test
  void theChangeStreamCarriesOldAndNewDocumentsAndSkipsNoOpWrites() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(Emulator.shared().events()).build(),
        HttpResponse.BodyHandlers.ofLines());
    var lines = stream.body().iterator();
    assertThat(lines.next()).contains("hello");
    var ref = db.collection(prefix + "-stream").document("doc");
    Firestores.await(ref.set(Map.of("status", "received")));
    Firestores.await(ref.update("status", "received")); // no-op: production does not fire for it
    Firestores.await(ref.update("status", "answered"));
    ObjectMapper json = new ObjectMapper();
    var created = json.readTree(nextFor(lines, "/" + prefix + "-stream/doc"));
    var updated = json.readTree(nextFor(lines, "/" + prefix + "-stream/doc"));
    assertThat(created.path("type").asText()).isEqualTo("created");
    assertThat(updated.path("type").asText()).isEqualTo("updated");
    DocumentEventData data = LocalEventarc.eventData(updated);
    assertThat(data.getOldValue().getFieldsMap().get("status").getStringValue()).isEqualTo("received");
    assertThat(data.getValue().getFieldsMap().get("status").getStringValue()).isEqualTo("answered");
    assertThat(data.getUpdateMask().getFieldPathsList()).containsExactly("status");
  }

  private static String nextFor(java.util.Iterator<String> lines, String suffix) {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.contains(suffix + "\"")) return line;
    }
    throw new AssertionError("stream ended");
  }

  /** The benchmark's operations-per-message figure rests on this meter counting as Firestore bills. */
  @Test
  void theMeterCountsReadsAndWritesAsFirestoreBillsThem() {
    var collection = db.collection(prefix + "-metered");
    var start = atende.platform.FirestoreMeter.INSTANCE.count();
    var batch = db.batch();
    for (int i = 0; i < 3; i++) batch.create(collection.document("d" + i), Map.of("n", i));
    Firestores.await(batch.commit());
    Firestores.await(collection.document("d0").get());
    Firestores.await(collection.whereLessThan("n", 2).get());
    Firestores.await(collection.whereGreaterThan("n", 99).get());
    Firestores.await(collection.count().get());

    var used = atende.platform.FirestoreMeter.INSTANCE.count().minus(start);
    assertThat(used.writes()).isEqualTo(3);
    assertThat(used.reads()).as("1 get + 2 found + 1 empty query + 1 count").isEqualTo(5);
  }
}
