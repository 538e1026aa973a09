package atende.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.LexicalIndex.ScoredDoc;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalIndexTest {

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
  /** Titled the way help centres title it, in words a customer seldom uses ("entrega", "cobrar"). */
  static final KnowledgeDoc SHIPPING = new KnowledgeDoc("frete", "Frete",
      "Calculamos o frete pelo CEP no carrinho, antes de fechar o pedido. Compras acima de R$ 199,00 têm "
          + "frete grátis para todo o Brasil.",
      KnowledgeKind.FAQ, List.of(), "pt-BR");
  static final List<KnowledgeDoc> KB = List.of(LOGIN, PLANS, REFUND, CONTACT, INVOICE, SHIPPING);

  static final LexicalIndex INDEX = LexicalIndex.of(KB);

  static List<ScoredDoc> rank(String query, List<KnowledgeDoc> docs, int limit) {
    return LexicalIndex.of(docs).rank(query, limit);
  }

  String top(String query) {
    List<ScoredDoc> r = INDEX.rank(query, 3);
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
    assertThat(INDEX.rank("qual a capital da França?", 3)).isEmpty();
    assertThat(INDEX.rank("o sistema caiu", 3)).isEmpty();
    assertThat(INDEX.rank("oi, bom dia! tudo bem?", 3)).isEmpty();
    assertThat(INDEX.rank("??", 3)).isEmpty();
    assertThat(INDEX.rank("", 3)).isEmpty();
    assertThat(INDEX.rank(null, 3)).isEmpty();
  }

  @Test
  void resultsAreBestFirstWithPositiveScoresAndRespectTheLimit() {
    List<ScoredDoc> r = INDEX.rank("cancelar a assinatura e saber o valor do plano", 5);
    assertThat(r).isNotEmpty().allSatisfy(s -> {
      assertThat(s.score()).isPositive();
      assertThat(s.coverage()).isBetween(LexicalIndex.MIN_COVERAGE, 1.0);
    });
    assertThat(r).extracting(ScoredDoc::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(INDEX.rank("cancelar a assinatura e saber o valor do plano", 1)).hasSize(1);
    assertThat(INDEX.rank("quero reembolso", 0)).isEmpty();
    assertThat(LexicalIndex.of(List.of()).rank("quero reembolso", 3)).isEmpty();
  }

  @Test
  void tiesAreBrokenByIdSoTheOrderIsDeterministic() {
    KnowledgeDoc b = new KnowledgeDoc("b", "Reembolso", "Reembolso em até 7 dias.", KnowledgeKind.POLICY, List.of(), "pt-BR");
    KnowledgeDoc a = new KnowledgeDoc("a", "Reembolso", "Reembolso em até 7 dias.", KnowledgeKind.POLICY, List.of(), "pt-BR");
    KnowledgeDoc other = new KnowledgeDoc("z", "Outro assunto", "Nada a ver.", KnowledgeKind.FAQ, List.of(), "pt-BR");
    assertThat(rank("reembolso", List.of(b, other, a), 3)).extracting(s -> s.doc().id()).containsExactly("a", "b");
    assertThat(rank("reembolso", List.of(a, other, b), 3)).extracting(s -> s.doc().id()).containsExactly("a", "b");
  }

  @Test
  void titleAndTagsWeighMoreThanAPassingMentionInTheContent() {
    KnowledgeDoc titled = new KnowledgeDoc("t", "Certificado digital", "Instale o arquivo A1.", KnowledgeKind.PROCEDURE, List.of(), "pt-BR");
    KnowledgeDoc mention = new KnowledgeDoc("m", "Configurações fiscais",
        "Regime tributário, alíquotas e, se houver, o certificado digital.", KnowledgeKind.FAQ, List.of(), "pt-BR");
    assertThat(rank("certificado digital", List.of(mention, titled), 2)).extracting(s -> s.doc().id())
        .startsWith("t");
  }

  @Test
  void aQuestionInTheCustomersWordsFindsTheEntryTitledInTheHelpCentresWords() {
    assertThat(top("vocês cobram pra entregar?")).isEqualTo("frete");
    assertThat(top("quanto custa o envio?")).isEqualTo("frete");
    assertThat(top("quero meu dinheiro de volta")).isEqualTo("reembolso");
  }

  @Test
  void accentsAndWhatsAppSlangDoNotChangeTheAnswer() {
    assertThat(INDEX.rank("política de devolução", 3)).isNotEmpty()
        .isEqualTo(INDEX.rank("politica de devolucao", 3)).isEqualTo(INDEX.rank("POLÍTICA DE DEVOLUÇÃO", 3));
    assertThat(INDEX.rank("qro cancelar minha assinatura pfv", 3)).isNotEmpty()
        .isEqualTo(INDEX.rank("quero cancelar minha assinatura, por favor", 3));
    assertThat(top("qro cancelar minha assinatura pfv")).isEqualTo("reembolso");
  }

  @Test
  void aWordWithOneTypoStillFindsItsEntry() {
    assertThat(top("onde instalo o certifcado?")).isEqualTo("nota-fiscal");
    assertThat(top("quero o reenbolso")).isEqualTo("reembolso");
  }

  @Test
  void aQuestionOfStopWordsAloneMatchesNothing() {
    assertThat(INDEX.rank("o que é isso?", 3)).isEmpty();
    assertThat(INDEX.rank("e aí, vc tá aí? pra quando?", 3)).isEmpty();
  }

  @Test
  void aQuestionAboutSomethingTheBaseLacksIsNotAnsweredByOneGenericWord() {
    // "pagamento" is in two entries; rent and due dates are in none.
    assertThat(INDEX.rank("o pagamento do aluguel venceu ontem", 3)).isEmpty();
  }

  @Test
  void coverageTellsAFullMatchFromAPartialOne() {
    assertThat(INDEX.rank("reembolso", 1)).singleElement().extracting(ScoredDoc::coverage).isEqualTo(1.0);
    assertThat(INDEX.rank("reembolso do aluguel", 1)).singleElement().extracting(ScoredDoc::coverage)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.DOUBLE).isLessThan(1.0);
  }
}
