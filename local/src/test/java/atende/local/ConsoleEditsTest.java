package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/design.md "Console edits", each made the way an operator makes it (a Firestore write to one field),
 * reaching the functions as real trigger CloudEvents.
 */
@Timeout(180)
class ConsoleEditsTest {
  static LocalStack stack;
  static Firestore db;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    db = stack.firestore();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private Conversation conversation() {
    return new Conversation(stack, "console", Map.of("debounceSeconds", 0));
  }

  @Test
  void reprocessSendsAFreshReplyOnceAndClearsTheFlag() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Não consigo fazer login no sistema");
    QueryDocumentSnapshot message = c.awaitFinished(ticketId, 1).get(0);
    c.awaitSent(1);

    c.edit(message.getReference().getPath(), "reprocess", true);

    assertThat(c.awaitSent(2)).hasSize(2);
    c.settle();
    assertThat(c.sent()).hasSize(2);
    assertThat(Firestores.await(message.getReference().get()).getBoolean("reprocess")).isFalse();
    assertThat(c.runs(ticketId)).hasSize(2);
  }

  @Test
  void previewStoresTheDecisionAndSendsNothing() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Quais são os planos disponíveis?");
    QueryDocumentSnapshot message = c.awaitFinished(ticketId, 1).get(0);
    c.awaitSent(1);

    c.edit(message.getReference().getPath(), "reprocess", "preview");

    DocumentSnapshot previewed = eventually(db, message.getReference().getPath(),
        doc -> Boolean.TRUE.equals(doc.getBoolean("ai.preview")));
    assertThat(previewed.getString("ai.category")).isEqualTo("commercial");
    assertThat(previewed.getString("ai.reply")).isNotBlank();
    assertThat(previewed.get("reprocess")).isEqualTo(false);
    c.settle();
    assertThat(c.sent()).hasSize(1);
  }

  @Test
  void aPersonsClassificationStandsAndTheRulesAreReappliedToIt() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Como faço para emitir a segunda via do boleto?");
    c.awaitFinished(ticketId, 1);
    assertThat(c.ticket(ticketId).getString("classificationSource")).isEqualTo("ai");
    assertThat(c.ticket(ticketId).getString("status")).isNotEqualTo("escalated");

    c.edit("tickets/" + ticketId, "priority", "critical");

    DocumentSnapshot corrected = c.awaitTicket(ticketId, t -> "human".equals(t.getString("classificationSource")));
    assertThat(corrected.getString("priority")).isEqualTo("critical");
    assertThat(corrected.get("correctedFrom.priority")).isNotNull().isNotEqualTo("critical");
    assertThat(corrected.getString("status")).isEqualTo("escalated");
    @SuppressWarnings("unchecked")
    List<String> reasons = (List<String>) corrected.get("escalation.reasons");
    assertThat(reasons).contains("critical_priority");
    List<QueryDocumentSnapshot> escalations = Firestores.await(db.collection("escalations").whereEqualTo("ticketId", ticketId).get()).getDocuments();
    assertThat(escalations).hasSize(1);

    // The next AI turn classifies again but must not overwrite the person's choice.
    c.customerSays("Obrigada, e como altero meu e-mail de cadastro?");
    c.awaitFinished(ticketId, 2);
    c.settle();
    DocumentSnapshot after = c.ticket(ticketId);
    assertThat(after.getString("priority")).isEqualTo("critical");
    assertThat(after.getString("classificationSource")).isEqualTo("human");
    assertThat(Firestores.await(db.collection("escalations").whereEqualTo("ticketId", ticketId).get()).getDocuments())
        .as("already escalated: not raised again").hasSize(1);
  }

  @Test
  void aCategoryTheSystemDoesNotKnowIsReportedNotGuessed() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Como faço para emitir a segunda via do boleto?");
    c.awaitFinished(ticketId, 1);

    c.edit("tickets/" + ticketId, "category", "financeiro");

    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> t.getString("consoleError") != null);
    assertThat(ticket.getString("consoleError")).contains("financeiro").contains("technical, commercial, support, complaint, praise");
    assertThat(ticket.getString("classificationSource")).isEqualTo("ai");
  }

  @Test
  void aPausedChatStaysSilentUntilAnOperatorResumesIt() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Não consigo fazer login no sistema");
    c.awaitSent(1);
    c.operatorSays("Oi Maria, aqui é a Ana do suporte. Vou verificar seu acesso.");
    c.awaitTicket(ticketId, t -> Boolean.TRUE.equals(t.getBoolean("aiPaused")));

    c.customerSays("Ok, obrigada Ana");
    List<QueryDocumentSnapshot> finished = c.awaitFinished(ticketId, 2);
    assertThat(finished.get(1).getString("status")).isEqualTo("skipped");
    assertThat(finished.get(1).getString("skipReason")).isEqualTo("ai_paused");
    c.settle();
    assertThat(c.sent()).hasSize(1);

    c.edit("tickets/" + ticketId, "aiPaused", false);
    DocumentSnapshot resumed = c.awaitTicket(ticketId, t -> t.get("resumedAt") != null);
    assertThat(resumed.getString("status")).isEqualTo("open");

    c.customerSays("Ainda não consegui entrar, pode me ajudar?");
    assertThat(c.awaitSent(2)).hasSize(2);
    assertThat(c.awaitFinished(ticketId, 3).get(2).getString("status")).isEqualTo("answered");
  }

  @Test
  void aTicketResolvedByAPersonAsksForARatingOnceAndAnythingElseOpensANewTicket() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Não consigo fazer login no sistema");
    c.awaitFinished(ticketId, 1);
    c.awaitSent(1);

    c.edit("tickets/" + ticketId, "status", "resolved");

    DocumentSnapshot resolved = c.awaitTicket(ticketId, t -> t.get("npsAskedAt") != null);
    assertThat(resolved.getString("resolvedBy")).isEqualTo("human");
    assertThat(resolved.getTimestamp("resolvedAt")).isNotNull();
    assertThat(c.awaitSent(2).get(1).text()).contains("De 0 a 10");

    assertThat(c.customerSays("nota 9!")).as("the rating belongs to the resolved ticket").isEqualTo(ticketId);
    assertThat(c.awaitTicket(ticketId, t -> t.get("nps") != null).getLong("nps")).isEqualTo(9);
    assertThat(c.awaitSent(3).get(2).text()).contains("obrigado");
    assertThat(c.ticket(ticketId).getString("status")).isEqualTo("resolved");

    String next = c.customerSays("Oi, agora tenho outra dúvida sobre planos");
    assertThat(next).isNotEqualTo(ticketId);
    c.awaitFinished(next, 1);
    c.settle();
    assertThat(c.sent()).as("question, thanks and one answer: nothing twice").hasSize(4);
  }

  @Test
  void aClosedTicketIsNotAskedForARating() {
    Conversation c = conversation();
    String ticketId = c.customerSays("Não consigo fazer login no sistema");
    c.awaitFinished(ticketId, 1);
    c.edit("tickets/" + ticketId, "status", "closed");
    c.awaitTicket(ticketId, t -> "human".equals(t.getString("resolvedBy")));
    c.settle();
    assertThat(c.sent()).hasSize(1);
    assertThat(c.customerSays("10")).as("a number after a close is a new conversation").isNotEqualTo(ticketId);
  }

  @Test
  void theFunctionsOwnWritesNeverTriggerMoreWork() {
    Conversation c = conversation();
    c.settle();
    long processBefore = stack.eventarc().deliveredTo(stack.processMessageUrl());
    String ticketId = c.customerSays("Não consigo fazer login no sistema");
    c.awaitFinished(ticketId, 1);
    c.settle();

    assertThat(c.sent()).hasSize(1);
    assertThat(c.runs(ticketId)).hasSize(1);
    DocumentSnapshot ticket = c.ticket(ticketId);
    assertThat(ticket.getString("classificationSource")).as("no write of ours looked like a console edit").isEqualTo("ai");
    assertThat(ticket.get("consoleError")).isNull();
    // Every message write fired the trigger once (created, processing, answered; the reply's
    // sending, sent and echo), and none of them started another turn.
    assertThat(stack.eventarc().deliveredTo(stack.processMessageUrl()) - processBefore).isBetween(3L, 12L);
  }
}
