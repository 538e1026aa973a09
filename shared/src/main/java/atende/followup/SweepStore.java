package atende.followup;

import static atende.platform.Firestores.await;
import static atende.platform.Firestores.createIfAbsent;

import atende.agent.RunSchema;
import atende.agent.TicketAfterTurn;
import atende.conversation.Author;
import atende.conversation.Direction;
import atende.conversation.Instances;
import atende.conversation.MessageSchema;
import atende.conversation.MessageStatus;
import atende.conversation.Outbox;
import atende.conversation.Priority;
import atende.conversation.TicketSchema;
import atende.conversation.TicketStatus;
import atende.conversation.TicketStore;
import atende.escalation.Escalation;
import atende.escalation.EscalationReason;
import atende.escalation.EscalationSchema;
import atende.evolution.SendResult;
import atende.followup.SweepClaimSchema.Kind;
import atende.followup.SweepClaimSchema.Status;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What FollowUpSweep reads, claims and writes. Reads are bounded queries on top-level fields (the
 * emulator cannot filter on dotted paths nor run collection-group queries); every action is claimed
 * first with a create-if-absent {@code tickets/{t}/sweep/{key}} ({@link SweepClaimSchema}); ticket
 * writes go through {@link TicketStore#update}, which moves {@code updatedAt}.
 */
public final class SweepStore {
  /** A claim whose holder died midway is taken over after this (and finished without sending). */
  static final Duration STALE_CLAIM = Duration.ofMinutes(10);
  /** The error code of a run the sweep found still running. */
  static final String STUCK = "stuck";

  /** What the sweep reads of a ticket. {@code escalatedAt} mirrors {@code escalation.at}. */
  record SweptTicket(String id, String instance, String customerJid, String customerName, String category, String priority,
      TicketStatus status, boolean aiPaused, boolean escalationRequired, boolean slaBreached, int followUpAttempts,
      Instant followUpDueAt, Instant escalatedAt, Instant lastInboundAt, Instant lastOutboundAt) {

    SweepRules.FollowUpTicket followUp() {
      return new SweepRules.FollowUpTicket(status, aiPaused, followUpDueAt, followUpAttempts, lastInboundAt, lastOutboundAt);
    }

    SweepRules.EscalatedTicket escalated() {
      return new SweepRules.EscalatedTicket(status, WireEnum.parse(Priority.class, priority).orElse(null), escalatedAt, slaBreached);
    }
  }

  enum Hold { WON, HELD, STALE }

  /** A claim asked for: where it is, and whether this pass holds it ({@code STALE}: taken over from a dead holder). */
  record Claim(String ticketId, String key, Hold hold) {}

  private final Firestore db;
  private final TicketStore tickets;

  public SweepStore(Firestore db, TicketStore tickets) {
    this.db = db;
    this.tickets = tickets;
  }

  /** The code's clock ({@link TicketStore#now}). */
  Instant now() {
    return instant(tickets.now());
  }

  SweepSettings settings(String instance) {
    DocumentSnapshot doc = await(db.collection(Instances.COLLECTION).document(instance).get());
    return SweepSettings.from(doc.exists() ? doc.getData() : null);
  }

  // ------------------------------------------------------------------------------------ reads

  /** {@code waiting_customer} tickets whose {@code followUpDueAt} has passed, oldest due first. */
  List<SweptTicket> dueFollowUps(Instant now, int limit) {
    return read(ticketCollection()
        .whereEqualTo(TicketSchema.STATUS, TicketStatus.WAITING_CUSTOMER.wire())
        .whereLessThanOrEqualTo(TicketSchema.FOLLOW_UP_DUE_AT, timestamp(now))
        .orderBy(TicketSchema.FOLLOW_UP_DUE_AT)
        .limit(limit));
  }

  /** {@code escalated} tickets not flagged {@code slaBreached}, escalated before {@code before}, oldest first. */
  List<SweptTicket> escalatedBefore(Instant before, int limit) {
    return read(ticketCollection()
        .whereEqualTo(TicketSchema.STATUS, TicketStatus.ESCALATED.wire())
        .whereEqualTo(TicketSchema.SLA_BREACHED, false)
        .whereLessThanOrEqualTo(TicketSchema.ESCALATED_AT, timestamp(before))
        .orderBy(TicketSchema.ESCALATED_AT)
        .limit(limit));
  }

  /** {@code open} tickets whose last customer message came between {@code from} and {@code to}, newest first. */
  List<SweptTicket> openWithInboundBetween(Instant from, Instant to, int limit) {
    return read(ticketCollection()
        .whereEqualTo(TicketSchema.STATUS, TicketStatus.OPEN.wire())
        .whereGreaterThanOrEqualTo(TicketSchema.LAST_INBOUND_AT, timestamp(from))
        .whereLessThanOrEqualTo(TicketSchema.LAST_INBOUND_AT, timestamp(to))
        .orderBy(TicketSchema.LAST_INBOUND_AT, Query.Direction.DESCENDING)
        .limit(limit));
  }

  /** Tickets whose unsent reply is due for a resend, longest due first. */
  List<SweptTicket> dueResends(Instant now, int limit) {
    return read(ticketCollection()
        .whereLessThanOrEqualTo(TicketSchema.RESEND_DUE_AT, timestamp(now))
        .orderBy(TicketSchema.RESEND_DUE_AT)
        .limit(limit));
  }

  /**
   * A ticket's unsent AI reply, read now: what to send and where, how many resends failed, and the facts
   * {@link SweepRules#resend} judges. {@code extra}: the reply's {@code replyTo} and {@code runId}, kept on a resend.
   */
  record Unsent(SweptTicket ticket, String replyId, String text, Map<String, Object> extra, int resends, SweepRules.UnsentReply facts) {}

  Optional<Unsent> unsent(String ticketId) {
    DocumentSnapshot t = await(ticketRef(ticketId).get());
    String replyId = t.getString(TicketSchema.UNSENT_REPLY);
    if (replyId == null) return Optional.empty();
    DocumentSnapshot reply = await(ticketRef(ticketId).collection(TicketSchema.MESSAGES).document(replyId).get());
    SweptTicket ticket = swept(t);
    Long resends = t.getLong(TicketSchema.RESENDS);
    Map<String, Object> extra = new HashMap<>();
    for (String field : List.of(MessageSchema.REPLY_TO, MessageSchema.RUN_ID)) {
      if (reply.get(field) != null) extra.put(field, reply.get(field));
    }
    return Optional.of(new Unsent(ticket, replyId, reply.getString(MessageSchema.TEXT), extra, resends == null ? 0 : resends.intValue(),
        new SweepRules.UnsentReply(ticket.status(), ticket.aiPaused(), ticket.lastInboundAt(),
            WireEnum.parse(MessageStatus.class, reply.getString(MessageSchema.STATUS)).orElse(null),
            instant(reply.getTimestamp(MessageSchema.CREATED_AT)))));
  }

  /** The ticket as it is now. */
  SweptTicket ticket(String ticketId) {
    return swept(await(ticketRef(ticketId).get()));
  }

  /**
   * What the unanswered-message rule needs beyond the ticket: its {@code running} runs, its newest
   * customer message among the last ten, and the messages already retried ({@code retry} claims).
   */
  SweepRules.OpenTicket unansweredFacts(SweptTicket t) {
    DocumentReference ticket = ticketRef(t.id());
    List<SweepRules.RunningRun> running = await(ticket.collection(TicketSchema.RUNS)
        .whereEqualTo(RunSchema.STATUS, RunSchema.RUNNING).limit(10).get()).getDocuments().stream()
        .map(r -> new SweepRules.RunningRun(r.getId(), r.getString(RunSchema.MESSAGE_ID), instant(r.getTimestamp(RunSchema.STARTED_AT))))
        .toList();
    Optional<SweepRules.CustomerMessage> newest = await(ticket.collection(TicketSchema.MESSAGES)
        .orderBy(MessageSchema.CREATED_AT, Query.Direction.DESCENDING).limit(10).get()).getDocuments().stream()
        .filter(m -> Direction.INBOUND.wire().equals(m.getString(MessageSchema.DIRECTION))
            && Author.CUSTOMER.wire().equals(m.getString(MessageSchema.AUTHOR)))
        .findFirst()
        .map(m -> new SweepRules.CustomerMessage(m.getId(), WireEnum.parse(MessageStatus.class, m.getString(MessageSchema.STATUS)).orElse(null),
            instant(m.getTimestamp(MessageSchema.CREATED_AT))));
    Map<String, Instant> retried = new HashMap<>();
    await(claims(t.id()).whereEqualTo(SweepClaimSchema.KIND, Kind.RETRY.wire()).limit(50).get()).getDocuments()
        .forEach(c -> retried.put(c.getString(SweepClaimSchema.MESSAGE_ID), instant(c.getTimestamp(SweepClaimSchema.CLAIMED_AT))));
    return new SweepRules.OpenTicket(t.status(), t.aiPaused(), t.escalationRequired(), t.lastInboundAt(), t.lastOutboundAt(),
        running, newest, retried);
  }

  /** Escalations still {@code published: false} that were created before {@code before}, oldest first. */
  List<Escalation> unpublished(Instant before, int limit) {
    return await(db.collection(EscalationSchema.COLLECTION)
        .whereEqualTo(EscalationSchema.PUBLISHED, false)
        .whereLessThanOrEqualTo(EscalationSchema.CREATED_AT, timestamp(before))
        .orderBy(EscalationSchema.CREATED_AT)
        .limit(limit)
        .get()).getDocuments().stream()
        .map(doc -> new Escalation(doc.getId(), doc.getString(EscalationSchema.TICKET_ID), doc.getString(EscalationSchema.INSTANCE),
            doc.getString(EscalationSchema.CATEGORY), doc.getString(EscalationSchema.PRIORITY),
            EscalationReason.fromStored(doc.get(EscalationSchema.REASONS)), doc.getString(EscalationSchema.RUN_ID),
            instant(doc.getTimestamp(EscalationSchema.CREATED_AT)), !Boolean.FALSE.equals(doc.getBoolean(EscalationSchema.CUSTOMER_NOTIFIED))))
        .toList();
  }

  // ------------------------------------------------------------------------------------ claims

  /** The follow-up due at {@code dueAt}, with what was decided for it. */
  Claim claimFollowUp(String ticketId, Instant dueAt, SweepRules.Due action) {
    String decided = switch (action) {
      case SweepRules.Send s -> "send-" + s.attempt();
      case SweepRules.Close c -> "close-" + c.reason().wire() + (c.withMessage() ? "" : "-silent");
    };
    return claim(ticketId, Kind.FOLLOWUP, dueAt.toEpochMilli(),
        Map.of(SweepClaimSchema.DUE_AT, timestamp(dueAt), SweepClaimSchema.ACTION, decided));
  }

  /** The SLA of the escalation made at {@code escalatedAt}. */
  Claim claimSla(String ticketId, Instant escalatedAt) {
    return claim(ticketId, Kind.SLA, escalatedAt.toEpochMilli(), Map.of(SweepClaimSchema.ESCALATED_AT, timestamp(escalatedAt)));
  }

  /** The one retry of a customer message's turn. */
  Claim claimRetry(String ticketId, String messageId, SweepRules.UnansweredReason reason) {
    return claim(ticketId, Kind.RETRY, messageId, Map.of(SweepClaimSchema.MESSAGE_ID, messageId, SweepClaimSchema.REASON, reason.wire()));
  }

  /** The escalation of the customer message that arrived at {@code lastInboundAt} and was never answered. */
  Claim claimTimeout(String ticketId, Instant lastInboundAt) {
    return claim(ticketId, Kind.TIMEOUT, lastInboundAt.toEpochMilli(), Map.of());
  }

  /** The {@code attempt}-th resend of an unsent reply. */
  Claim claimResend(String ticketId, String replyId, int attempt) {
    return claim(ticketId, Kind.RESEND, replyId + "-" + attempt, Map.of(SweepClaimSchema.MESSAGE_ID, replyId));
  }

  /** {@code escalations/{id}/sweep/republish-<bucket>}: two ticks at once publish once. */
  boolean claimRepublish(String escalationId, long bucket) {
    return createIfAbsent(db.collection(EscalationSchema.COLLECTION).document(escalationId).collection(SweepClaimSchema.COLLECTION)
        .document(Kind.REPUBLISH.key(bucket)).create(Map.of(SweepClaimSchema.CLAIMED_AT, tickets.now())));
  }

  /** Create-if-absent; an unfinished claim older than {@link #STALE_CLAIM} is {@code STALE} for whoever claims its takeover. */
  private Claim claim(String ticketId, Kind kind, Object what, Map<String, Object> fields) {
    String key = kind.key(what);
    DocumentReference ref = claims(ticketId).document(key);
    Map<String, Object> doc = new HashMap<>(fields);
    doc.put(SweepClaimSchema.KIND, kind.wire());
    doc.put(SweepClaimSchema.CLAIMED_AT, tickets.now());
    doc.put(SweepClaimSchema.STATUS, Status.CLAIMED.wire());
    if (createIfAbsent(ref.create(doc))) return new Claim(ticketId, key, Hold.WON);
    DocumentSnapshot existing = await(ref.get());
    Instant claimedAt = instant(existing.getTimestamp(SweepClaimSchema.CLAIMED_AT));
    boolean unfinished = Status.CLAIMED.wire().equals(existing.getString(SweepClaimSchema.STATUS));
    boolean stale = unfinished && claimedAt != null && claimedAt.plus(STALE_CLAIM).isBefore(now());
    if (!stale) return new Claim(ticketId, key, Hold.HELD);
    // Two sweeps may both see it stale: the takeover is itself claimed.
    boolean tookOver = createIfAbsent(claims(ticketId).document(key + SweepClaimSchema.TAKEOVER)
        .create(Map.of(SweepClaimSchema.CLAIMED_AT, tickets.now(), SweepClaimSchema.STATUS, Status.CLAIMED.wire())));
    return new Claim(ticketId, key, tookOver ? Hold.STALE : Hold.HELD);
  }

  void finish(Claim claim, Status outcome) {
    await(claims(claim.ticketId()).document(claim.key())
        .update(SweepClaimSchema.STATUS, outcome.wire(), SweepClaimSchema.FINISHED_AT, tickets.now()));
  }

  // ------------------------------------------------------------------------------------ writes

  /** A follow-up that can never go out (AI paused, instance disabled) is dropped, visibly. */
  void dropFollowUp(String ticketId, SweepRules.SkipReason reason) {
    tickets.update(ticketId, TicketSchema.FOLLOW_UP_DUE_AT, null, TicketSchema.FOLLOW_UP_SKIPPED, reason.wire());
  }

  /** The ticket after a follow-up step: the next one scheduled, or resolved by timeout; {@code sent}: what the send gave. */
  void recordFollowUp(String ticketId, SweepRules.Due action, Optional<SendResult> sent) {
    Timestamp now = tickets.now();
    Map<String, Object> update = new HashMap<>();
    switch (action) {
      case SweepRules.Send send -> {
        Timestamp next = timestamp(send.nextDueAt());
        update.put(TicketSchema.FOLLOW_UP_DUE_AT_NESTED, next);
        update.put(TicketSchema.FOLLOW_UP_ATTEMPTS, send.attempt());
        update.put(TicketSchema.FOLLOW_UP_DUE_AT, next);
        update.put(TicketSchema.LAST_FOLLOW_UP_AT, now);
      }
      case SweepRules.Close close -> {
        update.put(TicketSchema.STATUS, TicketStatus.RESOLVED.wire());
        update.put(TicketSchema.RESOLVED_BY, TicketSchema.RESOLVED_BY_TIMEOUT);
        update.put(TicketSchema.RESOLVED_AT, now);
        update.put(TicketSchema.CLOSE_REASON, close.reason().wire());
        update.put(TicketSchema.FOLLOW_UP_DUE_AT, null);
      }
    }
    if (sent.isPresent() && sent.get() instanceof SendResult.Sent) update.put(TicketSchema.LAST_OUTBOUND_AT, now);
    if (sent.isPresent() && sent.get() instanceof SendResult.Failed failed) update.put(TicketSchema.FOLLOW_UP_ERROR, Outbox.error(failed));
    tickets.update(ticketId, update);
  }

  /**
   * The reply reached the customer at last: the customer messages it answers (the run's, still
   * {@code failed}) become {@code answered}, and the ticket has nothing left to resend.
   */
  void resent(Unsent unsent) {
    Object runId = unsent.extra().get(MessageSchema.RUN_ID);
    if (runId != null) {
      for (DocumentSnapshot m : await(ticketRef(unsent.ticket().id()).collection(TicketSchema.MESSAGES)
          .whereEqualTo(MessageSchema.RUN_ID, runId).get()).getDocuments()) {
        if (Direction.INBOUND.wire().equals(m.getString(MessageSchema.DIRECTION))
            && MessageStatus.FAILED.wire().equals(m.getString(MessageSchema.STATUS))) {
          await(m.getReference().update(MessageSchema.STATUS, MessageStatus.ANSWERED.wire(),
              MessageSchema.ANSWERED_BY, unsent.replyId(), MessageSchema.ERROR, null));
        }
      }
    }
    tickets.update(unsent.ticket().id(), TicketSchema.RESEND_DUE_AT, null, TicketSchema.LAST_OUTBOUND_AT, tickets.now());
  }

  /** Not resent after all, and why: the reply stays {@code failed}, the escalation stands. */
  void dropResend(String ticketId, SweepRules.Resend reason) {
    tickets.update(ticketId, TicketSchema.RESEND_DUE_AT, null, TicketSchema.RESEND_DROPPED, reason.wire());
  }

  /** Evolution refused again: the next try after a pause twice as long. */
  void resendFailed(Unsent unsent, Duration pause) {
    tickets.awaitResend(unsent.ticket().id(), unsent.replyId(), unsent.resends() + 1, pause);
  }

  /** Flagged once: the SLA query skips it from now on. */
  void flagSlaBreached(String ticketId) {
    Timestamp at = tickets.now();
    tickets.update(ticketId, TicketSchema.SLA_BREACHED, true, TicketSchema.SLA_BREACHED_AT, at, TicketSchema.ESCALATION_SLA_BREACHED_AT, at);
  }

  /** The ticket escalated by the sweep ({@code runId} names the step), as an AI turn would record it. */
  void markEscalated(String ticketId, List<EscalationReason> reasons, Instant at, String runId) {
    Map<String, Object> update = new HashMap<>(TicketAfterTurn.escalation(reasons, timestamp(at), runId));
    update.put(TicketSchema.STATUS, TicketStatus.ESCALATED.wire());
    tickets.update(ticketId, update);
  }

  void markRunStuck(String ticketId, String runId) {
    await(ticketRef(ticketId).collection(TicketSchema.RUNS).document(runId).update(
        RunSchema.STATUS, RunSchema.FAILED, RunSchema.FINISHED_AT, tickets.now(),
        RunSchema.ERROR, Map.of(RunSchema.ERROR_CODE, STUCK,
            RunSchema.ERROR_MESSAGE, "still running when the sweep looked; retried or escalated")));
  }

  /**
   * Raises the message's {@code reprocess} flag, as an operator would, so ProcessMessage runs its turn
   * again; false when the message is gone.
   */
  boolean reprocess(String ticketId, String messageId) {
    DocumentReference message = ticketRef(ticketId).collection(TicketSchema.MESSAGES).document(messageId);
    DocumentSnapshot current = await(message.get());
    if (!current.exists()) return false;
    // ProcessMessage acts on a change of the flag: a leftover true is lowered first.
    if (Boolean.TRUE.equals(current.get(MessageSchema.REPROCESS))) await(message.update(MessageSchema.REPROCESS, false));
    await(message.update(MessageSchema.REPROCESS, true, MessageSchema.RETRIED_BY_SWEEP_AT, tickets.now()));
    return true;
  }

  // ------------------------------------------------------------------------------------ documents

  private CollectionReference ticketCollection() {
    return db.collection(TicketSchema.COLLECTION);
  }

  private DocumentReference ticketRef(String ticketId) {
    return ticketCollection().document(ticketId);
  }

  private CollectionReference claims(String ticketId) {
    return ticketRef(ticketId).collection(SweepClaimSchema.COLLECTION);
  }

  private static List<SweptTicket> read(Query query) {
    return await(query.get()).getDocuments().stream().map(SweepStore::swept).toList();
  }

  private static SweptTicket swept(DocumentSnapshot t) {
    Long attempts = t.getLong(TicketSchema.FOLLOW_UP_ATTEMPTS);
    return new SweptTicket(t.getId(), t.getString(TicketSchema.INSTANCE), t.getString(TicketSchema.CUSTOMER_JID),
        t.getString(TicketSchema.CUSTOMER_NAME), t.getString(TicketSchema.CATEGORY), t.getString(TicketSchema.PRIORITY),
        WireEnum.parse(TicketStatus.class, t.getString(TicketSchema.STATUS)).orElse(null),
        Boolean.TRUE.equals(t.getBoolean(TicketSchema.AI_PAUSED)), Boolean.TRUE.equals(t.getBoolean(TicketSchema.ESCALATION_REQUIRED)),
        Boolean.TRUE.equals(t.getBoolean(TicketSchema.SLA_BREACHED)), attempts == null ? 0 : attempts.intValue(),
        instant(t.getTimestamp(TicketSchema.FOLLOW_UP_DUE_AT)), instant(t.getTimestamp(TicketSchema.ESCALATED_AT)),
        instant(t.getTimestamp(TicketSchema.LAST_INBOUND_AT)), instant(t.getTimestamp(TicketSchema.LAST_OUTBOUND_AT)));
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static Timestamp timestamp(Instant i) {
    return Timestamp.ofTimeSecondsAndNanos(i.getEpochSecond(), i.getNano());
  }
}
