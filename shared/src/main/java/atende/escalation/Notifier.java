package atende.escalation;


import atende.conversation.Author;
import atende.conversation.Instances;
import atende.conversation.Outbox;
import atende.conversation.TicketStore;
import atende.evolution.EvolutionClient;
import atende.evolution.SendResult;
import atende.platform.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Tells people about an escalation ({@code NotifyEscalation}): a pt-BR WhatsApp notice to each of the
 * instance's {@code escalationTargets}, the signed CRM webhook when configured, and the customer's one
 * handoff message when the escalation says they were not told yet ({@link Escalation#customerNotified}).
 *
 * <p>Idempotent per channel: each send is claimed first with a create-if-absent document
 * {@code escalations/{id}/sends/{channel}-{attempt}}, so concurrent deliveries of one message never
 * send twice, and its result is recorded in {@code escalations/{id}.channels.{channel}}; a redelivery
 * skips channels already {@code sent} and retries only the failed ones. When every channel is sent,
 * {@code notifiedAt} is set on the escalation and the ticket. A failure asks Pub/Sub to retry
 * ({@link Retry}); at the last delivery attempt the failure is recorded on both
 * ({@code notifyFailed}) and the message goes on to the dead-letter topic. A message that is not an
 * escalation, or whose escalation or ticket is gone, is acknowledged: retrying cannot help.
 *
 * <p>If the function dies between claiming and recording a send, the claim stays without an outcome;
 * after {@link #STALE_CLAIM} (longer than any function run) a later delivery records it as failed and
 * sends again — at-least-once in that rare case, rather than never.
 */
public final class Notifier {
  /** A claim older than this without a recorded result belongs to a run that died (timeout is 60 s). */
  public static final Duration STALE_CLAIM = Duration.ofMinutes(3);

  /** What happened to one delivery; NotifyEscalation answers Pub/Sub from it (ack, or retry for {@link Retry} and {@link GaveUp}). */
  public sealed interface Outcome {}

  /** Every channel is sent (some maybe by earlier deliveries). */
  public record Notified(String escalationId, List<String> sentNow) implements Outcome {}

  public record AlreadyNotified(String escalationId) implements Outcome {}

  /** Not something we can act on: malformed, unknown escalation, ticket gone. */
  public record Ignored(String reason) implements Outcome {}

  /** No team target and no CRM for the instance: recorded as {@code notifyFailed}; retrying cannot help. */
  public record NoRecipients(String escalationId) implements Outcome {}

  /** Some channels failed or are being sent by a concurrent delivery: Pub/Sub should deliver again. */
  public record Retry(String escalationId, List<String> failed, List<String> inProgress) implements Outcome {}

  /** The last delivery attempt failed too: recorded, and left to the dead-letter topic. */
  public record GaveUp(String escalationId, List<String> failed) implements Outcome {}

  private sealed interface ChannelResult {}

  private record Sent() implements ChannelResult {}

  private record AlreadySent() implements ChannelResult {}

  private record Failed(String error) implements ChannelResult {}

  private record InProgress() implements ChannelResult {}

  private final EscalationStore store;
  private final TicketStore tickets;
  private final Instances instances;
  private final EvolutionClient evolution;
  private final Outbox outbox;
  private final UnaryOperator<String> handoffText;
  private final Optional<CrmWebhook> crm;
  private final int maxAttempts;
  private final String projectId;
  private final String database;
  private final Clock clock;

  /**
   * {@code evolution} sends the team's notices; {@code outbox} the customer's handoff, like every message
   * to a customer, with the text {@code handoffText} makes from the customer's name (the AI's templates).
   */
  public Notifier(EscalationStore store, TicketStore tickets, Instances instances, EvolutionClient evolution, Outbox outbox,
      UnaryOperator<String> handoffText, Optional<CrmWebhook> crm, int maxAttempts, String projectId, String database,
      Clock clock) {
    this.store = store;
    this.tickets = tickets;
    this.instances = instances;
    this.evolution = evolution;
    this.outbox = outbox;
    this.handoffText = handoffText;
    this.crm = crm;
    this.maxAttempts = maxAttempts;
    this.projectId = projectId;
    this.database = database;
    this.clock = clock;
  }

  public Outcome handle(PushEnvelope envelope) {
    Optional<Escalation> published = EscalationJson.decode(envelope.data());
    String id = published.map(Escalation::escalationId).orElse(envelope.attributes().get("escalationId"));
    if (id == null || id.isBlank() || id.contains("/")) return ignored(envelope, "no escalation in the message");
    Optional<EscalationStore.TicketView> ticketFound = Optional.empty();
    if (published.isPresent()) {
      // Nothing is written for an escalation whose ticket does not exist.
      ticketFound = store.ticket(published.get().ticketId());
      if (ticketFound.isEmpty()) return ignored(envelope, "ticket not found");
      store.ensure(published.get(), envelope.messageId());
    }
    Optional<EscalationStore.EscalationDoc> found = store.read(id);
    if (found.isEmpty()) return ignored(envelope, "unknown escalation");
    EscalationStore.EscalationDoc escalation = found.get();
    if (escalation.notified()) return new AlreadyNotified(id);
    if (ticketFound.isEmpty() || !ticketFound.get().ticketId().equals(escalation.ticketId())) {
      ticketFound = store.ticket(escalation.ticketId());
    }
    if (ticketFound.isEmpty()) return ignored(envelope, "ticket not found");
    EscalationStore.TicketView ticket = ticketFound.get();
    String instance = escalation.instance() != null ? escalation.instance() : ticket.instance();
    int deliveryAttempt = envelope.deliveryAttempt().orElse(0);
    Log.info("escalation.received", "escalationId", id, "ticketId", ticket.ticketId(), "messageId", envelope.messageId(),
        "deliveryAttempt", deliveryAttempt);

    Notice notice = new Notice(id, ticket.ticketId(), instance, ticket.customerName(),
        ticket.customerPhone() != null ? ticket.customerPhone() : ticket.customerJid(),
        escalation.category() != null ? escalation.category() : ticket.category(),
        escalation.priority() != null ? escalation.priority() : ticket.priority(),
        escalation.reasons(), escalation.at(), store.lastMessages(ticket.ticketId(), Notice.LAST_MESSAGES),
        Notice.consoleUrl(projectId, database, ticket.ticketId()));
    List<Channel> channels = Channel.plan(instances.get(instance).escalationTargets(), escalation.customerNotified(),
        ticket.customerJid(), crm.isPresent());

    Map<Channel, ChannelResult> results = runAll(channels, channel ->
        attempt(channel, escalation, ticket, notice, envelope.messageId(), deliveryAttempt));

    List<String> sentNow = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> inProgress = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    results.forEach((channel, result) -> {
      switch (result) {
        case Sent s -> sentNow.add(channel.key());
        case AlreadySent s -> { }
        case Failed f -> {
          failed.add(channel.key());
          errors.add(channel.key() + ": " + f.error());
        }
        case InProgress p -> inProgress.add(channel.key());
      }
    });

    if (failed.isEmpty() && inProgress.isEmpty()) {
      if (channels.stream().noneMatch(Channel::reachesTeam)) {
        String error = "no escalationTargets for instance " + instance + " and no CRM webhook: nobody was notified";
        store.markFailed(escalation, ticket, error);
        Log.error("escalation.no_recipients", null, "escalationId", id, "ticketId", ticket.ticketId(), "instance", instance);
        return new NoRecipients(id);
      }
      store.markNotified(escalation, ticket);
      Log.info("escalation.notified", "escalationId", id, "ticketId", ticket.ticketId(), "channels", channels.size(),
          "sentNow", sentNow.size(), "deliveryAttempt", deliveryAttempt);
      return new Notified(id, sentNow);
    }
    if (deliveryAttempt >= maxAttempts) {
      String error = errors.isEmpty() ? "still in progress at the last attempt: " + String.join(", ", inProgress)
          : String.join("; ", errors);
      store.markFailed(escalation, ticket, error);
      Log.error("escalation.gave_up", null, "escalationId", id, "ticketId", ticket.ticketId(),
          "failed", failed, "deliveryAttempt", deliveryAttempt);
      return new GaveUp(id, failed.isEmpty() ? inProgress : failed);
    }
    Log.warn("escalation.retry", "escalationId", id, "ticketId", ticket.ticketId(), "failed", failed,
        "inProgress", inProgress, "deliveryAttempt", deliveryAttempt);
    return new Retry(id, failed, inProgress);
  }

  private Outcome ignored(PushEnvelope envelope, String reason) {
    Log.warn("escalation.ignored", "messageId", envelope.messageId(), "reason", reason);
    return new Ignored(reason);
  }

  /** Channels are independent, so they go out in parallel: one slow target does not hold up the rest. */
  private static Map<Channel, ChannelResult> runAll(List<Channel> channels,
      java.util.function.Function<Channel, ChannelResult> work) {
    Map<Channel, ChannelResult> results = new LinkedHashMap<>();
    if (channels.size() == 1) {
      results.put(channels.get(0), work.apply(channels.get(0)));
      return results;
    }
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      Map<Channel, Future<ChannelResult>> futures = new LinkedHashMap<>();
      for (Channel channel : channels) futures.put(channel, executor.submit(() -> work.apply(channel)));
      for (Map.Entry<Channel, Future<ChannelResult>> f : futures.entrySet()) {
        try {
          results.put(f.getKey(), f.getValue().get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) throw runtime;
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    return results;
  }

  private ChannelResult attempt(Channel channel, EscalationStore.EscalationDoc escalation, EscalationStore.TicketView ticket,
      Notice notice, String messageId, int deliveryAttempt) {
    String key = channel.key();
    EscalationStore.ChannelState state = escalation.channel(key);
    if (state.sent()) return new AlreadySent();
    int attempt = state.attempts() + 1;
    if (!store.claim(escalation.id(), key, attempt, messageId, deliveryAttempt)) {
      return claimedElsewhere(channel, escalation.id(), attempt);
    }
    String error = switch (channel) {
      case Channel.Team team -> describe(evolution.sendText(notice.instance(), team.target(), notice.teamText(), 0));
      case Channel.Customer customer -> handoff(escalation.id(), ticket, notice.instance(), customer.chatJid());
      case Channel.Crm c -> crm.get().post(escalation.id(), CrmPayload.body(notice)).error();
    };
    String target = channel instanceof Channel.Team team ? team.target() : null;
    if (error == null) {
      store.recordSent(escalation.id(), key, attempt, target);
      Log.info("escalation.channel_sent", "escalationId", escalation.id(), "channel", kind(channel),
          "target", Log.mask(target), "attempt", attempt);
      return new Sent();
    }
    store.recordFailed(escalation.id(), key, attempt, target, error);
    Log.warn("escalation.channel_failed", "escalationId", escalation.id(), "channel", kind(channel),
        "target", Log.mask(target), "attempt", attempt, "error", error);
    return new Failed(error);
  }

  /** Another delivery holds this attempt's claim: it finished, is still sending, or died mid-send. */
  private ChannelResult claimedElsewhere(Channel channel, String id, int attempt) {
    EscalationStore.ChannelState now = store.read(id).map(e -> e.channel(channel.key())).orElse(EscalationStore.ChannelState.NONE);
    if (now.sent()) return new AlreadySent();
    if (now.attempts() >= attempt) return new Failed(now.error()); // it failed; the next delivery tries again
    Optional<Instant> claimedAt = store.claimedAt(id, channel.key(), attempt);
    if (claimedAt.isPresent() && claimedAt.get().plus(STALE_CLAIM).isBefore(clock.instant())) {
      String error = "the delivery that claimed this send at " + claimedAt.get() + " never recorded its outcome";
      store.recordFailed(id, channel.key(), attempt, channel instanceof Channel.Team t ? t.target() : null, error);
      return new Failed(error);
    }
    return new InProgress();
  }

  /**
   * The customer's handoff through the Outbox, like every message to a customer: recorded before it is
   * sent (Evolution's echo must be recognised as ours, not as a person on the business phone), sent,
   * marked. This attempt's claim is ours, so a record left by a failed attempt is written again.
   */
  private String handoff(String escalationId, EscalationStore.TicketView ticket, String instance, String chatJid) {
    Outbox.Outgoing out = new Outbox.Outgoing(ticket.ticketId(), "handoff-" + escalationId, instance, chatJid, Author.SYSTEM,
        handoffText.apply(ticket.customerName()), Map.of("escalationId", escalationId));
    try {
      SendResult result = outbox.sendClaimed(out);
      if (result instanceof SendResult.Sent) tickets.update(ticket.ticketId(), "lastOutboundAt", tickets.now());
      return describe(result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while sending";
    }
  }

  private static String describe(SendResult result) {
    return switch (result) {
      case SendResult.Sent s -> null;
      case SendResult.Failed f -> "Evolution answered " + f.httpStatus() + ": " + f.reason();
    };
  }

  private static String kind(Channel channel) {
    return switch (channel) {
      case Channel.Team t -> "team";
      case Channel.Customer c -> "customer";
      case Channel.Crm c -> "crm";
    };
  }
}
