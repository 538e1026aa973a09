package atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OfflineClassifierTest {

  final OfflineClassifier classifier = new OfflineClassifier();

  // ---------------------------------------------------------------- the seed's scenarios (seed 12)

  @Test
  void aLoginProblemIsTechnicalAndHigh() {
    Classification c = classifier.classify("Não consigo fazer login no sistema");
    assertThat(c.category()).isEqualTo(Category.TECHNICAL);
    assertThat(c.priority()).isEqualTo(Priority.HIGH);
  }

  @Test
  void aVipStyleComplaintIsANegativeComplaint() {
    Classification c = classifier.classify("Estou muito insatisfeito, é a terceira vez que o sistema cai!");
    assertThat(c.category()).isEqualTo(Category.COMPLAINT);
    assertThat(c.sentiment()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(c.priority()).isIn(Priority.HIGH, Priority.CRITICAL);
  }

  @Test
  void aQuestionAboutPlansIsCommercialAndLow() {
    Classification c = classifier.classify("Quais são os planos disponíveis?");
    assertThat(c.category()).isEqualTo(Category.COMMERCIAL);
    assertThat(c.priority()).isEqualTo(Priority.LOW);
    assertThat(c.sentiment()).isEqualTo(Sentiment.NEUTRAL);
  }

  @Test
  void anOutageForEveryoneIsTechnicalAndCritical() {
    Classification c = classifier.classify("O sistema está fora do ar para todos");
    assertThat(c.category()).isEqualTo(Category.TECHNICAL);
    assertThat(c.priority()).isEqualTo(Priority.CRITICAL);
    assertThat(classifier.classify("parou tudo aqui, nada funciona!!").priority()).isEqualTo(Priority.CRITICAL);
  }

  @Test
  void praiseIsPositiveAndLow() {
    Classification c = classifier.classify("Parabéns pelo atendimento, a Juliana foi super atenciosa 👏");
    assertThat(c.category()).isEqualTo(Category.PRAISE);
    assertThat(c.priority()).isEqualTo(Priority.LOW);
    assertThat(c.sentiment()).isEqualTo(Sentiment.POSITIVE);
  }

  // ---------------------------------------------------------------- categories and priorities

  @Test
  void billingProblemsAreCommercialAndHigh() {
    assertThat(classifier.classify("fui cobrado duas vezes esse mês!!"))
        .extracting(Classification::category, Classification::priority)
        .containsExactly(Category.COMMERCIAL, Priority.HIGH);
    assertThat(classifier.classify("meu cartão foi recusado e o acesso foi suspenso"))
        .extracting(Classification::category, Classification::priority)
        .containsExactly(Category.COMMERCIAL, Priority.HIGH);
  }

  @Test
  void aProblemThatCanWaitIsMedium() {
    assertThat(classifier.classify("o sistema está um pouco lento hoje"))
        .extracting(Classification::category, Classification::priority)
        .containsExactly(Category.TECHNICAL, Priority.MEDIUM);
  }

  @Test
  void howToQuestionsAreSupportAndLow() {
    assertThat(classifier.classify("como eu faço pra cadastrar um produto com variação?"))
        .extracting(Classification::category, Classification::priority)
        .containsExactly(Category.SUPPORT, Priority.LOW);
  }

  @Test
  void slangMissingAccentsAndCapsAreUnderstood() {
    assertThat(classifier.classify("vc pode me ajudar? n consigo logar desde hj"))
        .extracting(Classification::category, Classification::priority)
        .containsExactly(Category.TECHNICAL, Priority.HIGH);
    assertThat(classifier.classify("NÃO CONSIGO ACESSAR MINHA CONTA"))
        .extracting(Classification::category, Classification::priority)
        .containsExactly(Category.TECHNICAL, Priority.HIGH);
    assertThat(classifier.classify("qro cancelar minha assinatura").category()).isEqualTo(Category.COMMERCIAL);
  }

  @Test
  void threatsAndStrongWordsMakeANegativeHighComplaint() {
    Classification c = classifier.classify("vou no procon se não resolverem isso hoje, que absurdo");
    assertThat(c.category()).isEqualTo(Category.COMPLAINT);
    assertThat(c.priority()).isEqualTo(Priority.HIGH);
    assertThat(c.sentiment()).isEqualTo(Sentiment.NEGATIVE);
  }

  @Test
  void theClauseAfterButDecides() {
    assertThat(classifier.classify("o suporte foi ótimo mas o sistema continua dando erro").category())
        .isEqualTo(Category.TECHNICAL);
    assertThat(classifier.classify("o sistema é bom mas o atendimento é péssimo").category())
        .isEqualTo(Category.COMPLAINT);
  }

  @Test
  void aNegatedThankYouIsNotPraise() {
    Classification c = classifier.classify("obrigado pela resposta mas não resolveu nada, continua dando erro");
    assertThat(c.category()).isNotEqualTo(Category.PRAISE);
    assertThat(c.sentiment()).isNotEqualTo(Sentiment.POSITIVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"oi", "??", "ok", "Bom dia, tudo bem?", "", "   "})
  void contentFreeMessagesAreLowPrioritySupportWithLowConfidence(String text) {
    Classification c = classifier.classify(text);
    assertThat(c.category()).isEqualTo(Category.SUPPORT);
    assertThat(c.priority()).isEqualTo(Priority.LOW);
    assertThat(c.sentiment()).isEqualTo(Sentiment.NEUTRAL);
    assertThat(c.confidence()).isLessThan(0.5);
  }

  @Test
  void nullIsClassifiedLikeAnEmptyMessage() {
    assertThat(classifier.classify(null)).isEqualTo(classifier.classify(""));
  }

  // ---------------------------------------------------------------- confidence

  @Test
  void confidenceIsInRangeAndLowerForWeakOrMixedSignals() {
    double clear = classifier.classify("Não consigo fazer login no sistema, dá erro de senha inválida").confidence();
    double weak = classifier.classify("ok").confidence();
    double mixed = classifier.classify("quanto custa mais um usuário? e o relatório está dando erro").confidence();
    assertThat(clear).isBetween(0.0, 1.0).isGreaterThan(weak).isGreaterThan(mixed);
  }

  @Test
  void classificationIsDeterministic() {
    String text = "o app ta crashando qdo abro os pedidos, urgente!!";
    assertThat(classifier.classify(text)).isEqualTo(classifier.classify(text)).isEqualTo(new OfflineClassifier().classify(text));
  }

  // ---------------------------------------------------------------- conversation context

  @Test
  void aVagueFollowUpInheritsTheEarlierTopic() {
    Classification c = classifier.classify("e aí?? alguma novidade", List.of("bom dia", "O sistema está fora do ar para todos"));
    assertThat(c.category()).isEqualTo(Category.TECHNICAL);
    assertThat(c.priority()).isEqualTo(Priority.CRITICAL);
    assertThat(c.confidence()).isLessThan(classifier.classify("O sistema está fora do ar para todos").confidence());
  }

  @Test
  void aClearMessageIgnoresTheEarlierTopic() {
    assertThat(classifier.classify("quanto custa o plano premium?", List.of("não consigo fazer login")))
        .isEqualTo(classifier.classify("quanto custa o plano premium?"));
    assertThat(classifier.classify("oi", List.of())).isEqualTo(classifier.classify("oi"));
    assertThat(classifier.classify("oi", null)).isEqualTo(classifier.classify("oi"));
  }

  // ---------------------------------------------------------------- explicit request for a human

  @ParameterizedTest
  @ValueSource(strings = {
      "quero falar com um atendente",
      "Posso falar com uma pessoa?",
      "humano",
      "ATENDENTE",
      "atendente de verdade por favor",
      "me passa pro gerente",
      "QUERO FALAR COM UM HUMANO!!!",
      "vc é robô? quero falar com gente de verdade",
      "preciso de um atendente humano pfv",
      "não quero falar com robô",
      "como eu faço pra falar com um atendente?",
      "tem alguém aí? quero falar com alguém",
      "chama o supervisor"
  })
  void explicitRequestsForAPersonAreDetected(String text) {
    assertThat(classifier.asksForHuman(text)).as(text).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "o atendente foi ótimo",
      "falei com a atendente ontem e ela resolveu",
      "não preciso de atendente, já resolvi",
      "qual o horário do atendimento?",
      "a Juliana foi super atenciosa",
      "Não consigo fazer login no sistema",
      "obrigado pelo atendimento",
      ""
  })
  void mentionsOfStaffThatAreNotRequestsAreNot(String text) {
    assertThat(classifier.asksForHuman(text)).as(text).isFalse();
  }

  @Test
  void nullIsNotARequest() {
    assertThat(classifier.asksForHuman(null)).isFalse();
  }
}
