package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.metrics.MetricsEndpoint;
import atende.metrics.MetricsReader;
import atende.platform.Firestores;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LGPD right to erasure, end to end (docs/design.md "Guards and personal data"): a customer who wrote
 * texts and a voice note, was escalated and left a knowledge gap is erased by {@code erase: true} in the
 * console; within a minute nothing in the whole project — no document id, no field, no media object —
 * holds the phone, the name, the JID or anything said, and the metrics still count the ticket.
 */
@Timeout(240)
class ErasureTest {
  static FakeVertex vertex;
  static LocalStack stack;
  static Firestore db;

  /** Said by the customer, heard in the voice note, and answered: none may survive the erasure. */
  static final String FIRST_TEXT = "Meu boleto da Quitanda Zumbi venceu ontem";
  static final String LEGAL_TEXT = "Se não resolverem vou acionar meu advogado no Procon";
  static final String HEARD = "Quero a segunda via do carnê do fogão azul";
  static final String NAME = "Joaquina Esterhazy";
  static final String REPLY = "Certo, Joaquina! Vou verificar o boleto da Quitanda Zumbi.";

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    db = stack.firestore();
    // No knowledge in the instance: every question is a knowledge gap, and the legal threat escalates.
    vertex.decider(request -> {
      ObjectNode decision = (ObjectNode) FakeVertex.decision("support", "medium", "neutral", REPLY)
          .set("mediaText", FakeVertex.heard(request, HEARD));
      if (request.textOf("user").contains("advogado")) decision.put("escalate", true).put("escalationReason", "no_knowledge");
      return decision;
    });
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void anErasedCustomerCannotBeFoundInAnyDocumentIdOrMediaObjectAndStillCounts() {
    Customer customer = new Customer("erase");
    String ticketId = customer.says(FIRST_TEXT);
    String voiceNote = Keys.messageKey();
    stack.evolution().registerMedia(voiceNote, OggOpus.voiceNote(4));
    customer.sendsVoiceNote(voiceNote);
    customer.says(LEGAL_TEXT);
    eventually(() -> customerMessages(ticketId), list -> list.size() == 3 && list.stream().allMatch(m ->
        List.of("answered", "skipped", "failed").contains(m.getString("status"))));
    eventually(() -> Firestores.await(db.collection("knowledgeGaps").whereEqualTo("instance", customer.instance).get()).getDocuments(),
        list -> !list.isEmpty());
    eventually(db, "tickets/" + ticketId, t -> Boolean.TRUE.equals(t.getBoolean("escalated")));
    customer.settle();

    // Before: the customer is there to be found, so the dump below can fail.
    List<String> before = offences(customer);
    assertThat(before).anyMatch(o -> o.contains(customer.phone)).anyMatch(o -> o.contains(NAME))
        .anyMatch(o -> o.contains(FIRST_TEXT)).anyMatch(o -> o.contains(HEARD));
    assertThat(mediaObjects(ticketId)).hasSize(1);
    String customerId = Firestores.await(db.document("tickets/" + ticketId).get()).getString("customerId");
    long ticketsBefore = ticketsCounted(customer.instance);

    stack.eventarc().deliverEachChange(2); // Eventarc may deliver the change twice, at once
    Firestores.await(db.document("customers/" + customerId).update("erase", true));
    DocumentSnapshot tombstone = eventually(() -> Firestores.await(db.document("customers/" + customerId).get()),
        c -> c.get("erasedAt") != null, Duration.ofSeconds(60));
    customer.settle();
    stack.eventarc().deliverEachChange(1);

    assertThat(tombstone.getData()).containsOnlyKeys("erasedAt", "erasure");
    assertThat(tombstone.getString("erasure.status")).isEqualTo("done");
    assertThat(offences(customer)).as("the phone, name, JID or words anywhere in the project").isEmpty();
    assertThat(mediaObjects(ticketId)).as("the voice note's object").isEmpty();
    DocumentSnapshot ticket = Firestores.await(db.document("tickets/" + ticketId).get());
    assertThat(ticket.getString("category")).isEqualTo("support");
    assertThat(ticket.get("createdAt")).isNotNull();
    assertThat(ticket.getBoolean("escalated")).isTrue();
    assertThat(customerMessages(ticketId)).as("messages stay countable, without their words").hasSize(3);
    assertThat(ticketsCounted(customer.instance)).isEqualTo(ticketsBefore).isEqualTo(1);
    DocumentSnapshot gap = Firestores.await(db.collection("knowledgeGaps").whereEqualTo("instance", customer.instance).get())
        .getDocuments().getFirst();
    assertThat(gap.getLong("count")).as("the gap is still counted").isPositive();
    assertThat(gap.get("ticketIds")).asList().isEmpty();

    // Writing again starts afresh: a new ticket, nothing linking it to the erased one.
    String fresh = customer.says("Oi, voltei");
    assertThat(fresh).isNotEqualTo(ticketId);
    assertThat(prefix(fresh)).isNotEqualTo(prefix(ticketId));
    DocumentSnapshot restarted = eventually(() -> Firestores.await(db.document("customers/" + customerId).get()),
        c -> c.getString("phone") != null);
    assertThat(restarted.getString("openTicketId")).isEqualTo(fresh);
    assertThat(Firestores.await(db.document("tickets/" + ticketId).get()).getString("customerId")).isEqualTo("erased");
  }

  /** {@code <prefix>-<n>}: the part a customer's tickets share. */
  private static String prefix(String ticketId) {
    return ticketId.substring(0, ticketId.lastIndexOf('-'));
  }

  private static List<QueryDocumentSnapshot> customerMessages(String ticketId) {
    return Firestores.await(db.collection("tickets/" + ticketId + "/messages").whereEqualTo("author", "customer").get()).getDocuments();
  }

  private static List<CloudStorageStandIn.StoredObject> mediaObjects(String ticketId) {
    return stack.storage().objects(stack.settings().mediaBucket().orElseThrow()).stream()
        .filter(o -> o.name().contains(ticketId)).toList();
  }

  private static long ticketsCounted(String instance) {
    Map<String, Object> body = new MetricsEndpoint(new MetricsReader(db, Clock.systemUTC()))
        .handle("GET", Map.of("instance", List.of(instance))).body();
    return ((Number) body.get("tickets")).longValue();
  }

  /**
   * Every document of the project and every object of the media bucket, as {@code where: what} for each
   * id, field or bytes holding one of the customer's identifiers or words. The emulator implements
   * neither listCollections nor listDocuments (docs/reference/gcp.md), so the walk queries every
   * collection name the code declares ({@link #collectionNames}), at the root and under every document.
   */
  private static List<String> offences(Customer customer) {
    List<String> needles = List.of(customer.phone, NAME, "Joaquina", FIRST_TEXT, LEGAL_TEXT, HEARD, REPLY);
    List<String> found = new ArrayList<>();
    List<String> names = collectionNames();
    for (String root : names) walk(db.collection(root), true, needles, found);
    for (CloudStorageStandIn.StoredObject object : stack.storage().objects(stack.settings().mediaBucket().orElseThrow())) {
      String content = object.name() + new String(object.bytes(), StandardCharsets.ISO_8859_1);
      for (String needle : needles) if (content.contains(needle)) found.add("gs://" + object.name() + ": " + needle);
    }
    return found;
  }

  /** The code nests collections one level deep only: {@code root} documents are searched for every sub-collection. */
  private static void walk(CollectionReference collection, boolean root, List<String> needles, List<String> found) {
    for (QueryDocumentSnapshot document : Firestores.await(collection.get()).getDocuments()) {
      String where = document.getReference().getPath();
      String content = where + " " + document.getData();
      for (String needle : needles) if (content.contains(needle)) found.add(where + ": " + needle);
      if (root) for (String sub : SUB_COLLECTIONS) walk(document.getReference().collection(sub), false, needles, found);
    }
  }

  /** The collections that live under documents (tickets' messages, runs and sweep claims; escalations' sends and claims). */
  private static final List<String> SUB_COLLECTIONS = List.of("messages", "runs", "sweep", "sends");

  /** Every collection name the code declares ({@code COLLECTION = "..."}, {@code MESSAGES}, {@code RUNS}, {@code SENDS}). */
  static List<String> collectionNames() {
    Pattern declared = Pattern.compile("\\b(?:COLLECTION|MESSAGES|RUNS|SENDS)\\s*=\\s*\"([A-Za-z]+)\"");
    List<String> names = new ArrayList<>();
    for (String root : List.of("../shared/src/main/java", "../functions/src/main/java")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = declared.matcher(Files.readString(file));
          while (m.find()) if (!names.contains(m.group(1))) names.add(m.group(1));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(names).as("the code's collections").contains("tickets", "customers", "messageKeys", "knowledgeGaps", "escalations")
        .containsAll(SUB_COLLECTIONS);
    return names;
  }

  /** A customer of a fresh instance, with a name and number of their own. */
  static final class Customer {
    final String instance;
    final String phone;
    private final WebhookClient webhook;

    Customer(String prefix) {
      instance = prefix + "-" + Keys.suffix();
      phone = "55219" + String.format("%08d", Math.floorMod(instance.hashCode(), 100_000_000));
      webhook = new WebhookClient(stack.webhookUrl(), stack.token());
      Firestores.await(db.collection("instances").document(instance).set(Map.of("debounceSeconds", 0)));
    }

    String says(String text) {
      return post(Payloads.customerText(instance, Keys.messageKey(), phone, NAME, text));
    }

    String sendsVoiceNote(String keyId) {
      return post(Payloads.voiceNote(instance, keyId, phone, false, NAME, 4));
    }

    private String post(String payload) {
      WebhookClient.Reply reply = webhook.post(payload);
      assertThat(reply.status()).isEqualTo(200);
      return reply.body().path("ticketId").asText();
    }

    void settle() {
      assertThat(stack.eventarc().awaitQuiet(Duration.ofMillis(1500), Duration.ofSeconds(60))).isTrue();
    }
  }
}
