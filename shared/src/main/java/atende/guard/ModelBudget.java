package atende.guard;

import atende.platform.Firestores;
import atende.platform.Ids;
import atende.platform.Log;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Counts AI turns against {@link ModelLimits} (docs/design.md "Guards and personal data"). A turn takes a
 * numbered slot, {@code budgets/{bucket}/slots/{n}} with n from 1 to the limit, by create-if-absent: at
 * most {@code limit} slots can ever exist in a window, however many turns race for them and on the local
 * emulator too (its transactions are not isolated; a create of an existing document always fails). The
 * slot count read first is only where to start trying. {@code budgets/{bucket}} itself is the claim on
 * the customer's one notice of the window. Old windows are deleted by Firestore's TTL on {@code expireAt}.
 */
public final class ModelBudget {
  public static final String COLLECTION = "budgets";
  public static final String SLOTS = "slots";
  public static final String RUN_ID = "runId";
  public static final String TICKET_ID = "ticketId";
  public static final String TAKEN_AT = "takenAt";
  public static final String NOTICE_AT = "customerNoticeAt";
  public static final String EXPIRE_AT = "expireAt";

  /** A turn about to be answered; {@code callsModel}: the engine is a model (the instance ceiling applies). */
  public record Ask(String instance, String customerId, String ticketId, String runId, boolean callsModel) {}

  /** ANSWER as usual; WITHOUT_MODEL: the instance's ceiling is reached, answer offline; RATE_LIMITED: the customer's budget is spent. */
  public enum Verdict { ANSWER, WITHOUT_MODEL, RATE_LIMITED }

  /** {@code customerWindow}: the customer's budget document this turn was counted in (or refused by). */
  public record Admission(Verdict verdict, String customerWindow) {}

  private final Firestore db;
  private final Clock clock;

  public ModelBudget(Firestore db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Counts the turn: first against the customer's hour (so a flooding customer never spends the
   * instance's ceiling), then, when it would call the model, against the instance's minute. A turn
   * refused by the ceiling has spent its customer slot: pessimistic, it still was a turn.
   */
  public Admission admit(Ask ask, ModelLimits limits) {
    Instant now = clock.instant();
    String customerWindow = customerWindow(ask.instance(), ask.customerId(), now);
    if (!take(customerWindow, limits.perCustomerHour(), ask, BudgetWindow.HOUR, now)) {
      Log.warn("guard.rate_limited", "instance", ask.instance(), "customerId", ask.customerId(), "ticketId", ask.ticketId(),
          "limit", limits.perCustomerHour());
      return new Admission(Verdict.RATE_LIMITED, customerWindow);
    }
    if (ask.callsModel() && !take(instanceWindow(ask.instance(), now), limits.perInstanceMinute(), ask, BudgetWindow.MINUTE, now)) {
      Log.warn("guard.instance_ceiling", "instance", ask.instance(), "ticketId", ask.ticketId(),
          "limit", limits.perInstanceMinute());
      return new Admission(Verdict.WITHOUT_MODEL, customerWindow);
    }
    return new Admission(Verdict.ANSWER, customerWindow);
  }

  /** True for the one caller that may tell the customer, once per window, that they are over budget. */
  public boolean claimCustomerNotice(String customerWindow) {
    Instant now = clock.instant();
    return Firestores.createIfAbsent(db.collection(COLLECTION).document(customerWindow).create(Map.of(
        NOTICE_AT, timestamp(now), EXPIRE_AT, timestamp(BudgetWindow.HOUR.expiry(now)))));
  }

  /** {@code budgets/{id}} that counts a customer's turns at {@code at}. */
  public static String customerWindow(String instance, String customerId, Instant at) {
    return Ids.slug(instance) + "_" + customerId + "_" + BudgetWindow.HOUR.key(at);
  }

  /** {@code budgets/{id}} that counts an instance's model calls at {@code at}. */
  public static String instanceWindow(String instance, Instant at) {
    return Ids.slug(instance) + "_" + BudgetWindow.MINUTE.key(at);
  }

  private boolean take(String window, int limit, Ask ask, BudgetWindow unit, Instant now) {
    if (limit <= 0) return false;
    CollectionReference slots = db.collection(COLLECTION).document(window).collection(SLOTS);
    long taken = Firestores.await(slots.count().get()).getCount();
    Map<String, Object> slot = Map.of(RUN_ID, ask.runId(), TICKET_ID, ask.ticketId(), TAKEN_AT, timestamp(now),
        EXPIRE_AT, timestamp(unit.expiry(now)));
    // Concurrent turns all read the same count: each starts at a random free-looking slot and goes round,
    // so a hundred of them do not all collide on the first numbers (a failed create is a billed write).
    // Slots taken that way leave gaps below the count, so the search goes round every number.
    long free = limit - taken;
    if (free <= 0) return false;
    long start = taken + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.min(free, SPREAD));
    for (long i = 0; i < limit; i++) {
      long n = 1 + (start + i) % limit;
      if (Firestores.createIfAbsent(slots.document(String.valueOf(n)).create(slot))) return true;
    }
    return false;
  }

  /** How far apart concurrent turns start looking for a slot. */
  private static final long SPREAD = 64;

  private static Timestamp timestamp(Instant at) {
    return Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano());
  }
}
