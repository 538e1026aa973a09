package atende.knowledge.sources;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.sources.SourceText.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownExtractionTest {

  static final String REFUND_PARAGRAPH = "Pedidos de reembolso feitos em até 7 dias da contratação são devolvidos "
      + "integralmente na mesma forma de pagamento. No cartão de crédito, o estorno aparece em até duas faturas, "
      + "conforme o fechamento do seu banco. No Pix, devolvemos para a mesma chave em até 5 dias úteis. ";

  static final String MANUAL = """
      ---
      title: Manual do cliente (rascunho)
      ---
      # Central de Ajuda

      Bem-vindo à central de ajuda da **Loja Exemplo**. Aqui estão as respostas
      para as dúvidas mais comuns.

      ## Pagamentos

      ### Formas de pagamento

      - Cartão de crédito em até 12x
      - Boleto bancário
        - vence em 3 dias úteis
      - [Pix](https://exemplo.com.br/pix), com confirmação imediata

      ### Reembolso

      %s

      %s

      %s

      %s

      > Atenção: depois de 7 dias não há reembolso proporcional.

      Contato
      -------

      | Canal | Horário |
      |-------|:-------:|
      | WhatsApp | 8h às 18h |
      | E-mail | 24 horas |

      1. Abra o aplicativo.
      2. Toque em `Ajuda`.
      """.formatted(REFUND_PARAGRAPH.repeat(3), REFUND_PARAGRAPH.repeat(3), REFUND_PARAGRAPH.repeat(2),
      REFUND_PARAGRAPH);

  final SourceText text = Extractors.extract(MANUAL.getBytes(UTF_8), "text/markdown; charset=utf-8", "/ajuda.md");

  @Test
  void headingsNestAndTheFirstH1IsTheTitle() {
    assertThat(text.title()).isEqualTo("Central de Ajuda");
    assertThat(text.sections()).extracting(Section::headings).containsExactly(
        List.of("Central de Ajuda"),
        List.of("Central de Ajuda", "Pagamentos", "Formas de pagamento"),
        List.of("Central de Ajuda", "Pagamentos", "Reembolso"),
        List.of("Central de Ajuda", "Contato"));
  }

  @Test
  void markupGivesWayToPlainTextListsAndTableRows() {
    assertThat(text.sections().get(0).text()).isEqualTo(
        "Bem-vindo à central de ajuda da Loja Exemplo. Aqui estão as respostas para as dúvidas mais comuns.");
    assertThat(text.sections().get(1).text()).isEqualTo("""
        - Cartão de crédito em até 12x
        - Boleto bancário
        - vence em 3 dias úteis
        - Pix, com confirmação imediata""");
    assertThat(text.sections().get(2).text()).endsWith("Atenção: depois de 7 dias não há reembolso proporcional.");
    assertThat(text.sections().get(3).text()).isEqualTo("""
        Canal | Horário
        WhatsApp | 8h às 18h
        E-mail | 24 horas

        1. Abra o aplicativo.
        2. Toque em Ajuda.""");
  }

  @Test
  void aLongSectionSplitsAtParagraphsIntoChunksOfRetrievalSize() {
    List<Chunk> refund = Chunker.chunks(text).chunks().stream()
        .filter(chunk -> chunk.title().equals("Central de Ajuda › Pagamentos › Reembolso"))
        .toList();

    assertThat(text.sections().get(2).text().length()).isGreaterThan(2 * Chunker.MAX_CHARS);
    assertThat(refund).hasSizeGreaterThanOrEqualTo(3);
    assertThat(refund).allSatisfy(chunk -> assertThat(chunk.content().length()).isBetween(200, Chunker.MAX_CHARS));
    assertThat(refund.getFirst().content()).startsWith("Pedidos de reembolso");
    assertThat(String.join("\n\n", refund.stream().map(Chunk::content).toList()))
        .isEqualTo(text.sections().get(2).text());
  }
}
