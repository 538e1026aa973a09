package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Firestore refusing the webhook's writes, as a customer lives it: their message arrives while every
 * connection to Firestore is reset (the functions reach it through an {@link OutageProxy}); the webhook
 * answers 5xx, in time for Evolution to count it a failure, so Evolution retries the same payload
 * (docs/design.md: "5xx only when storage is unavailable"). Once Firestore is back the retries are
 * stored once and answered once: nothing lost, nothing twice.
 */
@Timeout(60)
class FirestoreOutageTest {
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.withFirestoreOutages();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aMessageRefusedDuringTheOutageIsStoredOnceAndAnsweredOnceWhenEvolutionRetries() {
    Conversation c = new Conversation(stack, "fs-down", Map.of("debounceSeconds", 0));
    String keyId = Keys.messageKey();
    String payload = Payloads.customerText(c.instance, keyId, c.phone, "Maria Souza", "Não consigo fazer login no sistema");
    WebhookClient evolution = new WebhookClient(stack.webhookUrl(), stack.token());

    stack.firestoreProxy().cut();
    long started = System.nanoTime();
    WebhookClient.Reply refused = evolution.post(payload);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(refused.status()).as("storage unavailable: Evolution must retry").isEqualTo(503);
    // Evolution gives up on a webhook request after its HTTP timeout; the function's own is 30 s.
    assertThat(took).as("answered well within the webhook function's 30 s timeout").isLessThan(Duration.ofSeconds(20));
    assertThat(evolution.post(payload).status()).as("a retry during the outage is refused too").isEqualTo(503);

    stack.firestoreProxy().restore();
    WebhookClient.Reply stored = Harness.eventually(() -> evolution.post(payload), r -> r.status() == 200);
    assertThat(stored.body().path("status").asText()).isEqualTo("stored");
    String ticketId = stored.body().path("ticketId").asText();
    assertThat(evolution.post(payload).body().path("status").asText()).as("Evolution's next retry").isEqualTo("duplicate");

    List<QueryDocumentSnapshot> finished = c.awaitFinished(ticketId, 1);
    c.settle();
    assertThat(finished).extracting(m -> m.getString("status")).containsExactly("answered");
    assertThat(c.customerMessages(ticketId)).extracting(QueryDocumentSnapshot::getId).containsExactly(keyId);
    assertThat(c.sent()).as("one reply reached the customer").hasSize(1);
  }
}
