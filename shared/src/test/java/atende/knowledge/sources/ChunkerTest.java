package atende.knowledge.sources;

import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.sources.SourceText.Section;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

  @Test
  void theTitleIsTheSourceTitleAndTheHeadingPathWithoutRepeatingTheTitle() {
    SourceText text = new SourceText("Central de Ajuda", List.of(
        new Section(List.of("Central de Ajuda", "Entrega"), "Entregamos em todo o Brasil pelos Correios e por transportadoras."),
        new Section(List.of("Pagamento"), "Aceitamos Pix, cartão de crédito em até 12x e boleto bancário.")));

    assertThat(Chunker.chunks(text).chunks()).extracting(Chunk::title)
        .containsExactly("Central de Ajuda › Entrega", "Central de Ajuda › Pagamento");
    assertThat(Chunker.chunks(new SourceText("", text.sections())).chunks()).extracting(Chunk::title)
        .containsExactly("Central de Ajuda › Entrega", "Pagamento");
  }

  @Test
  void smallSubsectionsOfOneHeadingMergeKeepingTheirHeadingsAsLines() {
    SourceText text = new SourceText("Ajuda", List.of(
        new Section(List.of("Ajuda", "Contato", "WhatsApp"), "(11) 94000-1234, de segunda a sexta, das 8h às 18h."),
        new Section(List.of("Ajuda", "Contato", "E-mail"), "suporte@exemplo.com.br, resposta em até 1 dia útil."),
        new Section(List.of("Ajuda", "Contato", "Loja"), "Rua das Flores, 100, São Paulo."),
        new Section(List.of("Ajuda", "Entrega", "Prazo"), "Até 10 dias úteis.")));

    assertThat(Chunker.chunks(text).chunks()).containsExactly(
        new Chunk("Ajuda › Contato", """
            WhatsApp
            (11) 94000-1234, de segunda a sexta, das 8h às 18h.

            E-mail
            suporte@exemplo.com.br, resposta em até 1 dia útil.

            Loja
            Rua das Flores, 100, São Paulo."""),
        new Chunk("Ajuda › Entrega › Prazo", "Até 10 dias úteis."));
  }

  @Test
  void aLongParagraphSplitsBetweenSentencesNeverInsideAWord() {
    String sentence = "Para emitir a nota fiscal eletrônica, abra Vendas, escolha o pedido e toque em Emitir NF-e; "
        + "o certificado digital A1 precisa estar instalado em Configurações. ";
    String paragraph = sentence.repeat(20).strip();
    Section section = new Section(List.of("Notas fiscais"), paragraph);

    List<Chunk> chunks = Chunker.chunks(new SourceText("Manual", List.of(section))).chunks();

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.title()).isEqualTo("Manual › Notas fiscais");
      assertThat(chunk.content().length()).isBetween(200, Chunker.MAX_CHARS);
      assertThat(chunk.content()).startsWith("Para emitir").endsWith("Configurações.");
    });
    assertThat(String.join(" ", chunks.stream().map(Chunk::content).toList())).isEqualTo(paragraph);
  }

  @Test
  void aSentenceLongerThanAChunkSplitsBetweenWords() {
    String words = "item-de-estoque ".repeat(200).strip();

    List<Chunk> chunks = Chunker.chunks(new SourceText("Lista", List.of(new Section(List.of(), words)))).chunks();

    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.content().length()).isLessThanOrEqualTo(Chunker.MAX_CHARS);
      assertThat(chunk.content()).startsWith("item-de-estoque").endsWith("item-de-estoque");
    });
    assertThat(String.join(" ", chunks.stream().map(Chunk::content).toList())).isEqualTo(words);
  }

  @Test
  void beyondTheCapTheRestIsDroppedAndCounted() {
    List<Section> sections = new ArrayList<>();
    for (int i = 1; i <= Chunker.MAX_CHUNKS + 20; i++) {
      sections.add(new Section(List.of("Pergunta " + i), "Resposta número " + i + "."));
    }

    Chunking chunking = Chunker.chunks(new SourceText("", sections));

    assertThat(chunking.chunks()).hasSize(Chunker.MAX_CHUNKS);
    assertThat(chunking.chunks().getLast().title()).isEqualTo("Pergunta " + Chunker.MAX_CHUNKS);
    assertThat(chunking.dropped()).isEqualTo(20);
  }

  @Test
  void whitespaceIsNormalisedAndBlankSectionsGiveNoChunk() {
    SourceText text = new SourceText("  Ajuda \n", List.of(
        new Section(List.of(" Horário\t"), "  Segunda a sexta,\u00A0 das 8h\tàs 18h.  \r\n\r\n\r\n\r\n  Sábado, 8h às 12h. "),
        new Section(List.of("Vazio"), " \n\t ")));

    assertThat(Chunker.chunks(text).chunks()).containsExactly(
        new Chunk("Ajuda › Horário", "Segunda a sexta, das 8h às 18h.\n\nSábado, 8h às 12h."));
  }
}
