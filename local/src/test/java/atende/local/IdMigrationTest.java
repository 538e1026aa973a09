package atende.local;

import static atende.platform.Firestores.await;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.ContactIds;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one-off migration of data stored before keyed ids (docs/privacy.md): a customer, a ticket with a
 * voice note, our reply, a run, an escalation with a send claim, a message key and a knowledge gap, all
 * named the old way after the phone number, end up where the new code looks for them, with no id
 * holding the number; a second run has nothing left to do. Runs no function: a project of its own.
 */
class IdMigrationTest {
  static final String PHONE = "5511987650102";
  static final String INSTANCE = "loja";
  static final String CUSTOMER = INSTANCE + "_" + PHONE;
  static final String TICKET = CUSTOMER + "-1";
  static final String RUN = TICKET + "_3EB0VOICE";
  static final String ESCALATION = RUN.replace("_3EB0VOICE", "_" + RUN);
  static final Timestamp CREATED = Timestamp.ofTimeSecondsAndNanos(1_750_000_000L, 0);

  final Firestore db = Harness.firestore("migration-" + Keys.suffix());
  final InMemoryMediaStorage media = new InMemoryMediaStorage();
  final ContactIds ids = new ContactIds(() -> "a-deployment-key");

  @Test
  void legacyIdsMoveToKeyedOnesWithEveryReferenceAndNoIdHoldsThePhone() {
    seedLegacy();

    IdMigration.Report report = new IdMigration(db, ids, media).run();

    assertThat(report).isEqualTo(new IdMigration.Report(1, 1, 7, 1));
    String customerId = ids.customer(INSTANCE, PHONE);
    DocumentSnapshot customer = get("customers/" + customerId);
    assertThat(customer.getString("tier")).isEqualTo("vip");
    String ticketId = customer.getString("openTicketId");
    assertThat(ticketId).isEqualTo(customer.getString("ticketPrefix") + "-1");
    DocumentSnapshot ticket = get("tickets/" + ticketId);
    assertThat(ticket.getString("customerId")).isEqualTo(customerId);
    assertThat(ticket.getString("category")).isEqualTo("support");
    assertThat(ticket.getTimestamp("retentionDueAt")).as("retention applies to it from the next sweep").isEqualTo(CREATED);
    assertThat(ticket.getString("escalation.escalationId")).doesNotContain(PHONE);
    String newRun = ticketId + "_3EB0VOICE";
    DocumentSnapshot voice = get("tickets/" + ticketId + "/messages/3EB0VOICE");
    assertThat(voice.getString("answeredBy")).isEqualTo("ai-" + newRun);
    assertThat(voice.getString("media.object")).isEqualTo("gs://" + InMemoryMediaStorage.BUCKET + "/loja/" + ticketId + "/3EB0VOICE.ogg");
    assertThat(media.read(voice.getString("media.object"))).contains(new byte[] {1, 2, 3});
    assertThat(media.objects()).hasSize(1);
    assertThat(get("tickets/" + ticketId + "/messages/ai-" + newRun).getString("text")).isEqualTo("Oi, Carlos!");
    assertThat(get("tickets/" + ticketId + "/runs/" + newRun).exists()).isTrue();
    assertThat(get("messageKeys/loja_3EB0VOICE").getString("ticketId")).isEqualTo(ticketId);
    String escalationId = ticketId + "_" + newRun;
    assertThat(get("escalations/" + escalationId).getString("ticketId")).isEqualTo(ticketId);
    assertThat(get("escalations/" + escalationId + "/sends/team_5511900000001-1").exists()).isTrue();
    assertThat(await(db.collection("knowledgeGaps").get()).getDocuments().getFirst().get("ticketIds")).asList().containsExactly(ticketId);

    assertThat(idsHoldingThePhone()).isEmpty();
    assertThat(new IdMigration(db, ids, media).run()).isEqualTo(new IdMigration.Report(0, 0, 0, 0));
  }

  private void seedLegacy() {
    set("customers/" + CUSTOMER, Map.of("instance", INSTANCE, "phone", PHONE, "jid", PHONE + "@s.whatsapp.net",
        "name", "Carlos Mendes", "tier", "vip", "ticketSeq", 1L, "openTicketId", TICKET));
    set("tickets/" + TICKET, Map.of("instance", INSTANCE, "customerId", CUSTOMER, "customerPhone", PHONE, "sequence", 1L,
        "createdAt", CREATED,
        "status", "escalated", "category", "support", "escalation", Map.of("escalationId", ESCALATION, "runId", RUN)));
    String object = "loja/" + TICKET + "/3EB0VOICE.ogg";
    media.put(object, new byte[] {1, 2, 3}, "audio/ogg");
    set("tickets/" + TICKET + "/messages/3EB0VOICE", Map.of("direction", "inbound", "author", "customer", "type", "audio",
        "answeredBy", "ai-" + RUN, "media", Map.of("mimetype", "audio/ogg", "object", "gs://" + InMemoryMediaStorage.BUCKET + "/" + object)));
    set("tickets/" + TICKET + "/messages/ai-" + RUN, Map.of("direction", "outbound", "author", "ai", "text", "Oi, Carlos!",
        "runId", RUN));
    set("tickets/" + TICKET + "/runs/" + RUN, Map.of("messageId", "3EB0VOICE", "status", "answered"));
    set("messageKeys/loja_3EB0VOICE", Map.of("instance", INSTANCE, "ticketId", TICKET, "messageId", "3EB0VOICE"));
    set("escalations/" + ESCALATION, Map.of("ticketId", TICKET, "instance", INSTANCE, "runId", RUN));
    set("escalations/" + ESCALATION + "/sends/team_5511900000001-1", Map.of("channel", "team_5511900000001"));
    set("knowledgeGaps/loja_abc", Map.of("instance", INSTANCE, "ticketIds", List.of(TICKET), "runIds", List.of(RUN),
        "question", "tem boleto?", "count", 1L));
  }

  /** Every path of the project's documents (the code's collections, one level of sub-collections) holding the phone. */
  private List<String> idsHoldingThePhone() {
    List<String> found = new ArrayList<>();
    for (String root : List.of("customers", "tickets", "messageKeys", "escalations", "knowledgeGaps")) {
      for (QueryDocumentSnapshot doc : await(db.collection(root).get()).getDocuments()) {
        if (doc.getReference().getPath().contains(PHONE)) found.add(doc.getReference().getPath());
        for (String child : List.of("messages", "runs", "sweep", "sends")) {
          for (QueryDocumentSnapshot sub : await(doc.getReference().collection(child).get()).getDocuments()) {
            if (sub.getReference().getPath().contains(PHONE)) found.add(sub.getReference().getPath());
          }
        }
      }
    }
    media.objects().keySet().stream().filter(name -> name.contains(PHONE)).forEach(found::add);
    return found;
  }

  private DocumentSnapshot get(String path) {
    return await(db.document(path).get());
  }

  private void set(String path, Map<String, Object> fields) {
    await(db.document(path).set(fields));
  }
}
