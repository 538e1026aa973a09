package atende.agent;

import atende.platform.Firestores;
import atende.platform.Log;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The prompts in force: Firestore {@code config/prompts}, read at most once per {@link #TTL} so a
 * console edit reaches the next turns within a minute without a read per turn. The document is
 * created with the defaults when missing, create-if-absent, so racing cold starts never overwrite an
 * edit. Nothing here can fail a turn: bad fields fall back one by one, an unreachable store serves
 * the last good prompts (or the defaults).
 */
public final class PromptStore implements Supplier<Prompts> {
  public static final String COLLECTION = "config";
  public static final String DOCUMENT = "prompts";
  static final Duration TTL = Duration.ofSeconds(60);

  private final DocumentReference doc;
  private final Clock clock;
  private Prompts cached;
  private Instant expires = Instant.MIN;

  public PromptStore(Firestore db, Clock clock) {
    this.doc = db.collection(COLLECTION).document(DOCUMENT);
    this.clock = clock;
  }

  /** Synchronized: one reader refreshes while the others wait a millisecond, not a read each. */
  @Override
  public synchronized Prompts get() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(expires)) return cached;
    try {
      cached = load(now);
    } catch (RuntimeException e) {
      Log.error("prompts.unreadable", e, "using", cached == null ? "defaults" : "previous");
      if (cached == null) cached = Prompts.DEFAULTS;
    }
    // Failures are cached too: a store outage must not add a slow failing read to every turn.
    expires = now.plus(TTL);
    return cached;
  }

  private Prompts load(Instant now) {
    DocumentSnapshot snapshot = Firestores.await(doc.get());
    if (!snapshot.exists()) {
      Map<String, Object> fields = new LinkedHashMap<>(Prompts.DEFAULTS.toFields());
      fields.put(Prompts.CREATED_AT, Timestamp.ofTimeSecondsAndNanos(now.getEpochSecond(), now.getNano()));
      if (Firestores.createIfAbsent(doc.create(fields))) {
        Log.info("prompts.created", "version", Prompts.DEFAULTS.version());
        return Prompts.DEFAULTS;
      }
      snapshot = Firestores.await(doc.get());  // someone else created it first: theirs stands
    }
    Map<String, Object> data = snapshot.getData();
    Prompts.Parsed parsed = Prompts.parse(data == null ? Map.of() : data, Prompts.DEFAULTS);
    if (!parsed.fellBack().isEmpty()) {
      Log.warn("prompts.fields_defaulted", "fields", parsed.fellBack(), "version", parsed.prompts().version());
    }
    parsed.prompts().temperature().filter(t -> t < 1.0).ifPresent(t ->
        // Google's Gemini 3 guide: keep the default 1.0; lower values can make the model loop.
        Log.warn("prompts.low_temperature", "temperature", t, "version", parsed.prompts().version()));
    return parsed.prompts();
  }
}
