package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.ContactIds;
import atende.conversation.Instances;
import atende.conversation.Intake;
import atende.conversation.IntakeOutcome;
import atende.conversation.TicketStore;
import atende.evolution.EvolutionClient;
import atende.evolution.EvolutionParser;
import atende.evolution.Fixtures;
import atende.evolution.MediaFetch;
import atende.evolution.MessageKey;
import atende.evolution.ParseResult;
import atende.platform.Firestores;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The webhook's media intake against the Firestore emulator: payload bytes go to the media storage and
 * the message references them; what a later fetch needs is kept, the bytes never.
 */
@Timeout(120)
class MediaIntakeTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VOICE_NOTE = "03-upsert-audio-ptt-base64.json";

  static Firestore db;
  static EvolutionStandIn evolution;
  final InMemoryMediaStorage storage = new InMemoryMediaStorage();
  final Intake intake = new Intake(new TicketStore(db, Clock.systemUTC()), new Instances(db, Clock.systemUTC()), storage,
      new ContactIds(() -> ContactIds.DEV_KEY));
  final EvolutionParser parser = new EvolutionParser(JSON);

  @BeforeAll
  static void start() {
    evolution = new EvolutionStandIn();
    db = Harness.firestore("media-intake-" + Keys.suffix());
  }

  @AfterAll
  static void stop() {
    evolution.close();
  }

  @Test
  void aVoiceNoteWithItsBytesIsStoredAndTheMessageReferencesIt() {
    String instance = "voice-" + Keys.suffix();

    IntakeOutcome.Stored stored = (IntakeOutcome.Stored) accept(Harness.forInstance(instance, Fixtures.withCompleteMedia(VOICE_NOTE)));

    String object = instance + "/" + stored.ticketId() + "/3A35903C2393D681D816.ogg";
    assertThat(storage.objects()).containsOnlyKeys(object);
    assertThat(storage.objects().get(object)).isEqualTo(Fixtures.completeMediaBytes(VOICE_NOTE));
    DocumentSnapshot message = message(stored);
    assertThat(message.getString("media.object")).isEqualTo("gs://" + InMemoryMediaStorage.BUCKET + "/" + object);
    assertThat(message.getLong("media.size")).isEqualTo(7397);
    assertThat(message.getTimestamp("media.storedAt")).isNotNull();
    assertThat(message.getLong("media.storeMs")).isNotNegative();
    assertThat(message.get("media.storeError")).isNull();
    assertThat(message.get("media.key")).isEqualTo(Map.of("id", "3A35903C2393D681D816",
        "remoteJid", "5519950231445@s.whatsapp.net", "fromMe", false));
    assertThat(message.getString("media.node.audioMessage.mediaKey")).isEqualTo("4n9wpkETNAIeGnLeDwEo+4uqHrLTzYz/eXymcPdBee0=");
  }

  @Test
  void whenStorageFailsTheMessageIsStillStoredWithWhatAFetchNeeds() {
    storage.failing(true);

    IntakeOutcome outcome = accept(Harness.forInstance("down-" + Keys.suffix(), Fixtures.withCompleteMedia(VOICE_NOTE)));

    assertThat(outcome).isInstanceOf(IntakeOutcome.Stored.class);
    DocumentSnapshot message = message((IntakeOutcome.Stored) outcome);
    assertThat(message.getString("media.storeError")).contains("503 Service Unavailable");
    assertThat(message.get("media.object")).isNull();
    assertThat(message.get("media.key")).isNotNull();
    assertThat(message.get("media.node.audioMessage")).isNotNull();
  }

  @Test
  void bytesCutShortAreNotStoredAndTheMessageKeepsOnlyWhatAFetchNeeds() {
    IntakeOutcome outcome = accept(Harness.forInstance("cut-" + Keys.suffix(), Fixtures.read("16-v1.8-upsert-video-caption-base64-truncated.json")));

    DocumentSnapshot message = message((IntakeOutcome.Stored) outcome);
    assertThat(storage.objects()).isEmpty();
    assertThat(message.get("media.object")).isNull();
    assertThat(message.get("media.storeError")).isNull();
    assertThat(message.getString("media.node.videoMessage.directPath")).startsWith("/v/t62.7161-24/");
    assertThat(message.getString("text")).isEqualTo("hola - text con multimea (video)");
  }

  @Test
  void aVoiceNoteFromTheBusinessPhoneIsStillAHumanTakeoverAndIsNotStored() {
    IntakeOutcome outcome = accept(Harness.forInstance("phone-" + Keys.suffix(), Fixtures.withCompleteMedia("22-upsert-fromme-audio-ptt-base64-serverack.json")));

    assertThat(outcome).isInstanceOf(IntakeOutcome.HumanTakeover.class);
    assertThat(storage.objects()).isEmpty();
  }

  @Test
  void theStoredFetchInfoIsWhatEvolutionNeedsToDownloadTheMediaAgain() {
    // 2.3.7 sends the mediaKey as an index object; the message keeps it as base64, which Baileys decodes too.
    String fixture = "09-upsert-image-caption-v2.3.7-long-and-bytes-objects.json";
    String instance = "fetch-" + Keys.suffix();
    DocumentSnapshot message = message((IntakeOutcome.Stored) accept(Harness.forInstance(instance, Fixtures.read(fixture))));
    byte[] image = Fixtures.completeMediaBytes(fixture);
    evolution.registerMedia("3A565F258A63FBA13770", image);
    EvolutionClient client = new EvolutionClient(HttpClient.newHttpClient(), JSON, evolution.url().toString(), evolution::apiKey);

    @SuppressWarnings("unchecked")
    MediaFetch fetch = client.getBase64FromMediaMessage(instance,
        MessageKey.fromMap((Map<String, Object>) message.get("media.key")).orElseThrow(),
        (Map<String, Object>) message.get("media.node"));

    assertThat(fetch).isInstanceOfSatisfying(MediaFetch.Fetched.class, fetched -> {
      assertThat(fetched.bytes()).isEqualTo(image);
      assertThat(fetched.mimetype()).isEqualTo("image/jpeg");
    });
  }

  @Test
  void noDocumentEverHoldsTheBytesOfAnyMediaFixture() {
    List<DocumentSnapshot> written = new ArrayList<>();
    for (String fixture : Fixtures.mediaPayloads()) {
      for (byte[] body : List.of(Fixtures.read(fixture), Fixtures.withCompleteMedia(fixture))) {
        String instance = "nobytes-" + Keys.suffix();
        written.addAll(documentsOf(instance, accept(Harness.forInstance(instance, body))));
      }
    }
    assertThat(storage.objects()).as("the complete inbound ones were stored").hasSize(5);
    assertThat(written).isNotEmpty();
    assertThat(NoBytesInFirestore.offences(written)).isEmpty();
  }

  @Test
  void theScanForBytesFindsThem() {
    String path = "scan-" + Keys.suffix() + "/doc";
    Firestores.await(db.document(path).set(Map.of("media", Map.of("thumb", Base64.getEncoder().encodeToString(new byte[90])),
        "bytes", Map.of("0", 255, "1", 216))));

    assertThat(NoBytesInFirestore.offences(List.of(Firestores.await(db.document(path).get())))).hasSize(2);
  }

  /** What the payload's bytes add to a delivery (decode, put, a larger document), logged, not asserted. */
  @Test
  void logsTheTimeStoringAVoiceNoteAddsToADelivery() {
    byte[] withBytes = Fixtures.withCompleteMedia(VOICE_NOTE);
    byte[] without = withoutBase64(withBytes);
    int runs = 15;
    long[] stored = new long[runs];
    long[] referenced = new long[runs];
    for (int i = 0; i < runs; i++) {
      referenced[i] = timed(Harness.forInstance("timing-" + Keys.suffix(), without));
      stored[i] = timed(Harness.forInstance("timing-" + Keys.suffix(), withBytes));
    }
    long added = median(stored) - median(referenced);
    System.out.printf("{\"message\":\"media.intake_timing\",\"fixture\":\"%s\",\"bytes\":%d,\"runs\":%d,"
            + "\"medianWithBytesMs\":%.1f,\"medianWithoutBytesMs\":%.1f,\"addedMs\":%.1f,\"storage\":\"in-memory\"}%n",
        VOICE_NOTE, Fixtures.completeMediaBytes(VOICE_NOTE).length, runs,
        median(stored) / 1e6, median(referenced) / 1e6, added / 1e6);
    assertThat(storage.objects()).hasSize(runs);
  }

  private long timed(byte[] body) {
    long started = System.nanoTime();
    assertThat(accept(body)).isInstanceOf(IntakeOutcome.Stored.class);
    return System.nanoTime() - started;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Parse and accept, as the webhook does for one delivery. */
  private IntakeOutcome accept(byte[] body) {
    return intake.accept(((ParseResult.Parsed) parser.parse(body)).event());
  }

  private List<DocumentSnapshot> documentsOf(String instance, IntakeOutcome outcome) {
    String ticketId = switch (outcome) {
      case IntakeOutcome.Stored s -> s.ticketId();
      case IntakeOutcome.HumanTakeover h -> h.ticketId();
      default -> throw new AssertionError("unexpected " + outcome);
    };
    return NoBytesInFirestore.writtenFor(db, instance, ticketId);
  }

  private DocumentSnapshot message(IntakeOutcome.Stored stored) {
    return Firestores.await(db.collection("tickets").document(stored.ticketId()).collection("messages").document(stored.messageId()).get());
  }

  private static byte[] withoutBase64(byte[] body) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(body);
      ((ObjectNode) root.path("data").path("message")).remove("base64");
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
