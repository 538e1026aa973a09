package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import atende.platform.Settings;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One customer message through every real layer: Evolution's HTTP POST to the webhook function under
 * the invoker, Firestore (emulator), the trigger CloudEvent to ProcessMessage, the offline engine,
 * sendText on the Evolution stand-in and its send.message echo back to the webhook.
 */
@Timeout(120)
class ThinSliceTest {
  static LocalStack stack;
  static Firestore db;
  static WebhookClient webhook;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    db = Firestores.client(Settings.fromEnvironment());
    webhook = new WebhookClient(stack.webhookUrl(), stack.token());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aCustomerMessageIsStoredAnsweredAndTheReplyRecorded() {
    String instance = "thin-" + UUID.randomUUID().toString().substring(0, 8);
    String phone = "5511987650001";
    String keyId = "3EB0" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase();

    WebhookClient.Reply reply = webhook.post(Payloads.customerText(instance, keyId, phone, "Maria Souza",
        "Não consigo fazer login no sistema"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("status").asText()).isEqualTo("stored");
    String ticketId = reply.body().path("ticketId").asText();
    assertThat(reply.body().path("messageId").asText()).isEqualTo(keyId);

    var sent = eventually(() -> stack.evolution().sentTo(phone + "@s.whatsapp.net"), list -> !list.isEmpty());
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).instance()).isEqualTo(instance);
    assertThat(sent.get(0).text()).isNotBlank();

    DocumentSnapshot inbound = eventually(() -> get("tickets/" + ticketId + "/messages/" + keyId),
        doc -> "answered".equals(doc.getString("status")));
    assertThat(inbound.getString("text")).isEqualTo("Não consigo fazer login no sistema");
    assertThat(inbound.getString("ai.engine")).isEqualTo("offline");
    assertThat(inbound.getString("ai.category")).isEqualTo("technical");

    DocumentSnapshot outbound = eventually(() -> get("tickets/" + ticketId + "/messages/" + inbound.getString("answeredBy")),
        doc -> doc.getString("evolutionKeyId") != null);
    assertThat(outbound.getString("direction")).isEqualTo("outbound");
    assertThat(outbound.getString("author")).isEqualTo("ai");
    assertThat(outbound.getString("text")).isEqualTo(sent.get(0).text());
    assertThat(outbound.getString("evolutionKeyId")).isEqualTo(sent.get(0).keyId());
    assertThat(outbound.getString("status")).isEqualTo("sent");

    DocumentSnapshot ticket = get("tickets/" + ticketId);
    assertThat(ticket.getString("category")).isEqualTo("technical");
    assertThat(ticket.getString("classificationSource")).isEqualTo("ai");
    assertThat(ticket.getTimestamp("firstResponseAt")).isNotNull();
    assertThat(ticket.getString("customerName")).isEqualTo("Maria Souza");
  }

  static DocumentSnapshot get(String path) {
    return Firestores.await(db.document(path).get());
  }

  static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out; last value: " + value);
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      value = probe.get();
    }
    return value;
  }
}
