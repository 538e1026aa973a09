package atende.knowledge.sources;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atende.knowledge.sources.SourceText.Section;
import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextExtractionTest {

  static final String POLICY = """
      Política de Trocas

      Você pode trocar qualquer produto em até 30 dias após o recebimento.
      O produto precisa estar na embalagem original.

      Como solicitar:

      • Acesse Meus pedidos.
      • Escolha o item e toque em Trocar.

      Posso trocar um produto em promoção?

      Sim, nas mesmas condições.

      Telefone: (11) 4000-1234

      Atendemos de segunda a sexta.
      """;

  @Test
  void shortLinesBetweenBlankLinesAreHeadingsAndTheFirstIsTheTitle() {
    SourceText text = Extractors.extract(POLICY.getBytes(UTF_8), "text/plain; charset=utf-8", "/trocas.txt");

    assertThat(text.title()).isEqualTo("Política de Trocas");
    assertThat(text.sections()).containsExactly(
        new Section(List.of(), "Você pode trocar qualquer produto em até 30 dias após o recebimento.\n"
            + "O produto precisa estar na embalagem original."),
        new Section(List.of("Como solicitar"), "- Acesse Meus pedidos.\n- Escolha o item e toque em Trocar."),
        new Section(List.of("Posso trocar um produto em promoção?"),
            "Sim, nas mesmas condições.\n\nTelefone: (11) 4000-1234\n\nAtendemos de segunda a sexta."));
  }

  @Test
  void aFileSavedByWindowsInItsCodePageKeepsItsAccents() {
    SourceText text = Extractors.extract(POLICY.getBytes(Charset.forName("windows-1252")), null, "trocas.txt");

    assertThat(text.title()).isEqualTo("Política de Trocas");
    assertThat(text.plainText()).contains("após o recebimento", "nas mesmas condições");
    assertThat(text.sections().getLast().headings()).containsExactly("Posso trocar um produto em promoção?");
  }

  @Test
  void aBinaryFileNamedAsTextIsRefused() {
    byte[] docx = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0};

    assertThatThrownBy(() -> Extractors.extract(docx, null, "contrato.txt"))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith("the file is binary, not text");
  }
}
