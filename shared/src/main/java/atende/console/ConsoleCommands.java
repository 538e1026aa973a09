package atende.console;

import atende.agent.Classification;
import atende.agent.Policy;
import atende.agent.ReplyTemplates;
import atende.agent.TicketAfterTurn;
import atende.conversation.Author;
import atende.conversation.Category;
import atende.conversation.MessageSchema;
import atende.conversation.Outbox;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStatus;
import atende.conversation.TicketView;
import atende.escalation.Escalation;
import atende.escalation.EscalationReason;
import atende.escalation.Escalations;
import atende.evolution.SendResult;
import atende.platform.Ids;
import atende.platform.Log;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import java.util.Arrays;
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
  private final ConsoleStore store;
  private final Escalations escalations;
  private final Policy policy;
  private final Outbox outbox;

  public ConsoleCommands(ConsoleStore store, Escalations escalations, Policy policy, Outbox outbox) {
    this.store = store;
    this.escalations = escalations;
    this.policy = policy;
    this.outbox = outbox;
  }

  /** {@code commandId} (the event id) names what this edit raises, so a redelivery raises it once. */
  public void apply(String ticketId, List<TicketEdit> edits, String commandId) throws InterruptedException {
    for (TicketEdit edit : edits) {
      Optional<ConsoleStore.EditedTicket> ticket = store.ticket(ticketId);
      if (ticket.isEmpty()) return;
      switch (edit) {
        case TicketEdit.Reclassified r -> reclassify(ticket.get().view(), r, commandId);
        case TicketEdit.Resumed r -> resume(ticket.get().view());
        case TicketEdit.Finished f -> finish(ticket.get(), f);
      }
    }
  }

  private void reclassify(TicketView ticket, TicketEdit.Reclassified edit, String commandId) {
    Optional<Category> category = WireEnum.parse(Category.class, edit.category());
    Optional<Priority> priority = WireEnum.parse(Priority.class, edit.priority());
    if (category.isEmpty() || priority.isEmpty()) {
      String problem = category.isEmpty()
          ? "category '" + edit.category() + "' is not one of " + wires(Category.values())
          : "priority '" + edit.priority() + "' is not one of " + wires(Priority.values());
      store.update(ticket.id(), Map.of(TicketSchema.CONSOLE_ERROR, problem));
      Log.warn("console.invalid_edit", "ticketId", ticket.id(), "problem", problem);
      return;
    }
    Timestamp now = store.now();
    Sentiment sentiment = ticket.sentiment().flatMap(s -> WireEnum.parse(Sentiment.class, s)).orElse(Sentiment.NEUTRAL);
    List<EscalationReason> reasons = policy.forClassification(new Classification(category.get(), priority.get(), sentiment, 1.0),
        new Policy.Facts(store.vip(ticket.customerId()), 0, false, Optional.empty(), List.of()));
    String runId = "console-" + Ids.shortHash(commandId);
    boolean escalate = !reasons.isEmpty() && !ticket.escalationRequired();
    Map<String, Object> update = corrected(ticket, edit, category.get(), priority.get(), now);
    if (escalate) {
      update.putAll(TicketAfterTurn.escalation(reasons, now, runId));
      if (!ticket.humanOwned() && !ticket.status().finished()) update.put(TicketSchema.STATUS, TicketStatus.ESCALATED.wire());
    }
    store.update(ticket.id(), update);
    Log.info("ticket.reclassified", "ticketId", ticket.id(), "category", category.get().wire(), "priority", priority.get().wire(),
        "escalated", escalate);
    if (escalate) {
      escalations.raise(new Escalation(Escalations.idFor(ticket.id(), runId), ticket.id(), ticket.instance(),
          category.get().wire(), priority.get().wire(), reasons, runId, now.toDate().toInstant()));
    }
  }

  /** A person's classification, which the AI never overwrites; what the AI had said is kept once, for the accuracy metric. */
  private static Map<String, Object> corrected(TicketView ticket, TicketEdit.Reclassified edit, Category category, Priority priority,
      Timestamp now) {
    Map<String, Object> update = new HashMap<>();
    update.put(TicketSchema.CATEGORY, category.wire());
    update.put(TicketSchema.PRIORITY, priority.wire());
    update.put(TicketSchema.CLASSIFICATION_SOURCE, TicketSchema.SOURCE_HUMAN);
    update.put(TicketSchema.CORRECTED_AT, now);
    update.put(TicketSchema.CONSOLE_ERROR, null);
    if (!ticket.classifiedByHuman() && edit.previousCategory() != null) {
      update.put(TicketSchema.CORRECTED_FROM, Map.of(TicketSchema.CATEGORY, edit.previousCategory(),
          TicketSchema.PRIORITY, edit.previousPriority() == null ? "" : edit.previousPriority()));
    }
    return update;
  }

  private void resume(TicketView ticket) {
    Map<String, Object> update = new HashMap<>();
    if (ticket.status() == TicketStatus.HUMAN) update.put(TicketSchema.STATUS, TicketStatus.OPEN.wire());
    update.put(TicketSchema.RESUMED_AT, store.now());
    store.update(ticket.id(), update);
    Log.info("ticket.resumed", "ticketId", ticket.id());
  }

  /**
   * Resolved by a person: recorded, and the customer is asked the NPS question once (a ticket closed
   * without resolving — spam, a duplicate — is not). The answer comes back through the webhook.
   */
  private void finish(ConsoleStore.EditedTicket edited, TicketEdit.Finished edit) throws InterruptedException {
    TicketView ticket = edited.view();
    Map<String, Object> update = new HashMap<>();
    if (!edited.resolvedBefore()) update.put(TicketSchema.RESOLVED_AT, store.now());
    update.put(TicketSchema.RESOLVED_BY, TicketSchema.RESOLVED_BY_HUMAN);
    store.update(ticket.id(), update);
    Log.info("ticket.resolved", "ticketId", ticket.id(), "resolvedBy", "human", "status", edit.status().wire(),
        "category", ticket.category().orElse(null));
    if (edit.status() != TicketStatus.RESOLVED || edited.npsAsked()) return;
    Optional<SendResult> asked = outbox.send(new Outbox.Outgoing(ticket.id(), "nps-question", ticket.instance(),
        ticket.customerJid(), Author.SYSTEM, ReplyTemplates.npsQuestion(ticket.customerName()),
        Map.of(MessageSchema.KIND, MessageSchema.KIND_NPS_QUESTION)));
    if (asked.isPresent() && asked.get() instanceof SendResult.Sent) {
      store.update(ticket.id(), Map.of(TicketSchema.NPS_ASKED_AT, store.now()));
    }
  }

  private static String wires(WireEnum[] values) {
    return String.join(", ", Arrays.stream(values).map(WireEnum::wire).toList());
  }
}
