package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
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
    db = stack.firestore();
    webhook = new WebhookClient(stack.webhookUrl(), stack.token());
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aCustomerMessageIsStoredAnsweredAndTheReplyRecorded() {
    String instance = "thin-" + Keys.suffix();
    String phone = "5511987650001";
    String keyId = Keys.messageKey();

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

    DocumentSnapshot inbound = eventually(db, "tickets/" + ticketId + "/messages/" + keyId,
        doc -> "answered".equals(doc.getString("status")));
    assertThat(inbound.getString("text")).isEqualTo("Não consigo fazer login no sistema");
    assertThat(inbound.getString("ai.engine")).isEqualTo("offline");
    assertThat(inbound.getString("ai.category")).isEqualTo("technical");

    DocumentSnapshot outbound = eventually(db, "tickets/" + ticketId + "/messages/" + inbound.getString("answeredBy"),
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
}
