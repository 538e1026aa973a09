package atende.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Eventarc delivers at least once: here every Firestore change reaches its function five times,
 * concurrently, with the same event id. The customer must still get exactly one reply per burst.
 */
@Timeout(180)
class AtLeastOnceTest {
  static LocalStack stack;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    stack.eventarc().deliverEachChange(5);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void fiveConcurrentDeliveriesOfEachChangeGiveOneReply() {
    Conversation c = new Conversation(stack, "twice", Map.of("debounceSeconds", 0));
    String ticketId = c.customerSays("Não consigo fazer login no sistema");

    QueryDocumentSnapshot message = c.awaitFinished(ticketId, 1).get(0);
    c.settle();
    assertThat(message.getString("status")).isEqualTo("answered");
    assertThat(c.sent()).hasSize(1);
    assertThat(c.runs(ticketId)).hasSize(1);
    assertThat(c.messages(ticketId).stream().filter(m -> "ai".equals(m.getString("author")))).hasSize(1);
  }

  @Test
  void aBurstOfThreeIsAnsweredOnceWithAllThreeInView() {
    Conversation c = new Conversation(stack, "burst", Map.of("debounceSeconds", 2));
    String ticketId = c.customerSays("Oi");
    c.customerSays("Não consigo fazer login no sistema");
    c.customerSays("Aparece senha inválida");

    List<QueryDocumentSnapshot> burst = c.awaitFinished(ticketId, 3);
    c.settle();
    assertThat(c.sent()).hasSize(1);
    assertThat(c.runs(ticketId)).hasSize(1);
    assertThat(burst).extracting(m -> m.getString("status")).containsOnly("answered");
    assertThat(burst).extracting(m -> m.getString("answeredBy")).containsOnly(burst.get(2).getString("answeredBy"));
    assertThat(burst.get(2).getString("ai.category")).as("decided on the whole burst").isEqualTo("technical");
  }
}
