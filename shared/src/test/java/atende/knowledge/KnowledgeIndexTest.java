package atende.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lexical and semantic ranking fused, and when a retrieval is weak: on hand-made unit vectors. */
class KnowledgeIndexTest {
  static final int DIMENSIONS = 24;

  /** A unit vector along axis {@code i}, tilted a little toward axis {@code j}. */
  static double[] axis(int i, int j, double tilt) {
    double[] v = new double[DIMENSIONS];
    v[i] = 1;
    v[j] += tilt;
    double norm = Math.sqrt(1 + tilt * tilt);
    for (int k = 0; k < DIMENSIONS; k++) v[k] /= norm;
    return v;
  }

  static KnowledgeDoc doc(String id, String title, String content) {
    return new KnowledgeDoc(id, title, content, KnowledgeKind.FAQ, List.of(), "pt-BR");
  }

  /**
   * Twenty entries, each along its own axis, so a question along one axis stands out on it (with n entries no
   * similarity can stand more than (n - 1) / sqrt(n) deviations out: twenty allow the 3.5 the rule asks).
   */
  static List<KnowledgeIndex.Entry> base() {
    List<KnowledgeIndex.Entry> entries = new ArrayList<>();
    String[][] texts = {
        {"frete", "Frete", "O frete é grátis acima de R$ 199."},
        {"trocas", "Trocas", "Trocas em até 30 dias pelo menu Meus Pedidos."},
        {"pix", "Pagamento por Pix", "O Pix é confirmado em até 10 minutos."},
        {"boleto", "Boleto", "O boleto vence em 3 dias úteis."},
        {"horario", "Horário de atendimento", "Atendemos de segunda a sexta, das 8h às 18h."},
        {"garantia", "Garantia", "Garantia de 12 meses contra defeitos de fabricação."},
        {"senha", "Como redefinir sua senha", "Acesse a página de recuperação e informe seu e-mail."},
        {"planos", "Planos e preços", "Básico R$ 49, Profissional R$ 99."}};
    for (int i = 0; i < texts.length; i++) {
      entries.add(new KnowledgeIndex.Entry(doc(texts[i][0], texts[i][1], texts[i][2]), axis(i, (i + 1) % DIMENSIONS, 0.1)));
    }
    for (int i = texts.length; i < 20; i++) {
      entries.add(new KnowledgeIndex.Entry(doc("aviso-" + i, "Aviso " + i, "Comunicado interno número " + i + "."),
          axis(i, (i + 1) % DIMENSIONS, 0.1)));
    }
    return entries;
  }

  @Test
  void withoutAQuestionVectorRetrievalIsTheLexicalRanking() {
    KnowledgeIndex index = KnowledgeIndex.of(base());
    KnowledgeIndex.Retrieval found = index.retrieve("qual o prazo do boleto?", Optional.empty(), 3);
    assertThat(found.docs()).extracting(KnowledgeDoc::id).containsExactlyElementsOf(index.lexical("qual o prazo do boleto?", 3)
        .stream().map(KnowledgeDoc::id).toList()).startsWith("boleto");
  }

  @Test
  void aParaphraseNoWordMatchesIsFoundByItsVectorAndIsNotWeak() {
    KnowledgeIndex index = KnowledgeIndex.of(base());
    String question = "quanto demora pra cair o dinheiro que mandei";
    assertThat(index.lexical(question, 3)).isEmpty();
    KnowledgeIndex.Retrieval found = index.retrieve(question, Optional.of(axis(2, 3, 0.05)), 3);
    assertThat(found.docs()).extracting(KnowledgeDoc::id).first().isEqualTo("pix");
    assertThat(found.weak()).isFalse();
  }

  @Test
  void anEntryBothRankingsAgreeOnComesFirst() {
    KnowledgeIndex index = KnowledgeIndex.of(base());
    // Lexically "boleto" and "pix" both mention payment terms; the vector points at the boleto entry.
    KnowledgeIndex.Retrieval found = index.retrieve("boleto ou pix, qual confirma em dias?", Optional.of(axis(3, 2, 0.3)), 3);
    assertThat(found.docs()).extracting(KnowledgeDoc::id).first().isEqualTo("boleto");
  }

  @Test
  void aQuestionNothingCoversIsWeakEvenThoughTheNearestEntriesAreHandedOver() {
    KnowledgeIndex index = KnowledgeIndex.of(base());
    double[] between = new double[DIMENSIONS];
    java.util.Arrays.fill(between, 1 / Math.sqrt(DIMENSIONS));
    KnowledgeIndex.Retrieval found = index.retrieve("vocês vendem ingresso de show?", Optional.of(between), 3);
    assertThat(found.docs()).as("the model judges the nearest entries").hasSize(3);
    assertThat(found.weak()).isTrue();
  }

  @Test
  void aFullLexicalMatchIsNotWeakAndTooFewVectorsMeansLexicalOnly() {
    List<KnowledgeIndex.Entry> few = base().subList(0, 4);
    KnowledgeIndex index = KnowledgeIndex.of(few);
    assertThat(index.semantic()).isFalse();
    KnowledgeIndex.Retrieval found = index.retrieve("o boleto vence em quantos dias úteis?", Optional.of(axis(0, 1, 0)), 3);
    assertThat(found.docs()).extracting(KnowledgeDoc::id).containsExactly("boleto");
    assertThat(found.weak()).isFalse();
  }

  @Test
  void semanticRankingOrdersEveryEntryWithAVectorAndIgnoresOthers() {
    List<KnowledgeIndex.Entry> entries = new ArrayList<>(base());
    entries.add(new KnowledgeIndex.Entry(doc("sem-vetor", "Sem vetor", "Entrada digitada no console."), null));
    KnowledgeIndex index = KnowledgeIndex.of(entries);
    assertThat(index.semantic(axis(5, 6, 0.2), 10)).extracting(KnowledgeDoc::id)
        .hasSize(10).startsWith("garantia", "senha").doesNotContain("sem-vetor");
  }
}
