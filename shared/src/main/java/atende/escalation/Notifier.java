package atende.escalation;

import atende.conversation.Author;
import atende.conversation.Instances;
import atende.conversation.MessageSchema;
import atende.conversation.Outbox;
import atende.escalation.EscalationStore.ChannelState;
import atende.escalation.EscalationStore.EscalationDoc;
import atende.escalation.EscalationStore.TicketView;
import atende.evolution.EvolutionClient;
import atende.evolution.SendResult;
import atende.platform.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  /** The escalation and its ticket as read for a delivery, or why there is nothing to do. */
  private sealed interface Read {}

  private record Stop(Outcome outcome) implements Read {}

  private record Found(EscalationDoc escalation, TicketView ticket) implements Read {
    /** The escalation's instance, or its ticket's for an escalation recorded without one. */
    String instance() {
      return escalation.instance() != null ? escalation.instance() : ticket.instance();
    }
  }

  /** One delivery of an escalation: what each channel's send needs. */
  private record Delivery(EscalationDoc escalation, TicketView ticket, Notice notice, String messageId, int attempt) {
    String id() {
      return escalation.id();
    }
  }

  /** The channels' results, by what they mean for this delivery's outcome. */
  private record Tally(List<String> sentNow, List<String> failed, List<String> inProgress, List<String> errors) {
    static Tally of(Map<Channel, ChannelResult> results) {
      Tally tally = new Tally(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      results.forEach((channel, result) -> {
        switch (result) {
          case Sent s -> tally.sentNow.add(channel.key());
          case AlreadySent s -> { }
          case Failed f -> {
            tally.failed.add(channel.key());
            tally.errors.add(channel.key() + ": " + f.error());
          }
          case InProgress p -> tally.inProgress.add(channel.key());
        }
      });
      return tally;
    }

    boolean allSent() {
      return failed.isEmpty() && inProgress.isEmpty();
    }
  }

  private final EscalationStore store;
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
  public Notifier(EscalationStore store, Instances instances, EvolutionClient evolution, Outbox outbox,
      UnaryOperator<String> handoffText, Optional<CrmWebhook> crm, int maxAttempts, String projectId, String database,
      Clock clock) {
    this.store = store;
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

  /** Decode, read the escalation and its ticket, then deliver it. */
  public Outcome handle(PushEnvelope envelope) {
    Optional<Escalation> published = EscalationJson.decode(envelope.data());
    String id = published.map(Escalation::escalationId)
        .orElse(envelope.attributes().get(PubSubEscalationPublisher.ESCALATION_ID_ATTRIBUTE));
    if (id == null || id.isBlank() || id.contains("/")) return ignored(envelope, "no escalation in the message");
    return switch (read(id, published, envelope)) {
      case Stop stop -> stop.outcome();
      case Found found -> deliver(found, envelope);
    };
  }

  /**
   * The escalation (recorded from the message when the publisher's record is missing) and its ticket;
   * nothing is written for an escalation whose ticket does not exist.
   */
  private Read read(String id, Optional<Escalation> published, PushEnvelope envelope) {
    Optional<TicketView> ticket = Optional.empty();
    if (published.isPresent()) {
      ticket = store.ticket(published.get().ticketId());
      if (ticket.isEmpty()) return new Stop(ignored(envelope, "ticket not found"));
      store.ensure(published.get(), envelope.messageId());
    }
    Optional<EscalationDoc> escalation = store.read(id);
    if (escalation.isEmpty()) return new Stop(ignored(envelope, "unknown escalation"));
    if (escalation.get().notified()) return new Stop(new AlreadyNotified(id));
    String ticketId = escalation.get().ticketId();
    if (ticket.isEmpty() || !ticket.get().ticketId().equals(ticketId)) ticket = store.ticket(ticketId);
    if (ticket.isEmpty()) return new Stop(ignored(envelope, "ticket not found"));
    return new Found(escalation.get(), ticket.get());
  }

  /** Plan the channels, claim and send each (recording its outcome), then conclude. */
  private Outcome deliver(Found found, PushEnvelope envelope) {
    int deliveryAttempt = envelope.deliveryAttempt().orElse(0);
    Log.info("escalation.received", "escalationId", found.escalation().id(), "ticketId", found.ticket().ticketId(),
        "messageId", envelope.messageId(), "deliveryAttempt", deliveryAttempt);
    Delivery delivery = new Delivery(found.escalation(), found.ticket(), notice(found), envelope.messageId(), deliveryAttempt);
    List<Channel> channels = Channel.plan(instances.get(found.instance()).escalationTargets(),
        found.escalation().customerNotified(), found.ticket().customerJid(), crm.isPresent());
    Tally tally = Tally.of(runAll(channels, channel -> sendOnce(channel, delivery)));
    return conclude(delivery, channels, tally);
  }

  private Notice notice(Found found) {
    EscalationDoc e = found.escalation();
    TicketView t = found.ticket();
    return new Notice(e.id(), t.ticketId(), found.instance(), t.customerName(),
        t.customerPhone() != null ? t.customerPhone() : t.customerJid(),
        e.category() != null ? e.category() : t.category(),
        e.priority() != null ? e.priority() : t.priority(),
        e.reasons(), e.at(), store.lastMessages(t.ticketId(), Notice.LAST_MESSAGES),
        Notice.consoleUrl(projectId, database, t.ticketId()));
  }

  /** One channel: nothing when it is already sent; otherwise claimed, sent, and its outcome recorded. */
  private ChannelResult sendOnce(Channel channel, Delivery d) {
    ChannelState state = d.escalation().channel(channel.key());
    if (state.sent()) return new AlreadySent();
    int attempt = state.attempts() + 1;
    if (!store.claim(d.id(), channel.key(), attempt, d.messageId(), d.attempt())) {
      return claimedElsewhere(channel, d.id(), attempt);
    }
    return record(channel, d.id(), attempt, send(channel, d));
  }

  /** Sends on the channel: null when it went out, otherwise why not. */
  private String send(Channel channel, Delivery d) {
    return switch (channel) {
      case Channel.Team team -> describe(evolution.sendText(d.notice().instance(), team.target(), d.notice().teamText(), 0));
      case Channel.Customer customer -> handoff(d, customer.chatJid());
      case Channel.Crm c -> crm.get().post(d.id(), CrmPayload.body(d.notice())).error();
    };
  }

  /**
   * The customer's handoff through the Outbox, like every message to a customer: recorded before it is
   * sent (Evolution's echo must be recognised as ours, not as a person on the business phone), sent,
   * marked. This attempt's claim is ours, so a record left by a failed attempt is written again.
   */
  private String handoff(Delivery d, String chatJid) {
    Outbox.Outgoing out = new Outbox.Outgoing(d.ticket().ticketId(), "handoff-" + d.id(), d.notice().instance(), chatJid,
        Author.SYSTEM, handoffText.apply(d.ticket().customerName()), Map.of(MessageSchema.ESCALATION_ID, d.id()));
    try {
      SendResult result = outbox.sendClaimed(out);
      if (result instanceof SendResult.Sent) store.handoffSent(d.ticket().ticketId());
      return describe(result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while sending";
    }
  }

  private ChannelResult record(Channel channel, String id, int attempt, String error) {
    if (error == null) {
      store.record(id, channel, attempt, ChannelStatus.SENT, null);
      Log.info("escalation.channel_sent", "escalationId", id, "channel", channel.kind(),
          "target", Log.mask(channel.target()), "attempt", attempt);
      return new Sent();
    }
    store.record(id, channel, attempt, ChannelStatus.FAILED, error);
    Log.warn("escalation.channel_failed", "escalationId", id, "channel", channel.kind(),
        "target", Log.mask(channel.target()), "attempt", attempt, "error", error);
    return new Failed(error);
  }

  /** Another delivery holds this attempt's claim: it finished, is still sending, or died mid-send. */
  private ChannelResult claimedElsewhere(Channel channel, String id, int attempt) {
    ChannelState now = store.read(id).map(e -> e.channel(channel.key())).orElse(ChannelState.NONE);
    if (now.sent()) return new AlreadySent();
    if (now.attempts() >= attempt) return new Failed(now.error()); // it failed; the next delivery tries again
    Optional<Instant> claimedAt = store.claimedAt(id, channel.key(), attempt);
    if (claimedAt.isPresent() && claimedAt.get().plus(STALE_CLAIM).isBefore(clock.instant())) {
      String error = "the delivery that claimed this send at " + claimedAt.get() + " never recorded its outcome";
      store.record(id, channel, attempt, ChannelStatus.FAILED, error);
      return new Failed(error);
    }
    return new InProgress();
  }

  /** Marks the escalation notified, or failed for good, or asks Pub/Sub for another delivery. */
  private Outcome conclude(Delivery d, List<Channel> channels, Tally tally) {
    if (tally.allSent()) {
      if (channels.stream().noneMatch(Channel::reachesTeam)) return noRecipients(d);
      store.markNotified(d.escalation(), d.ticket());
      Log.info("escalation.notified", "escalationId", d.id(), "ticketId", d.ticket().ticketId(), "channels", channels.size(),
          "sentNow", tally.sentNow().size(), "deliveryAttempt", d.attempt());
      return new Notified(d.id(), tally.sentNow());
    }
    if (d.attempt() >= maxAttempts) return giveUp(d, tally);
    Log.warn("escalation.retry", "escalationId", d.id(), "ticketId", d.ticket().ticketId(), "failed", tally.failed(),
        "inProgress", tally.inProgress(), "deliveryAttempt", d.attempt());
    return new Retry(d.id(), tally.failed(), tally.inProgress());
  }

  private Outcome noRecipients(Delivery d) {
    String instance = d.notice().instance();
    String error = "no escalationTargets for instance " + instance + " and no CRM webhook: nobody was notified";
    store.markFailed(d.escalation(), d.ticket(), error);
    Log.error("escalation.no_recipients", null, "escalationId", d.id(), "ticketId", d.ticket().ticketId(), "instance", instance);
    return new NoRecipients(d.id());
  }

  private Outcome giveUp(Delivery d, Tally tally) {
    String error = tally.errors().isEmpty() ? "still in progress at the last attempt: " + String.join(", ", tally.inProgress())
        : String.join("; ", tally.errors());
    store.markFailed(d.escalation(), d.ticket(), error);
    Log.error("escalation.gave_up", null, "escalationId", d.id(), "ticketId", d.ticket().ticketId(),
        "failed", tally.failed(), "deliveryAttempt", d.attempt());
    return new GaveUp(d.id(), tally.failed().isEmpty() ? tally.inProgress() : tally.failed());
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

  private static String describe(SendResult result) {
    return switch (result) {
      case SendResult.Sent s -> null;
      case SendResult.Failed f -> "Evolution answered " + f.httpStatus() + ": " + f.reason();
    };
  }
}
