package atende.console;

import static atende.platform.Firestores.await;

import atende.agent.Category;
import atende.agent.Classification;
import atende.agent.Decision;
import atende.agent.Policy;
import atende.agent.Priority;
import atende.agent.ReplyTemplates;
import atende.agent.Sentiment;
import atende.agent.TicketAfterTurn;
import atende.conversation.Author;
import atende.conversation.Outbox;
import atende.conversation.TicketStatus;
import atende.conversation.TicketStore;
import atende.conversation.TicketView;
import atende.escalation.Escalation;
import atende.escalation.Escalations;
import atende.evolution.SendResult;
import atende.platform.Ids;
import atende.platform.Log;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out a person's ticket edits in the console: a corrected classification becomes
 * {@code classificationSource: human} (the AI never overwrites it) and the escalation rules are
 * re-evaluated on it; {@code aiPaused: false} hands the chat back; resolving records who did it.
 * A bad value is not guessed at: it is reported on the ticket as {@code consoleError}.
 */
public final class ConsoleCommands {
  private final TicketStore store;
  private final Escalations escalations;
  private final Policy policy;
  private final Outbox outbox;

  public ConsoleCommands(TicketStore store, Escalations escalations, Policy policy, Outbox outbox) {
    this.store = store;
    this.escalations = escalations;
    this.policy = policy;
    this.outbox = outbox;
  }

  /** {@code commandId} (the event id) names what this edit raises, so a redelivery raises it once. */
  public void apply(String ticketId, List<TicketEdit> edits, String commandId) throws InterruptedException {
    for (TicketEdit edit : edits) {
      DocumentSnapshot snapshot = await(store.ticket(ticketId).get());
      if (!snapshot.exists()) return;
      TicketView ticket = TicketView.of(snapshot);
      switch (edit) {
        case TicketEdit.Reclassified r -> reclassify(ticket, r, commandId);
        case TicketEdit.Resumed r -> resume(ticket);
        case TicketEdit.Finished f -> finish(ticket, snapshot, f);
      }
    }
  }

  private void reclassify(TicketView ticket, TicketEdit.Reclassified edit, String commandId) {
    Optional<Category> category = WireEnum.parse(Category.class, edit.category());
    Optional<Priority> priority = WireEnum.parse(Priority.class, edit.priority());
    Timestamp now = store.now();
    if (category.isEmpty() || priority.isEmpty()) {
      String problem = category.isEmpty()
          ? "category '" + edit.category() + "' is not one of " + wires(Category.values())
          : "priority '" + edit.priority() + "' is not one of " + wires(Priority.values());
      store.update(ticket.id(), "consoleError", problem);
      Log.warn("console.invalid_edit", "ticketId", ticket.id(), "problem", problem);
      return;
    }
    Map<String, Object> update = new HashMap<>();
    update.put("category", category.get().wire());
    update.put("priority", priority.get().wire());
    update.put("classificationSource", "human");
    update.put("correctedAt", now);
    update.put("consoleError", null);
    // What the AI had said, for the classification-accuracy metric (only the first correction counts).
    if (!ticket.classifiedByHuman() && edit.previousCategory() != null) {
      update.put("correctedFrom", Map.of("category", edit.previousCategory(),
          "priority", edit.previousPriority() == null ? "" : edit.previousPriority()));
    }
    Sentiment sentiment = ticket.sentiment().flatMap(s -> WireEnum.parse(Sentiment.class, s)).orElse(Sentiment.NEUTRAL);
    Decision asCorrected = new Decision(new Classification(category.get(), priority.get(), sentiment, 1.0),
        "(console)", false, List.of(), Optional.empty(), false);
    Decision decision = policy.apply(asCorrected, new Policy.Facts(vip(ticket), 0, false, Optional.empty(), List.of()));
    String runId = "console-" + Ids.shortHash(commandId);
    boolean escalate = decision.escalate() && !ticket.escalationRequired();
    if (escalate) {
      update.putAll(TicketAfterTurn.escalation(decision.reasons(), now, runId));
      if (!ticket.humanOwned() && !ticket.status().finished()) update.put("status", TicketStatus.ESCALATED.wire());
    }
    store.update(ticket.id(), update);
    Log.info("ticket.reclassified", "ticketId", ticket.id(), "category", category.get().wire(), "priority", priority.get().wire(),
        "escalated", escalate);
    if (escalate) {
      escalations.raise(new Escalation(Escalations.idFor(ticket.id(), runId), ticket.id(), ticket.instance(),
          category.get().wire(), priority.get().wire(), decision.reasons(), runId, now.toDate().toInstant()));
    }
  }

  private void resume(TicketView ticket) {
    Map<String, Object> update = new HashMap<>();
    if (ticket.status() == TicketStatus.HUMAN) update.put("status", TicketStatus.OPEN.wire());
    update.put("resumedAt", store.now());
    store.update(ticket.id(), update);
    Log.info("ticket.resumed", "ticketId", ticket.id());
  }

  /**
   * Resolved by a person: recorded, and the customer is asked the NPS question once (a ticket closed
   * without resolving — spam, a duplicate — is not). The answer comes back through the webhook.
   */
  private void finish(TicketView ticket, DocumentSnapshot snapshot, TicketEdit.Finished edit) throws InterruptedException {
    Map<String, Object> update = new HashMap<>();
    if (snapshot.get("resolvedAt") == null) update.put("resolvedAt", store.now());
    update.put("resolvedBy", "human");
    store.update(ticket.id(), update);
    Log.info("ticket.resolved", "ticketId", ticket.id(), "resolvedBy", "human", "status", edit.status(),
        "category", ticket.category().orElse(null));
    if (!"resolved".equals(edit.status()) || snapshot.get("npsAskedAt") != null) return;
    Optional<SendResult> asked = outbox.send(new Outbox.Outgoing(ticket.id(), "nps-question", ticket.instance(),
        ticket.customerJid(), Author.SYSTEM, ReplyTemplates.npsQuestion(ticket.customerName()), Map.of("kind", "nps_question")));
    if (asked.isPresent() && asked.get() instanceof SendResult.Sent) {
      store.update(ticket.id(), "npsAskedAt", store.now());
    }
  }

  private boolean vip(TicketView ticket) {
    DocumentSnapshot customer = await(store.db().collection(TicketStore.CUSTOMERS).document(ticket.customerId()).get());
    return "vip".equals(customer.getString("tier"));
  }

  private static String wires(WireEnum[] values) {
    return String.join(", ", java.util.Arrays.stream(values).map(WireEnum::wire).toList());
  }
}
