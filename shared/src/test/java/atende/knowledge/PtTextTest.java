package atende.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PtTextTest {

  @Test
  void foldingLowerCasesAndStripsAccents() {
    assertThat(PtText.fold("Não CONSIGO emitir a Nota Fiscal — ação já!"))
        .isEqualTo("nao consigo emitir a nota fiscal — acao ja!");
    assertThat(PtText.fold(null)).isEmpty();
  }

  @Test
  void tokensExpandWhatsAppSlangAndCollapseLaughter() {
    assertThat(PtText.tokens("Vc n consegue logar?? kkkkk"))
        .containsExactly("voce", "nao", "consegue", "logar", "kkk");
    assertThat(PtText.tokens("pq tbm nao funciona hj? obg, vlw"))
        .containsExactly("porque", "tambem", "nao", "funciona", "hoje", "obrigado", "valeu");
    assertThat(PtText.tokens("me ajuda pfv, blz? td certo cmg, mt obg"))
        .containsExactly("me", "ajuda", "por", "favor", "beleza", "tudo", "certo", "comigo", "muito", "obrigado");
    assertThat(PtText.tokens("qdo mando msg vcs n respondem q absurdo"))
        .containsExactly("quando", "mando", "mensagem", "voces", "nao", "respondem", "que", "absurdo");
  }

  @Test
  void tokensSqueezeStretchedLettersAndIgnorePunctuationAndEmojis() {
    assertThat(PtText.tokens("AJUDAAAA!!! 😭😭 socorrooo")).containsExactly("ajuda", "socorro");
    assertThat(PtText.tokens("  ?? ")).isEmpty();
    assertThat(PtText.tokens(null)).isEmpty();
  }

  @Test
  void loginLogarLogandoShareAStem() {
    assertThat(PtText.stems("login logar logando logado logou"))
        .containsOnly("log");
  }

  @Test
  void stemmerConflatesCommonInflections() {
    assertThat(PtText.stem("senha")).isEqualTo(PtText.stem("senhas"));
    assertThat(PtText.stem("cobrado")).isEqualTo(PtText.stem("cobrar")).isEqualTo(PtText.stem("cobrança".replace("ç", "c")));
    assertThat(PtText.stem("planos")).isEqualTo(PtText.stem("plano"));
    assertThat(PtText.stem("funcionando")).isEqualTo(PtText.stem("funciona")).isEqualTo(PtText.stem("funcionou"));
    assertThat(PtText.stem("cancelamento")).isEqualTo(PtText.stem("cancelar")).isEqualTo(PtText.stem("cancelei"));
    assertThat(PtText.stem("paguei")).isEqualTo(PtText.stem("pagar"));
    assertThat(PtText.stem("notificacoes")).isEqualTo(PtText.stem("notificacao"));
  }

  @Test
  void stopwordsAndShortTokensAreNotStemmed() {
    assertThat(PtText.stem("como")).isEqualTo("como"); // not "com"
    assertThat(PtText.stem("nao")).isEqualTo("nao");
    assertThat(PtText.stem("500")).isEqualTo("500");
  }

  @Test
  void similarToleratesOneTypoOnLongWordsOnly() {
    assertThat(PtText.similar(PtText.stem("sistema"), PtText.stem("sistma"))).isTrue();
    assertThat(PtText.similar(PtText.stem("carrega"), PtText.stem("carega"))).isTrue();
    assertThat(PtText.similar(PtText.stem("reembolso"), PtText.stem("reenbolso"))).isTrue();
    assertThat(PtText.similar("quand", "quant")).isFalse(); // two real words
    assertThat(PtText.similar("plan", "pano")).isFalse();
    assertThat(PtText.similar("sistem", "cobranc")).isFalse();
  }

  @Test
  void editDistanceCountsATranspositionAsOneEdit() {
    assertThat(PtText.editDistance("senha", "sneha")).isEqualTo(1);
    assertThat(PtText.editDistance("abc", "abc")).isZero();
    assertThat(PtText.editDistance("", "abc")).isEqualTo(3);
  }
}
