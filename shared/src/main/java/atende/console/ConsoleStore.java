package atende.console;

import static atende.platform.Firestores.await;

import atende.agent.Customers;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStore;
import atende.conversation.TicketView;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the console commands read and write: the edited ticket, the customer's tier, and ticket
 * updates through {@link TicketStore#update} (which moves {@code updatedAt}, so TicketEdited does not
 * take our own writes for a person's edit).
 */
public final class ConsoleStore {
  /** The edited ticket, with what a person's resolve needs to know besides the {@link TicketView}. */
  record EditedTicket(TicketView view, boolean resolvedBefore, boolean npsAsked) {}

  private final TicketStore tickets;
  private final Customers customers;

  public ConsoleStore(Firestore db, Clock clock) {
    this.tickets = new TicketStore(db, clock);
    this.customers = new Customers(db);
  }

  Timestamp now() {
    return tickets.now();
  }

  Optional<EditedTicket> ticket(String ticketId) {
    DocumentSnapshot ticket = await(tickets.ticket(ticketId).get());
    if (!ticket.exists()) return Optional.empty();
    return Optional.of(new EditedTicket(TicketView.of(ticket),
        ticket.get(TicketSchema.RESOLVED_AT) != null, ticket.get(TicketSchema.NPS_ASKED_AT) != null));
  }

  void update(String ticketId, Map<String, Object> fields) {
    tickets.update(ticketId, fields);
  }

  boolean vip(String customerId) {
    return customers.vip(customerId);
  }
}
