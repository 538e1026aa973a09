package atende.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.KnowledgeRanker.ScoredDoc;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeRankerTest {

  static final KnowledgeDoc LOGIN = new KnowledgeDoc("login-senha", "Como redefinir sua senha e voltar a acessar",
      """
      1. Na tela de login, toque em "Esqueci minha senha".
      2. Informe o e-mail cadastrado e abra o link que enviamos (válido por 30 minutos).
      3. Crie a nova senha e entre novamente. Se o link expirar, peça um novo.""",
      KnowledgeKind.PROCEDURE, List.of("login", "acesso", "entrar", "logar"), "pt-BR");
  static final KnowledgeDoc PLANS = new KnowledgeDoc("planos-precos", "Planos e preços",
      "Plano Básico: R$ 49,90 por mês, 1 usuário. Plano Profissional: R$ 99,90 por mês, até 5 usuários. "
          + "Plano Premium: R$ 199,90 por mês, usuários ilimitados e suporte prioritário. "
          + "Pagamento por cartão de crédito, boleto ou Pix.",
      KnowledgeKind.FAQ, List.of("valores", "mensalidade", "assinatura", "custo"), "pt-BR");
  static final KnowledgeDoc REFUND = new KnowledgeDoc("reembolso", "Política de reembolso e cancelamento",
      "Você pode cancelar a assinatura a qualquer momento em Configurações > Assinatura. Pedidos de "
          + "reembolso feitos em até 7 dias da contratação são devolvidos integralmente na mesma forma de "
          + "pagamento. Depois desse prazo não há reembolso proporcional.",
      KnowledgeKind.POLICY, List.of("estorno", "devolução", "dinheiro de volta"), "pt-BR");
  static final KnowledgeDoc CONTACT = new KnowledgeDoc("contato", "Canais de atendimento",
      "WhatsApp: este número, de segunda a sexta, das 8h às 18h. E-mail: suporte@exemplo.com.br. "
          + "Telefone: (11) 4000-1234.",
      KnowledgeKind.CONTACT, List.of("telefone", "email", "horário", "endereço"), "pt-BR");
  static final KnowledgeDoc INVOICE = new KnowledgeDoc("nota-fiscal", "Como emitir nota fiscal (NF-e)",
      "Em Vendas > Notas, escolha o pedido e toque em Emitir NF-e. O certificado digital A1 precisa "
          + "estar instalado em Configurações > Fiscal.",
      KnowledgeKind.PROCEDURE, List.of("nfe", "nfce", "cupom fiscal", "certificado"), "pt-BR");
  static final List<KnowledgeDoc> KB = List.of(LOGIN, PLANS, REFUND, CONTACT, INVOICE);

  final KnowledgeRanker ranker = new KnowledgeRanker();

  String top(String query) {
    List<ScoredDoc> r = ranker.rank(query, KB, 3);
    return r.isEmpty() ? null : r.get(0).doc().id();
  }

  @Test
  void aForgottenPasswordFindsThePasswordResetProcedure() {
    assertThat(top("esqueci minha senha")).isEqualTo("login-senha");
    assertThat(top("n consigo logar no app")).isEqualTo("login-senha");
    assertThat(top("como faço pra redefinir a senha?")).isEqualTo("login-senha");
  }

  @Test
  void aPriceQuestionFindsThePlansFaq() {
    assertThat(top("quanto custa o plano premium")).isEqualTo("planos-precos");
    assertThat(top("Quais são os planos disponíveis?")).isEqualTo("planos-precos");
    assertThat(top("qual o valor da mensalidade?")).isEqualTo("planos-precos");
  }

  @Test
  void aRefundRequestFindsTheRefundPolicy() {
    assertThat(top("quero reembolso")).isEqualTo("reembolso");
    assertThat(top("quero meu dinheiro de volta")).isEqualTo("reembolso");
    assertThat(top("como peço o estorno?")).isEqualTo("reembolso");
  }

  @Test
  void contactAndInvoiceQuestionsFindTheirDocs() {
    assertThat(top("qual o telefone de vcs?")).isEqualTo("contato");
    assertThat(top("qual o horario de atendimento")).isEqualTo("contato");
    assertThat(top("como emito NF-e?")).isEqualTo("nota-fiscal");
  }

  @Test
  void aTypoStillMatches() {
    assertThat(top("quero o reenbolso")).isEqualTo("reembolso");
  }

  @Test
  void unrelatedOrContentFreeQueriesReturnNothing() {
    assertThat(ranker.rank("qual a capital da França?", KB, 3)).isEmpty();
    assertThat(ranker.rank("o sistema caiu", KB, 3)).isEmpty();
    assertThat(ranker.rank("oi, bom dia! tudo bem?", KB, 3)).isEmpty();
    assertThat(ranker.rank("??", KB, 3)).isEmpty();
    assertThat(ranker.rank("", KB, 3)).isEmpty();
    assertThat(ranker.rank(null, KB, 3)).isEmpty();
  }

  @Test
  void resultsAreBestFirstWithPositiveScoresAndRespectTheLimit() {
    List<ScoredDoc> r = ranker.rank("cancelar a assinatura e saber o valor do plano", KB, 5);
    assertThat(r).isNotEmpty().allSatisfy(s -> assertThat(s.score()).isPositive());
    assertThat(r).extracting(ScoredDoc::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(ranker.rank("cancelar a assinatura e saber o valor do plano", KB, 1)).hasSize(1);
    assertThat(ranker.rank("quero reembolso", KB, 0)).isEmpty();
    assertThat(ranker.rank("quero reembolso", List.of(), 3)).isEmpty();
  }

  @Test
  void tiesAreBrokenByIdSoTheOrderIsDeterministic() {
    KnowledgeDoc b = new KnowledgeDoc("b", "Reembolso", "Reembolso em até 7 dias.", KnowledgeKind.POLICY, List.of(), "pt-BR");
    KnowledgeDoc a = new KnowledgeDoc("a", "Reembolso", "Reembolso em até 7 dias.", KnowledgeKind.POLICY, List.of(), "pt-BR");
    KnowledgeDoc other = new KnowledgeDoc("z", "Outro assunto", "Nada a ver.", KnowledgeKind.FAQ, List.of(), "pt-BR");
    assertThat(ranker.rank("reembolso", List.of(b, other, a), 3)).extracting(s -> s.doc().id()).containsExactly("a", "b");
    assertThat(ranker.rank("reembolso", List.of(a, other, b), 3)).extracting(s -> s.doc().id()).containsExactly("a", "b");
  }

  @Test
  void titleAndTagsWeighMoreThanAPassingMentionInTheContent() {
    KnowledgeDoc titled = new KnowledgeDoc("t", "Certificado digital", "Instale o arquivo A1.", KnowledgeKind.PROCEDURE, List.of(), "pt-BR");
    KnowledgeDoc mention = new KnowledgeDoc("m", "Configurações fiscais",
        "Regime tributário, alíquotas e, se houver, o certificado digital.", KnowledgeKind.FAQ, List.of(), "pt-BR");
    assertThat(ranker.rank("certificado digital", List.of(mention, titled), 2)).extracting(s -> s.doc().id())
        .startsWith("t");
  }
}
