package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Voice notes without Gemini: the offline engine cannot hear, so it says so and asks for text; when
 * the customer keeps sending audio, a person takes over. Never silence, never a greeting that ignores it.
 */
@Timeout(240)
class MediaOfflineTest {
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aVoiceNoteGetsTheHonestTemplateAndASecondOneAPerson() {
    Conversation c = new Conversation(stack, "voice-offline", Map.of("debounceSeconds", 0));

    String ticketId = c.customerSendsVoiceNote(Keys.messageKey(), 12);
    String first = c.awaitSent(1).get(0).text();
    assertThat(first).startsWith("Oi, Maria!").contains("Recebi seu áudio", "não consigo ouvi-lo", "escrever em texto")
        .doesNotContain("Como posso te ajudar");
    DocumentSnapshot voice = c.awaitFinished(ticketId, 1).get(0);
    assertThat(voice.getString("media.unread")).isEqualTo("not_understood");

    c.customerSendsVoiceNote(Keys.messageKey(), 20);
    String second = c.awaitSent(2).get(1).text();
    assertThat(second).contains("Recebi seus áudios", "ouvi-los", "pessoa da nossa equipe");
    DocumentSnapshot ticket = c.awaitTicket(ticketId, t -> "escalated".equals(t.getString("status")));
    assertThat((List<Object>) ticket.get("escalation.reasons")).contains((Object) "media_not_understood");
    c.settle();
  }
}
