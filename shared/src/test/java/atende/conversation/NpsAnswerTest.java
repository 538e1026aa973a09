package atende.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpsAnswerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "9|9", "10|10", "0|0", " 7 |7", "nota 9|9", "Nota: 8|8", "dou 10!|10", "8/10|8", "9 de 10|9",
      "minha nota é 6|6", "nota 7 👍|7", "10!!!|10", "Eu daria 9.|9"})
  void readsARating(String text, int score) {
    assertThat(NpsAnswer.parse(text)).hasValue(score);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "11", "100", "oi", "tenho 2 problemas no sistema", "pedido 123456", "2 boletos",
      "quero falar com um atendente", "9 9", "-1"})
  void anythingElseIsNotARating(String text) {
    assertThat(NpsAnswer.parse(text)).isEmpty();
  }
}
