package atende.knowledge.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

class PdfExtractionTest {

  /** Pages of paragraphs of lines, laid out as a word processor would: wrapped lines, a blank line between paragraphs. */
  static final List<List<List<String>>> POLICY = List.of(
      List.of(
          List.of("Política de Trocas e Devoluções"),
          List.of("Você pode trocar ou devolver qualquer produto em até 30 dias corridos após o",
              "recebimento, desde que ele esteja sem sinais de uso e na embalagem original."),
          List.of("Como solicitar a troca"),
          List.of("Acesse Meus pedidos, escolha o item e toque em Trocar ou devolver. Enviamos um",
              "código de postagem para o seu e-mail em até 2 dias úteis.")),
      List.of(
          List.of("Reembolso"),
          List.of("O reembolso é feito na mesma forma de pagamento: no cartão de crédito, em até",
              "duas faturas; no Pix ou boleto, por transferência em até 5 dias úteis."),
          List.of("Página 2 de 2")));

  /** Helvetica of the standard 14 fonts with its WinAnsiEncoding, which has every Portuguese letter. */
  static byte[] pdf(List<List<List<String>>> pages, String title, StandardProtectionPolicy protection) throws IOException {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (List<List<String>> paragraphs : pages) {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
          content.beginText();
          content.setFont(font, 11);
          content.setLeading(14);
          content.newLineAtOffset(56, 780);
          for (List<String> paragraph : paragraphs) {
            for (String line : paragraph) {
              content.showText(line);
              content.newLine();
            }
            content.newLine();
          }
          content.endText();
        }
      }
      if (title != null) document.getDocumentInformation().setTitle(title);
      if (protection != null) document.protect(protection);
      document.save(out);
      return out.toByteArray();
    }
  }

  @Test
  void aTwoPagePolicyReadsAsParagraphsUnderItsHeadings() throws IOException {
    SourceText text = Extractors.extract(pdf(POLICY, null, null), "application/pdf", "/docs/politica-de-trocas.pdf");

    assertThat(text.title()).isEqualTo("Política de Trocas e Devoluções");
    assertThat(text.plainText())
        .contains("Você pode trocar ou devolver qualquer produto em até 30 dias corridos após o recebimento, "
            + "desde que ele esteja sem sinais de uso e na embalagem original.")
        .contains("no Pix ou boleto, por transferência em até 5 dias úteis.")
        .doesNotContain("Página 2");
    assertThat(Chunker.chunks(text).chunks()).extracting(Chunk::title).containsExactly(
        "Política de Trocas e Devoluções",
        "Política de Trocas e Devoluções › Como solicitar a troca",
        "Política de Trocas e Devoluções › Reembolso");
  }

  @Test
  void theDocumentTitleWinsOverTheFirstLine() throws IOException {
    SourceText text = Extractors.extract(pdf(POLICY, "Trocas — Loja Exemplo", null), null, "trocas.pdf");

    assertThat(text.title()).isEqualTo("Trocas — Loja Exemplo");
    assertThat(text.sections().getFirst().headings()).containsExactly("Política de Trocas e Devoluções");
  }

  @Test
  void aPasswordProtectedPdfAsksForACopyWithoutPassword() throws IOException {
    byte[] locked = pdf(POLICY, null, new StandardProtectionPolicy("dono", "segredo", new AccessPermission()));

    assertThatThrownBy(() -> Extractors.extract(locked, "application/pdf", "/politica.pdf"))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessage("the PDF is protected by a password: upload a copy without one");
  }

  @Test
  void aBrokenDownloadIsNotAReadablePdf() {
    byte[] cut = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty"
        .getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> Extractors.extract(cut, "application/pdf", "/politica.pdf"))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessage("the file is not a readable PDF (damaged, cut short, or not a PDF at all)");
  }

  @Test
  void aScanWithoutTextSaysSo() throws IOException {
    byte[] blank = pdf(List.of(List.of(), List.of()), "Contrato escaneado", null);

    assertThatThrownBy(() -> Extractors.extract(blank, "application/pdf", null))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessageStartingWith("the PDF has no extractable text (a scanned image?)");
  }

  @Test
  void aBookIsRefusedBeforeItsTextIsRead() throws IOException {
    byte[] book = pdf(java.util.Collections.nCopies(PdfExtractor.MAX_PAGES + 1, List.of(List.of("Capítulo"))), null, null);

    assertThatThrownBy(() -> Extractors.extract(book, "application/pdf", null))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessage("the PDF has 301 pages, more than the 300 Atende reads: split it into smaller files");
  }
}
