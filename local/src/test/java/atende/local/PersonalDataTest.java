package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A customer types their card, CVV and password (and CPF) on WhatsApp and asks for a person: through the
 * webhook, the Gemini turn and the escalation, nothing the stack writes, sends or logs holds the
 * secrets; the CPF reaches Firestore (the business needs it) but no log line.
 */
@Timeout(120)
class PersonalDataTest {
  static final String CARD = "4111 1111 1111 1111";
  static final String CVV = "cvv 123";
  static final String PASSWORD = "Maria@2024";
  static final String CPF = "123.456.789-09";
  static final String TYPED = "oi, meu cartao é " + CARD + " vence 12/29 " + CVV + " e a senha q eu coloquei foi " + PASSWORD
      + " e nao entra. meu cpf é " + CPF + ", quero falar com atendente";

  static FakeVertex vertex;
  static LocalStack stack;
  static Firestore db;

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    db = stack.firestore();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void cardCvvAndPasswordReachNeitherFirestoreNorTheModelNorTheTeamNorALog() {
    vertex.decider(request -> (ObjectNode) FakeVertex.decision("support", "medium", "neutral",
        "Certo, vou chamar uma pessoa da equipe.").put("escalate", true).put("escalationReason", "customer_requested_human"));
    String team = "5511977776666";
    Conversation c = new Conversation(stack, "privacy", Map.of("debounceSeconds", 0, "escalationTargets", List.of(team)));

    PrintStream original = System.out;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new TeeStream(original, logs), true, StandardCharsets.UTF_8));
    String ticketId;
    List<EvolutionStandIn.Sent> notices;
    try {
      ticketId = c.customerSays(TYPED);
      c.awaitFinished(ticketId, 1);
      notices = eventually(() -> stack.evolution().sent().stream().filter(m -> m.number().startsWith(team)).toList(),
          list -> !list.isEmpty());
      c.settle();
    } finally {
      System.setOut(original);
    }

    // Firestore: the stored text is masked, says what was removed, and keeps the CPF.
    QueryDocumentSnapshot message = c.customerMessages(ticketId).get(0);
    assertThat(message.getString("text")).isEqualTo("oi, meu cartao é •••• 1111 vence 12/29 cvv [cvv omitido] e a senha q eu coloquei foi "
        + "[senha omitida] e nao entra. meu cpf é " + CPF + ", quero falar com atendente");
    assertThat(message.get("redacted")).isEqualTo(List.of("card", "cvv", "password"));
    assertNoSecret("every document of the ticket and its escalation", everyDocument(ticketId));

    // The model: the request body itself, not only its text parts.
    assertThat(vertex.calls()).isEqualTo(1);
    String sentToModel = vertex.lastRequest().body().toString();
    assertThat(sentToModel).contains("•••• 1111", CPF);
    assertNoSecret("the Gemini request", sentToModel);

    // The team's WhatsApp notice quotes the customer, masked (the CRM webhook is built from the same notice).
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0).text()).contains("•••• 1111");
    assertNoSecret("the team's notice", notices.get(0).text());

    // Every log line written while the stack handled it, at any level: no secret and no CPF.
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("\"message.stored\"", "\"escalation.");
    assertNoSecret("the logs", logged);
    assertThat(logged).doesNotContain(CPF, CPF.replaceAll("\\D", ""));
  }

  private static void assertNoSecret(String where, String text) {
    assertThat(text).as(where).doesNotContain(CARD, CARD.replace(" ", ""), "1111 1111", CVV, PASSWORD);
  }

  private String everyDocument(String ticketId) {
    StringBuilder all = new StringBuilder(String.valueOf(Firestores.await(db.document("tickets/" + ticketId).get()).getData()));
    for (var collection : List.of("messages", "runs")) {
      for (DocumentSnapshot doc : Firestores.await(db.collection("tickets/" + ticketId + "/" + collection).get()).getDocuments()) {
        all.append('\n').append(doc.getData());
      }
    }
    List<QueryDocumentSnapshot> escalations = eventually(
        () -> Firestores.await(db.collection("escalations").whereEqualTo("ticketId", ticketId).get()).getDocuments(),
        list -> !list.isEmpty());
    escalations.forEach(doc -> all.append('\n').append(doc.getData()));
    return all.toString();
  }

  /** Writes to the console as before and keeps a copy to read. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream console;
    private final OutputStream copy;

    TeeStream(OutputStream console, OutputStream copy) {
      this.console = console;
      this.copy = copy;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      console.write(b);
      copy.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      console.write(b, off, len);
      copy.write(b, off, len);
    }
  }
}
