package atende.knowledge.sources;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvExtractionTest {

  @Test
  void anExcelSheetWithSemicolonsABomAndAMultiLineAnswerGivesOneChunkPerQuestion() {
    String sheet = "\uFEFFCategoria;Dúvida;RESPOSTA\r\n"
        + "Entrega;Qual o prazo de entrega?;\"O prazo é de até 10 dias úteis.\r\nPara capitais, até 3 dias úteis.\"\r\n"
        + "Pagamento;Vocês aceitam Pix?;Sim, aceitamos Pix; cartão e boleto também.\r\n"
        + "Geral;Tem loja física?;\r\n"
        + "Pagamento;\"Posso parcelar em \"\"12x\"\"?\";Sim, sem juros acima de R$ 300,00.\r\n";

    Chunking chunking = Chunker.chunks(Extractors.extract(sheet.getBytes(UTF_8), "text/csv", "/faq.csv"));

    assertThat(chunking.chunks()).containsExactly(
        new Chunk("Qual o prazo de entrega?", "O prazo é de até 10 dias úteis.\nPara capitais, até 3 dias úteis."),
        new Chunk("Vocês aceitam Pix?", "Sim, aceitamos Pix"),
        new Chunk("Posso parcelar em \"12x\"?", "Sim, sem juros acima de R$ 300,00."));
  }

  @Test
  void aSheetWithoutHeaderTakesTheFirstTwoColumnsAndItsFirstRow() {
    String sheet = "\"Como troco minha senha?\",\"Acesse Minha conta > Segurança, toque em Alterar senha.\"\n"
        + "Esqueci meu e-mail,\"Fale com a gente pelo WhatsApp, com seu CPF em mãos.\"\n";

    SourceText text = Extractors.extract(sheet.getBytes(Charset.forName("windows-1252")), null, "perguntas.csv");

    assertThat(Chunker.chunks(text).chunks()).containsExactly(
        new Chunk("Como troco minha senha?", "Acesse Minha conta > Segurança, toque em Alterar senha."),
        new Chunk("Esqueci meu e-mail", "Fale com a gente pelo WhatsApp, com seu CPF em mãos."));
  }

  @Test
  void aSheetWithOneColumnIsRefused() {
    assertThatThrownBy(() -> Extractors.extract("Pergunta\nQual o horário?\n".getBytes(UTF_8), "text/csv", null))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith("CSV needs a question and an answer column");
  }

  @Test
  void aHeaderNamingOnlyTheQuestionIsRefusedRatherThanGuessed() {
    assertThatThrownBy(() -> Extractors.extract("pergunta;comentário\nQual o horário?;ver site\n".getBytes(UTF_8),
        "text/csv", null))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith("CSV needs a question and an answer column");
  }

  @Test
  void eachRowStaysItsOwnChunkHoweverShort() {
    String sheet = "p;r\n" + String.join("\n", List.of("Abre sábado?;Sim.", "Abre domingo?;Não.", "E feriado?;Não."));

    assertThat(Chunker.chunks(Extractors.extract(sheet.getBytes(UTF_8), null, "x.csv")).chunks()).hasSize(3);
  }
}
