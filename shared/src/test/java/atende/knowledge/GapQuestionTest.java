package atende.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How unanswered questions are grouped and shown to the operator. */
class GapQuestionTest {
  @Test
  void theWaysPeopleAskOneThingShareAGroup() {
    GapQuestion a = GapQuestion.of("Vocês aceitam cartão de débito na entrega?").orElseThrow();
    GapQuestion b = GapQuestion.of("aceitam cartao de debito na entrega???").orElseThrow();
    GapQuestion c = GapQuestion.of("na entrega aceitam débito no cartão").orElseThrow();
    assertThat(a.key()).isEqualTo(b.key()).isEqualTo(c.key());
    assertThat(GapQuestion.of("aceitam pix na entrega?").orElseThrow().key()).isNotEqualTo(a.key());
  }

  @Test
  void greetingsAndThanksAreNotQuestionsToDocument() {
    assertThat(GapQuestion.of("oi")).isEmpty();
    assertThat(GapQuestion.of("obrigado!!")).isEmpty();
    assertThat(GapQuestion.of("   ")).isEmpty();
    assertThat(GapQuestion.of(null)).isEmpty();
  }

  @Test
  void numbersAreMaskedAndLongTextsCut() {
    GapQuestion q = GapQuestion.of("meu pedido 123456789 com cartão 4111 1111 1111 1111 não chegou").orElseThrow();
    assertThat(q.text()).doesNotContain("123456789").doesNotContain("4111").contains("pedido");
    assertThat(GapQuestion.of("quero saber sobre garantia estendida ".repeat(20)).orElseThrow().text()).hasSizeLessThanOrEqualTo(200);
  }
}
