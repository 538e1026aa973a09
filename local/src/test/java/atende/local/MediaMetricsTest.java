package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.MessageType;
import atende.metrics.MetricsCalculator;
import atende.metrics.MetricsReader;
import atende.metrics.MetricsReport;
import atende.metrics.Range;
import atende.platform.Firestores;
import atende.platform.Ids;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.firestore.DocumentSnapshot;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What makes media countable, from the webhook to the metrics: the webhook records a message's type on
 * its {@code messageKeys} entry, the AI turn mirrors what it made of the media there
 * ({@code mediaUnderstood}, {@code mediaTokens}), and the metrics count them by type.
 */
@Timeout(240)
class MediaMetricsTest {
  static FakeVertex vertex;
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.withFakeVertex();
    vertex = stack.vertex();
    vertex.decider(request -> (ObjectNode) FakeVertex.decision("support", "medium", "neutral", "Certo, vou verificar.")
        .set("mediaText", FakeVertex.heard(request, "Meu pedido não chegou.")));
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aHeardVoiceNoteAndAnUnfetchableOneAreCountedByWhatTheTurnMadeOfThem() {
    Conversation c = new Conversation(stack, "media-metrics", Map.of("debounceSeconds", 0));
    String heard = Keys.messageKey();
    stack.evolution().registerMedia(heard, OggOpus.voiceNote(5));
    String ticketId = c.customerSendsVoiceNote(heard, 5);
    c.awaitFinished(ticketId, 1);
    String lost = Keys.messageKey(); // Evolution has no bytes for it: not_fetched
    c.customerSendsVoiceNote(lost, 8);
    c.awaitFinished(ticketId, 2);
    c.customerSays("alguém aí?");
    c.awaitFinished(ticketId, 3);
    c.settle();

    DocumentSnapshot heardKey = key(c, heard);
    assertThat(heardKey.getString("type")).isEqualTo("audio");
    assertThat(heardKey.getBoolean("mediaUnderstood")).isTrue();
    assertThat(heardKey.getLong("mediaTokens")).as("5 s at 32 tokens a second").isEqualTo(160);
    assertThat(heardKey.getString("ticketId")).isEqualTo(ticketId);
    DocumentSnapshot lostKey = key(c, lost);
    assertThat(lostKey.getBoolean("mediaUnderstood")).isFalse();
    assertThat(lostKey.contains("mediaTokens")).isFalse();

    MetricsReport report = MetricsCalculator.report(
        new MetricsReader(c.db, Clock.systemUTC()).read(Range.LAST_HOUR, Optional.of(c.instance)));
    assertThat(report.inboundMessages()).isEqualTo(3);
    assertThat(report.media().byType().get(MessageType.AUDIO))
        .isEqualTo(new MetricsReport.MediaGroup(2, 1, 1, 0, 0.5, 160));
    assertThat(report.media().byType().get(MessageType.IMAGE).messages()).isZero();
    assertThat(report.media().overall().messages()).as("the text is not media").isEqualTo(2);
  }

  static DocumentSnapshot key(Conversation c, String keyId) {
    return Firestores.await(c.db.collection("messageKeys").document(Ids.messageKey(c.instance, keyId)).get());
  }
}
