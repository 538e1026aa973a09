package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code instances/{i}.retentionDays} (docs/design.md "Guards and personal data"): a sweep tick deletes
 * the messages older than the instance's retention and their media objects, keeps the newer ones and the
 * ticket's classification, and leaves another instance's messages, inside its own (default) retention, alone.
 * Age is made by moving messages' {@code createdAt} back: the stack runs on the real clock.
 */
@Timeout(240)
class RetentionTest {
  static FakeVertex vertex;
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    stack.startSweep(null); // ticks only when the test publishes one
    vertex.decider(request -> (ObjectNode) FakeVertex.decision("commercial", "low", "neutral", "Certo, já vejo isso.")
        .set("mediaText", FakeVertex.heard(request, "Quero saber do plano anual.")));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aTickDeletesMessagesAndMediaPastTheInstancesRetentionAndKeepsTheRest() {
    Conversation shortLived = new Conversation(stack, "retention", Map.of("debounceSeconds", 0, "retentionDays", 30));
    String ticketId = shortLived.customerSays("Qual o preço do plano anual?");
    String voiceNote = Keys.messageKey();
    stack.evolution().registerMedia(voiceNote, OggOpus.voiceNote(3));
    shortLived.customerSendsVoiceNote(voiceNote, 3);
    shortLived.awaitFinished(ticketId, 2);
    shortLived.customerSays("Obrigada!");
    shortLived.awaitFinished(ticketId, 3);
    Conversation defaults = new Conversation(stack, "retention-default", Map.of("debounceSeconds", 0));
    String otherTicket = defaults.customerSays("Vocês entregam em Manaus?");
    defaults.awaitFinished(otherTicket, 1);
    shortLived.settle();
    assertThat(mediaObjects(ticketId)).hasSize(1);

    Instant now = Instant.now();
    List<QueryDocumentSnapshot> customer = shortLived.customerMessages(ticketId);
    String kept = customer.get(2).getId();
    age(ticketId, customer.get(0).getId(), now.minus(Duration.ofDays(31)));
    age(ticketId, voiceNote, now.minus(Duration.ofDays(31)));
    age(otherTicket, defaults.customerMessages(otherTicket).get(0).getId(), now.minus(Duration.ofDays(31)));
    dueNow(ticketId, now);
    dueNow(otherTicket, now);

    stack.tick();
    DocumentSnapshot ticket = eventually(() -> shortLived.ticket(ticketId), t -> instant(t.getTimestamp("retentionDueAt")).isAfter(now));
    assertThat(shortLived.customerMessages(ticketId)).extracting(DocumentSnapshot::getId).containsExactly(kept);
    assertThat(mediaObjects(ticketId)).as("the voice note's object").isEmpty();
    assertThat(ticket.getString("category")).isEqualTo("commercial");
    assertThat(ticket.getTimestamp("createdAt")).isNotNull();
    assertThat(ticket.getTimestamp("firstResponseAt")).isNotNull();
    Instant oldestKept = instant(shortLived.messages(ticketId).getFirst().getTimestamp("createdAt"));
    assertThat(instant(ticket.getTimestamp("retentionDueAt")))
        .as("next look: when the oldest kept message comes due").isEqualTo(oldestKept.plus(Duration.ofDays(30)));

    DocumentSnapshot other = eventually(() -> defaults.ticket(otherTicket), t -> instant(t.getTimestamp("retentionDueAt")).isAfter(now));
    assertThat(defaults.customerMessages(otherTicket)).as("31 days is inside the default 180").hasSize(1);
    assertThat(instant(other.getTimestamp("retentionDueAt"))).isEqualTo(now.minus(Duration.ofDays(31)).plus(Duration.ofDays(180)));
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static void age(String ticketId, String messageId, Instant createdAt) {
    Firestores.await(stack.firestore().document("tickets/" + ticketId + "/messages/" + messageId)
        .update("createdAt", Timestamp.ofTimeSecondsAndNanos(createdAt.getEpochSecond(), createdAt.getNano())));
  }

  private static void dueNow(String ticketId, Instant now) {
    Instant due = now.minusSeconds(60);
    Firestores.await(stack.firestore().document("tickets/" + ticketId)
        .update("retentionDueAt", Timestamp.ofTimeSecondsAndNanos(due.getEpochSecond(), due.getNano())));
  }

  private static List<CloudStorageStandIn.StoredObject> mediaObjects(String ticketId) {
    return stack.storage().objects(stack.settings().mediaBucket().orElseThrow()).stream()
        .filter(o -> o.name().contains(ticketId)).toList();
  }
}
