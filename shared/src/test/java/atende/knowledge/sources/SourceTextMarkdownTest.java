package atende.knowledge.sources;

import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.sources.SourceText.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SourceText#toMarkdown}: what {@code dev/kb import} stores as pasted text must chunk as the file would. */
class SourceTextMarkdownTest {

  static Stream<Path> evaluationSources() throws IOException {
    return Files.list(Path.of("src/test/resources/knowledge-eval/sources")).sorted();
  }

  @ParameterizedTest
  @MethodSource("evaluationSources")
  void aFileReadBackFromItsMarkdownGivesTheSameChunks(Path file) throws IOException {
    SourceText original = Extractors.extract(Files.readAllBytes(file), null, file.getFileName().toString());

    SourceText back = readBack(original);

    // The sync titles the source with the import's title, whatever the Markdown's first h1 says.
    String title = original.title().isEmpty() ? file.getFileName().toString() : original.title();
    assertThat(wordsByTitle(Chunker.chunks(new SourceText(title, back.sections())).chunks()))
        .isEqualTo(wordsByTitle(Chunker.chunks(new SourceText(title, original.sections())).chunks()));
    assertThat(back.sections()).extracting(Section::headings)
        .containsExactlyElementsOf(original.sections().stream().map(Section::headings).toList());
  }

  /**
   * Each chunk title with the words under it, in order. Only whitespace may differ: a paragraph's line
   * breaks read back as spaces, so a section longer than a chunk may be split at other points.
   */
  private static Map<String, String> wordsByTitle(List<Chunk> chunks) {
    Map<String, String> words = new LinkedHashMap<>();
    for (Chunk chunk : chunks) words.merge(chunk.title(), words(chunk.content()), (a, b) -> a + " " + b);
    return words;
  }

  @Test
  void textThatLooksLikeMarkupStaysText() {
    String text = """
        # não é título
        > nem citação
        3.5 kg, 1) nem passo nem 2024. ano
        R$ 10 * 2 = R$ 20, _sublinhado_ e `código` e [link](x) e <b>negrito</b> e &amp; e \\ barra
        ---
        ===""";
    SourceText source = new SourceText("", List.of(new Section(List.of("Preço #1 *especial*"), text)));

    SourceText back = readBack(source);

    assertThat(back.sections()).singleElement().satisfies(section -> {
      assertThat(section.headings()).containsExactly("Preço #1 *especial*");
      assertThat(section.text()).isEqualTo("# não é título > nem citação 3.5 kg, 1) nem passo nem 2024. ano "
          + "R$ 10 * 2 = R$ 20, _sublinhado_ e `código` e [link](x) e <b>negrito</b> e &amp; e \\ barra --- ===");
    });
  }

  @Test
  void listsAndTableRowsKeepTheirLinesAndTextAfterAnItemStaysWithIt() {
    String text = """
        Para pagar:

        1. Abra o pedido
        2. Toque em Pix
        Copie o código.

        - boleto
        - cartão

        Plano | Preço
        Essencial | R$ 89,90""";
    SourceText back = readBack(new SourceText("", List.of(new Section(List.of("Pagamento"), text))));

    assertThat(back.sections()).singleElement().extracting(Section::text).isEqualTo("""
        Para pagar:

        1. Abra o pedido
        2. Toque em Pix Copie o código.

        - boleto
        - cartão

        Plano | Preço
        Essencial | R$ 89,90""");
  }

  @Test
  void sectionsKeepTheirHeadingPathsEvenWhenAPathRepeatsOrGoesBackUp() {
    List<Section> sections = List.of(
        new Section(List.of("Entrega", "Prazos"), "Até 5 dias úteis nas capitais."),
        new Section(List.of("Entrega", "Prazos"), "Até 10 dias no interior."),
        new Section(List.of("Entrega"), "Enviamos pelos Correios."),
        new Section(List.of("Trocas"), "Em até 30 dias."));

    assertThat(readBack(new SourceText("Ajuda", sections)).sections()).isEqualTo(sections);
  }

  @Test
  void everyCsvRowStaysAChunkOfItsOwnAndARowWithoutAQuestionIsNotAddedToTheRowBefore() {
    SourceText sheet = CsvExtractor.extract("""
        Pergunta;Resposta
        Tem frete grátis?;Sim, acima de R$ 199.
        ;Atendemos de segunda a sexta.
        Aceita Pix?;Sim.
        """);

    List<Chunk> chunks = Chunker.chunks(new SourceText("faq.csv", readBack(sheet).sections())).chunks();

    assertThat(chunks).containsExactlyInAnyOrder(
        new Chunk("faq.csv › Tem frete grátis?", "Sim, acima de R$ 199."),
        new Chunk("faq.csv", "Atendemos de segunda a sexta."),
        new Chunk("faq.csv › Aceita Pix?", "Sim."));
  }

  private static SourceText readBack(SourceText text) {
    return Extractors.extract(text.toMarkdown().getBytes(StandardCharsets.UTF_8), "text/markdown", null);
  }

  private static String words(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
