package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.List;
import java.util.Map;

/**
 * One customer of a fresh instance talking to the local stack, as the e2e tests script it: the
 * customer writes over WhatsApp (a webhook POST), an operator edits in the console (a Firestore write).
 */
final class Conversation {
  final LocalStack stack;
  final Firestore db;
  final String instance;
  final String phone;
  final String chat;
  private final WebhookClient webhook;

  Conversation(LocalStack stack, String prefix, Map<String, Object> instanceSettings) {
    this.stack = stack;
    this.db = stack.firestore();
    this.instance = prefix + "-" + Keys.suffix();
    this.phone = "55119" + String.format("%08d", Math.floorMod(instance.hashCode(), 100_000_000));
    this.chat = phone + "@s.whatsapp.net";
    this.webhook = new WebhookClient(stack.webhookUrl(), stack.token());
    Firestores.await(db.collection("instances").document(instance).set(instanceSettings));
  }

  /** The customer writes; returns the stored message's ticket id. */
  String customerSays(String text) {
    return post(Payloads.customerText(instance, Keys.messageKey(), phone, "Maria Souza", text));
  }

  /** A person replies from the business phone (not through the API): a human takeover. */
  String operatorSays(String text) {
    return post(Payloads.operatorText(instance, Keys.messageKey(), phone, text));
  }

  /** The customer records a voice note ({@code keyId}: its message id); the payload carries no bytes. */
  String customerSendsVoiceNote(String keyId, int seconds) {
    return post(Payloads.voiceNote(instance, keyId, phone, false, "Maria Souza", seconds));
  }

  /** A person records a voice note on the business phone: a human takeover, like a typed message. */
  String operatorSendsVoiceNote(String keyId, int seconds) {
    return post(Payloads.voiceNote(instance, keyId, phone, true, null, seconds));
  }

  /** A real Evolution payload (a fixture, its own chat) delivered in this conversation's instance; returns the ticket id. */
  String delivers(byte[] evolutionBody) {
    return post(new String(Harness.forInstance(instance, evolutionBody), java.nio.charset.StandardCharsets.UTF_8));
  }

  private String post(String payload) {
    WebhookClient.Reply reply = webhook.post(payload);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().path("status").asText()).isIn("stored", "human_takeover");
    return reply.body().path("ticketId").asText();
  }

  List<EvolutionStandIn.Sent> sent() {
    return stack.evolution().sentTo(chat);
  }

  /** What was sent in this conversation's instance, whichever chat: a fixture's customer is not {@link #phone}. */
  List<EvolutionStandIn.Sent> sentInInstance() {
    return stack.evolution().sent().stream().filter(s -> s.instance().equals(instance)).toList();
  }

  List<EvolutionStandIn.Sent> awaitSent(int count) {
    return eventually(this::sent, list -> list.size() >= count);
  }

  /** Waits until the stack has nothing left in flight, so "nothing more was sent" means something. */
  void settle() {
    assertThat(stack.eventarc().awaitQuiet(java.time.Duration.ofMillis(1500), java.time.Duration.ofSeconds(60)))
        .as("the stack went quiet (no write loop)").isTrue();
  }

  DocumentSnapshot ticket(String ticketId) {
    return Firestores.await(db.collection("tickets").document(ticketId).get());
  }

  DocumentSnapshot awaitTicket(String ticketId, java.util.function.Predicate<DocumentSnapshot> done) {
    return eventually(() -> ticket(ticketId), done);
  }

  List<QueryDocumentSnapshot> messages(String ticketId) {
    return Firestores.await(db.collection("tickets").document(ticketId).collection("messages").orderBy("createdAt").get()).getDocuments();
  }

  List<QueryDocumentSnapshot> customerMessages(String ticketId) {
    return messages(ticketId).stream().filter(m -> "customer".equals(m.getString("author"))).toList();
  }

  /** The customer messages of the ticket, once all of them have a final status. */
  List<QueryDocumentSnapshot> awaitFinished(String ticketId, int customerMessages) {
    return awaitFinished(ticketId, customerMessages, java.time.Duration.ofSeconds(30));
  }

  List<QueryDocumentSnapshot> awaitFinished(String ticketId, int customerMessages, java.time.Duration patience) {
    return eventually(() -> customerMessages(ticketId), list -> list.size() == customerMessages
        && list.stream().allMatch(m -> List.of("answered", "skipped", "failed").contains(m.getString("status"))), patience);
  }

  List<QueryDocumentSnapshot> runs(String ticketId) {
    return Firestores.await(db.collection("tickets").document(ticketId).collection("runs").get()).getDocuments();
  }

  void edit(String path, Object... fieldsAndValues) {
    Object[] rest = java.util.Arrays.copyOfRange(fieldsAndValues, 2, fieldsAndValues.length);
    Firestores.await(db.document(path).update((String) fieldsAndValues[0], fieldsAndValues[1], rest));
  }
}
