package atende.local;

import static atende.local.Harness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.Firestores;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FollowUpSweep through its real entry point: ticks published on {@code followup-tick} (as Cloud
 * Scheduler does) are pushed by the Pub/Sub stand-in to the function under the Functions Framework
 * invoker, which reads and writes the Firestore emulator, sends through the Evolution stand-in,
 * publishes escalations that reach NotifyEscalation, and re-triggers ProcessMessage.
 *
 * <p>Time: the functions use the real clock, and "time has passed" is a fixture: timestamps the code
 * would have written earlier ({@code followUpDueAt}, {@code escalatedAt}, {@code lastInboundAt}, a run's
 * {@code startedAt}) are written into the emulator in the past.
 */
@Timeout(300)
class FollowUpSweepTest {
  static LocalStack stack;
  static Firestore db;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    stack.startSweep(null); // ticks only when a test publishes them
    db = stack.firestore();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  private Conversation conversation(Map<String, Object> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    all.put("debounceSeconds", 0);
    return new Conversation(stack, "sweep", all);
  }

  static Timestamp ago(Duration d) {
    Instant at = Instant.now().minus(d);
    return Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano());
  }

  /** Publishes ticks at once (Scheduler firing twice) and waits until the sweep acknowledged each. */
  static List<String> tick(int count) {
    List<String> ids = java.util.stream.IntStream.range(0, count).mapToObj(i -> stack.tick()).toList();
    for (String id : ids) {
      try {
        assertThat(stack.pubsub().awaitSettled(LocalStack.TICK_SUBSCRIPTION, id, Duration.ofSeconds(120)))
            .isEqualTo(PubSubStandIn.State.ACKED);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return ids;
  }

  static String teamNumber() {
    return "55118" + String.format("%08d", Math.floorMod(UUID.randomUUID().hashCode(), 100_000_000));
  }

  /** The plans question: answered, commercial, a follow-up scheduled by the AI turn (24 h). */
  private String answeredPlansQuestion(Conversation c) {
    String ticketId = c.customerSays("Quais são os planos disponíveis?");
    c.awaitFinished(ticketId, 1);
    c.awaitSent(1);
    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> t.getTimestamp("followUpDueAt") != null);
    assertThat(ticket.getString("status")).isEqualTo("waiting_customer");
    assertThat(ticket.getTimestamp("followUpDueAt")).as("the AI turn writes the top-level mirror")
        .isEqualTo(ticket.getTimestamp("followUp.dueAt"));
    return ticketId;
  }

  private void makeDue(Conversation c, String ticketId, Duration ago) {
    Timestamp due = ago(ago);
    c.edit("tickets/" + ticketId, "followUpDueAt", due, "followUp.dueAt", due);
  }

  private List<QueryDocumentSnapshot> followUpMessages(Conversation c, String ticketId) {
    return c.messages(ticketId).stream().filter(m -> String.valueOf(m.getString("kind")).startsWith("follow_up")).toList();
  }

  @Test
  void aDueFollowUpIsSentOnceDespiteConcurrentAndRedeliveredTicks() {
    Conversation c = conversation(Map.of());
    String ticketId = answeredPlansQuestion(c);
    makeDue(c, ticketId, Duration.ofMinutes(1));

    List<String> ticks = tick(2);
    assertThat(stack.pubsub().deliverAgain(LocalStack.TICK_SUBSCRIPTION, ticks.get(0))).isEqualTo(200);
    tick(1);
    c.settle();

    List<EvolutionStandIn.Sent> sent = c.sent();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).text()).contains("conseguiu resolver");
    assertThat(followUpMessages(c, ticketId)).singleElement().satisfies(m -> {
      assertThat(m.getString("author")).isEqualTo("system");
      assertThat(m.getLong("attempt")).isEqualTo(1);
      assertThat(m.getString("status")).isIn("sent", "delivered", "read");
    });
    DocumentSnapshot ticket = c.ticket(ticketId);
    assertThat(ticket.getString("status")).isEqualTo("waiting_customer");
    assertThat(ticket.getLong("followUp.attempts")).isEqualTo(1);
    assertThat(ticket.getTimestamp("followUpDueAt").toDate().toInstant()).isAfter(Instant.now().plus(Duration.ofHours(20)));
    assertThat(ticket.getTimestamp("lastOutboundAt")).isNotNull();
    assertThat(ticket.get("consoleError")).isNull();
  }

  @Test
  void noFollowUpOnceTheCustomerAnswered() {
    Conversation c = conversation(Map.of());
    String ticketId = answeredPlansQuestion(c);
    makeDue(c, ticketId, Duration.ofMinutes(1));

    c.customerSays("Obrigada! Vou conversar aqui com a equipe e depois eu volto a falar com vocês.");
    c.awaitFinished(ticketId, 2);
    c.awaitSent(2);
    DocumentSnapshot afterReply = c.ticket(ticketId);
    Timestamp due = afterReply.getTimestamp("followUpDueAt");
    assertThat(due == null || due.toDate().toInstant().isAfter(Instant.now()))
        .as("the new turn rescheduled or cancelled the follow-up").isTrue();

    tick(1);
    c.settle();
    assertThat(c.sent()).hasSize(2);
    assertThat(followUpMessages(c, ticketId)).isEmpty();
  }

  @Test
  void outsideTheTwentyFourHourWindowNothingIsSentAndTheTicketCloses() {
    Conversation c = conversation(Map.of());
    String ticketId = answeredPlansQuestion(c);
    c.edit("tickets/" + ticketId, "lastInboundAt", ago(Duration.ofHours(25)), "lastOutboundAt", ago(Duration.ofHours(25).minusMinutes(1)),
        "followUpDueAt", ago(Duration.ofMinutes(5)));

    tick(1);
    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> "resolved".equals(t.getString("status")));
    assertThat(ticket.getString("resolvedBy")).isEqualTo("timeout");
    assertThat(ticket.getString("closeReason")).isEqualTo("window_closed");
    assertThat(ticket.getTimestamp("resolvedAt")).isNotNull();
    c.settle();
    assertThat(c.sent()).as("no free-form message outside the window").hasSize(1);
    assertThat(followUpMessages(c, ticketId)).isEmpty();
  }

  @Test
  void afterTheLastFollowUpTheTicketIsResolvedByTimeoutWithOneClosingMessage() {
    Conversation c = conversation(Map.of());
    String ticketId = answeredPlansQuestion(c);
    c.edit("tickets/" + ticketId, "followUp.attempts", 2);
    makeDue(c, ticketId, Duration.ofMinutes(1));

    tick(2);
    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> "resolved".equals(t.getString("status")));
    tick(1);
    c.settle();
    assertThat(ticket.getString("resolvedBy")).isEqualTo("timeout");
    assertThat(ticket.getString("closeReason")).isEqualTo("no_answer");
    assertThat(ticket.getTimestamp("resolvedAt")).isNotNull();
    assertThat(c.sent()).hasSize(2);
    assertThat(c.sent().get(1).text()).contains("vou encerrar este atendimento");
    assertThat(c.ticket(ticketId).get("npsAskedAt")).as("TicketEdited saw our write, not a person's resolve").isNull();

    String next = c.customerSays("Oi, voltei! Quero contratar o plano.");
    assertThat(next).as("a message after the close opens a new ticket").isNotEqualTo(ticketId);
  }

  @Test
  void anSlaBreachRaisesOneLouderEscalationThatReachesTheTeam() {
    String team = teamNumber();
    Conversation c = conversation(Map.of("escalationTargets", List.of(team)));
    String ticketId = c.customerSays("Quero falar com um atendente humano, por favor");
    c.awaitFinished(ticketId, 1);
    DocumentSnapshot escalated = c.awaitTicket(ticketId, t -> "escalated".equals(t.getString("status")));
    assertThat(escalated.getBoolean("slaBreached")).isFalse();
    assertThat(escalated.getTimestamp("escalatedAt")).isEqualTo(escalated.getTimestamp("escalation.at"));
    eventually(() -> stack.evolution().sentTo(team), list -> list.size() == 1);

    tick(1);
    c.settle();
    assertThat(stack.evolution().sentTo(team)).as("within its SLA: nothing yet").hasSize(1);

    Timestamp longAgo = ago(Duration.ofHours(5));
    c.edit("tickets/" + ticketId, "escalatedAt", longAgo, "escalation.at", longAgo);
    tick(2);
    tick(1);

    List<EvolutionStandIn.Sent> notices = eventually(() -> stack.evolution().sentTo(team), list -> list.size() >= 2);
    c.settle();
    assertThat(stack.evolution().sentTo(team)).hasSize(2);
    assertThat(notices.get(1).text()).startsWith("⏰ *URGENTE").contains("tempo limite de atendimento excedido");
    List<QueryDocumentSnapshot> all = Firestores.await(db.collection("escalations").whereEqualTo("ticketId", ticketId).get()).getDocuments();
    assertThat(all).hasSize(2);
    DocumentSnapshot sla = Firestores.await(db.document("escalations/" + ticketId + "_sla").get());
    assertThat(sla.get("reasons")).isEqualTo(List.of("sla_breached"));
    assertThat(sla.getBoolean("published")).isTrue();
    DocumentSnapshot ticket = c.ticket(ticketId);
    assertThat(ticket.getBoolean("slaBreached")).isTrue();
    assertThat(ticket.getTimestamp("escalation.slaBreachedAt")).isNotNull();
    assertThat(c.sent()).as("the customer already heard a person is coming: nothing more").hasSize(1);
  }

  /** The state a ProcessMessage that died mid-turn leaves: ticket open, message processing, run running. */
  private String crashedTurn(Conversation c, Duration ago, String messageStatus, boolean withRun) {
    String ticketId = "sweep-crash-" + Keys.suffix();
    Timestamp at = ago(ago);
    Map<String, Object> ticket = new HashMap<>();
    ticket.put("instance", c.instance);
    ticket.put("customerId", c.instance + "_" + c.phone);
    ticket.put("customerJid", c.chat);
    ticket.put("customerPhone", c.phone);
    ticket.put("customerName", "Maria Souza");
    ticket.put("sequence", 1L);
    ticket.put("status", "open");
    ticket.put("aiPaused", false);
    ticket.put("createdAt", at);
    ticket.put("updatedAt", at);
    ticket.put("lastInboundAt", at);
    Firestores.await(db.document("tickets/" + ticketId).set(ticket));
    Map<String, Object> message = new HashMap<>();
    message.put("instance", c.instance);
    message.put("direction", "inbound");
    message.put("author", "customer");
    message.put("type", "text");
    message.put("text", "Não consigo fazer login no sistema");
    message.put("chatJid", c.chat);
    message.put("status", messageStatus);
    message.put("createdAt", at);
    // Not "received": ProcessMessage treats only a new received customer message as work.
    Firestores.await(db.document("tickets/" + ticketId + "/messages/3EB0CRASH1").set(message));
    if (withRun) {
      Firestores.await(db.document("tickets/" + ticketId + "/runs/" + ticketId + "_3EB0CRASH1")
          .set(Map.of("messageId", "3EB0CRASH1", "status", "running", "startedAt", at)));
    }
    return ticketId;
  }

  @Test
  void aStuckRunIsRetriedAndTheCustomerGetsExactlyOneReply() {
    Conversation c = conversation(Map.of());
    String ticketId = crashedTurn(c, Duration.ofMinutes(7), "processing", true);

    tick(2);
    List<EvolutionStandIn.Sent> sent = c.awaitSent(1);
    c.awaitTicket(ticketId, t -> t.getTimestamp("lastOutboundAt") != null);
    tick(1);
    c.settle();

    assertThat(c.sent()).hasSize(1);
    assertThat(sent.get(0).text()).isNotBlank();
    DocumentSnapshot stuck = Firestores.await(db.document("tickets/" + ticketId + "/runs/" + ticketId + "_3EB0CRASH1").get());
    assertThat(stuck.getString("status")).isEqualTo("failed");
    assertThat(stuck.getString("error.code")).isEqualTo("stuck");
    assertThat(c.runs(ticketId)).as("the stuck run and the retry").hasSize(2)
        .anySatisfy(r -> assertThat(r.getString("status")).isEqualTo("answered"));
    DocumentSnapshot message = Firestores.await(db.document("tickets/" + ticketId + "/messages/3EB0CRASH1").get());
    assertThat(message.get("reprocess")).isEqualTo(false);
    assertThat(message.getString("status")).isEqualTo("answered");
    assertThat(c.ticket(ticketId).getString("status")).isNotEqualTo("open");
  }

  @Test
  void aCustomerMessageLeftUnansweredEscalatesAsNoResolutionTimeout() {
    String team = teamNumber();
    Conversation c = conversation(Map.of("escalationTargets", List.of(team)));
    String ticketId = crashedTurn(c, Duration.ofMinutes(6), "failed", false);

    tick(2);
    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> "escalated".equals(t.getString("status")));
    assertThat(ticket.get("escalation.reasons")).isEqualTo(List.of("no_resolution_timeout"));
    assertThat(ticket.getTimestamp("escalatedAt")).isNotNull();
    eventually(() -> stack.evolution().sentTo(team), list -> list.size() == 1);
    assertThat(stack.evolution().sentTo(team).get(0).text()).contains("sem resposta além do tempo limite");
    // Not told yet by the AI, so the notifier sends the customer the one handoff message.
    assertThat(c.awaitSent(1).get(0).text()).contains("Uma pessoa da nossa equipe");
    tick(1);
    c.settle();
    assertThat(c.sent()).hasSize(1);
    assertThat(stack.evolution().sentTo(team)).hasSize(1);
  }

  @Test
  void anEscalationWhosePublishFailedIsPublishedAgain() {
    String team = teamNumber();
    Conversation c = conversation(Map.of("escalationTargets", List.of(team)));
    String ticketId = answeredPlansQuestion(c);
    String escalationId = ticketId + "_lost";
    Map<String, Object> lost = new HashMap<>();
    lost.put("ticketId", ticketId);
    lost.put("instance", c.instance);
    lost.put("category", "commercial");
    lost.put("priority", "high");
    lost.put("reasons", List.of("customer_requested_human"));
    lost.put("runId", "lost");
    lost.put("customerNotified", true);
    lost.put("published", false);
    lost.put("publishError", "UNAVAILABLE: io exception");
    lost.put("createdAt", ago(Duration.ofMinutes(3)));
    Firestores.await(db.document("escalations/" + escalationId).set(lost));

    tick(2);
    List<EvolutionStandIn.Sent> notices = eventually(() -> stack.evolution().sentTo(team), list -> !list.isEmpty());
    assertThat(notices.get(0).text()).contains(ticketId);
    DocumentSnapshot escalation = eventually(db, "escalations/" + escalationId, e -> e.get("notifiedAt") != null);
    assertThat(escalation.getBoolean("published")).isTrue();
    assertThat(escalation.getTimestamp("publishedAt")).isNotNull();
    tick(1);
    c.settle();
    assertThat(stack.evolution().sentTo(team)).hasSize(1);
    assertThat(c.sent()).as("customerNotified: no handoff message").hasSize(1);
  }
}
