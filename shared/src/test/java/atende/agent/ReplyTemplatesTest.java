package atende.agent;

import static org.assertj.core.api.Assertions.assertThat;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.knowledge.KnowledgeDoc;
import atende.knowledge.KnowledgeKind;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReplyTemplatesTest {

  static final KnowledgeDoc LOGIN = new KnowledgeDoc("login-senha", "Como redefinir sua senha",
      """
      1. Na tela de login, toque em "Esqueci minha senha".
      2. Abra o link que enviamos para o seu e-mail (válido por 30 minutos).
      3. Crie a nova senha e entre novamente.""",
      KnowledgeKind.PROCEDURE, List.of("login"), "pt-BR");
  static final KnowledgeDoc PLANS = new KnowledgeDoc("planos-precos", "Planos e preços",
      "Plano Básico: R$ 49,90 por mês. Plano Premium: R$ 199,90 por mês, com suporte prioritário.",
      KnowledgeKind.FAQ, List.of(), "pt-BR");
  static final KnowledgeDoc REFUND = new KnowledgeDoc("reembolso", "Política de reembolso",
      "Pedidos de reembolso feitos em até 7 dias da contratação são devolvidos integralmente.",
      KnowledgeKind.POLICY, List.of(), "pt-BR");

  static final Classification LOGIN_PROBLEM = new Classification(Category.TECHNICAL, Priority.HIGH, Sentiment.NEUTRAL, 0.7);
  static final Classification PRICE_QUESTION = new Classification(Category.COMMERCIAL, Priority.LOW, Sentiment.NEUTRAL, 0.7);
  static final Classification GREETING = new Classification(Category.SUPPORT, Priority.LOW, Sentiment.NEUTRAL, 0.25);
  static final Classification OUTAGE = new Classification(Category.TECHNICAL, Priority.CRITICAL, Sentiment.NEGATIVE, 0.8);
  static final Classification COMPLAINT = new Classification(Category.COMPLAINT, Priority.HIGH, Sentiment.NEGATIVE, 0.8);
  static final Classification PRAISE = new Classification(Category.PRAISE, Priority.LOW, Sentiment.POSITIVE, 0.8);

  @Test
  void theReplyQuotesTheDocumentsKeyFacts() {
    String r = ReplyTemplates.reply(LOGIN_PROBLEM, LOGIN, "Maria");
    assertThat(r).startsWith("Olá, Maria!")
        .contains("*Como redefinir sua senha*")
        .contains("Esqueci minha senha")
        .contains("válido por 30 minutos");
    assertThat(ReplyTemplates.reply(PRICE_QUESTION, PLANS, null))
        .startsWith("Olá!")
        .contains("R$ 199,90 por mês");
    assertThat(ReplyTemplates.reply(new Classification(Category.COMMERCIAL, Priority.MEDIUM, Sentiment.NEUTRAL, 0.6), REFUND, "joão"))
        .contains("Olá, João")
        .contains("até 7 dias");
  }

  @Test
  void everyNumberInAnAnswerComesFromTheDocument() {
    for (KnowledgeDoc doc : List.of(LOGIN, PLANS, REFUND)) {
      for (Classification c : List.of(LOGIN_PROBLEM, PRICE_QUESTION, GREETING, OUTAGE, COMPLAINT)) {
        String reply = ReplyTemplates.reply(c, doc, "Ana");
        Matcher m = Pattern.compile("\\d+").matcher(reply);
        while (m.find()) assertThat(doc.title() + doc.content()).as(reply).contains(m.group());
      }
    }
  }

  @Test
  void withoutADocumentNoFactsAreInventedAndAPersonFollowsUp() {
    for (Classification c : List.of(LOGIN_PROBLEM, PRICE_QUESTION, GREETING, OUTAGE, COMPLAINT,
        new Classification(Category.COMMERCIAL, Priority.HIGH, Sentiment.NEGATIVE, 0.7),
        new Classification(Category.SUPPORT, Priority.MEDIUM, Sentiment.NEUTRAL, 0.5))) {
      String r = ReplyTemplates.reply(c, null, "Carla");
      assertThat(r).as(c.toString())
          .doesNotContainPattern("\\d")
          .doesNotContain("R$")
          .doesNotContainIgnoringCase("prazo")
          .doesNotContainIgnoringCase("minuto")
          .doesNotContainIgnoringCase("hora")
          .doesNotContainIgnoringCase("grátis");
      assertThat(r.contains("equipe") || r.contains("?")).as(r).isTrue();
    }
    assertThat(ReplyTemplates.reply(LOGIN_PROBLEM, null, null)).contains("uma pessoa da nossa equipe");
    assertThat(ReplyTemplates.reply(GREETING, null, null)).contains("Como posso te ajudar?");
  }

  @Test
  void repliesAreInPortugueseNotEnglish() {
    for (String r : List.of(
        ReplyTemplates.reply(LOGIN_PROBLEM, LOGIN, "Maria"),
        ReplyTemplates.reply(GREETING, null, null),
        ReplyTemplates.reply(OUTAGE, null, null),
        ReplyTemplates.escalationHolding(COMPLAINT, "Maria"),
        ReplyTemplates.praiseThanks(null),
        ReplyTemplates.followUpNudge("Maria"))) {
      String lower = " " + r.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}]+", " ") + " ";
      assertThat(lower).as(r).containsAnyOf(" você ", " para ", " por ", " aqui ", " obrigado ");
      assertThat(lower).as(r).doesNotContain(" the ", " please ", " your ", " thanks ", " sorry ");
    }
  }

  @Test
  void anEscalationGetsTheHoldingReply() {
    assertThat(ReplyTemplates.escalationHolding(LOGIN_PROBLEM, "Maria"))
        .startsWith("Certo, Maria.")
        .contains("Vou transferir você para um atendente humano");
    assertThat(ReplyTemplates.escalationHolding(COMPLAINT, null)).contains("Sinto muito");
    assertThat(ReplyTemplates.escalationHolding(null, null)).contains("atendente humano");
  }

  @Test
  void praiseGetsAThankYouWhateverTheDocument() {
    assertThat(ReplyTemplates.reply(PRAISE, PLANS, "Bia"))
        .isEqualTo(ReplyTemplates.praiseThanks("Bia"))
        .contains("Bia")
        .contains("obrigado")
        .doesNotContain("R$");
  }

  @Test
  void theFollowUpNudgeAsksWhetherItWasSolved() {
    assertThat(ReplyTemplates.followUpNudge("Pedro")).startsWith("Oi, Pedro!").contains("conseguiu resolver?");
    assertThat(ReplyTemplates.followUpNudge(null)).startsWith("Oi!");
  }

  @Test
  void namesAreSanitisedOrLeftOut() {
    assertThat(ReplyTemplates.firstNameOf("MARIA SILVA")).isEqualTo("Maria");
    assertThat(ReplyTemplates.firstNameOf("joão")).isEqualTo("João");
    assertThat(ReplyTemplates.firstNameOf("Ana-Clara 🌸")).isEqualTo("Ana-Clara");
    assertThat(ReplyTemplates.firstNameOf("+55 11 99999-0000")).isNull();
    assertThat(ReplyTemplates.firstNameOf("😀😀")).isNull();
    assertThat(ReplyTemplates.firstNameOf("  ")).isNull();
    assertThat(ReplyTemplates.firstNameOf(null)).isNull();
    assertThat(ReplyTemplates.reply(GREETING, null, "+55 11 99999-0000")).startsWith("Olá!");
  }

  @Test
  void longContentIsCutAtASentenceAndMarked() {
    String sentence = "Este é um passo importante do procedimento de configuração. ";
    KnowledgeDoc longDoc = new KnowledgeDoc("longo", "Guia", sentence.repeat(40), KnowledgeKind.PROCEDURE, List.of(), "pt-BR");
    String quoted = ReplyTemplates.quote(longDoc.content());
    assertThat(quoted.length()).isLessThanOrEqualTo(ReplyTemplates.MAX_QUOTE_CHARS + 2);
    assertThat(quoted).endsWith("configuração. …");
    assertThat(ReplyTemplates.reply(GREETING, longDoc, null)).contains(quoted);
  }

  @Test
  void repliesAreDeterministic() {
    assertThat(ReplyTemplates.reply(LOGIN_PROBLEM, LOGIN, "Maria")).isEqualTo(ReplyTemplates.reply(LOGIN_PROBLEM, LOGIN, "Maria"));
  }

  @Test
  void theHumanHandoffSaysAPersonContinuesHereAndPromisesNothingElse() {
    assertThat(ReplyTemplates.humanHandoff("MARIA souza")).startsWith("Olá, Maria!")
        .contains("Uma pessoa da nossa equipe vai continuar o seu atendimento por aqui mesmo")
        .doesNotContainPattern("\\d");
    assertThat(ReplyTemplates.humanHandoff("5511999")).startsWith("Olá! Uma pessoa");
    assertThat(ReplyTemplates.humanHandoff(null)).isEqualTo(ReplyTemplates.humanHandoff(""));
  }
}
