package atende.knowledge.sources;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceFormatTest {

  static final byte[] PDF_BYTES = "%PDF-1.7\n%âãÏÓ\n1 0 obj".getBytes(UTF_8);
  static final byte[] HTML_BYTES = "\uFEFF\n  <!DOCTYPE html><html><body>Oi</body></html>".getBytes(UTF_8);
  static final byte[] TEXT_BYTES = "Horário de atendimento: 8h às 18h".getBytes(UTF_8);

  @Test
  void theMediaTypeDecidesWhenItNamesAFormat() {
    assertThat(SourceFormat.detect(TEXT_BYTES, "text/html; charset=ISO-8859-1", "/ajuda.txt")).isEqualTo(SourceFormat.HTML);
    assertThat(SourceFormat.detect(TEXT_BYTES, "application/pdf", null)).isEqualTo(SourceFormat.PDF);
    assertThat(SourceFormat.detect(TEXT_BYTES, "Text/Markdown", "x")).isEqualTo(SourceFormat.MARKDOWN);
    assertThat(SourceFormat.detect(TEXT_BYTES, "text/csv;charset=utf-8", null)).isEqualTo(SourceFormat.CSV);
  }

  @Test
  void rawFilesServedAsPlainTextOrDownloadsGoByTheirExtension() {
    assertThat(SourceFormat.detect(TEXT_BYTES, "text/plain; charset=utf-8", "/loja/docs/main/faq.md"))
        .isEqualTo(SourceFormat.MARKDOWN);
    assertThat(SourceFormat.detect(TEXT_BYTES, "application/octet-stream", "/export/perguntas.CSV?dl=1"))
        .isEqualTo(SourceFormat.CSV);
    assertThat(SourceFormat.detect(TEXT_BYTES, null, "politica.pdf")).isEqualTo(SourceFormat.PDF);
    assertThat(SourceFormat.detect(TEXT_BYTES, null, "/ajuda/index.htm#prazos")).isEqualTo(SourceFormat.HTML);
  }

  @Test
  void withoutTypeOrExtensionTheBytesAreSniffed() {
    assertThat(SourceFormat.detect(PDF_BYTES, null, "/download/12345")).isEqualTo(SourceFormat.PDF);
    assertThat(SourceFormat.detect(HTML_BYTES, "application/octet-stream", "/ajuda")).isEqualTo(SourceFormat.HTML);
    assertThat(SourceFormat.detect(TEXT_BYTES, null, "/v1.2/notas")).isEqualTo(SourceFormat.TEXT);
  }

  @Test
  void aFormatAtendeCannotReadIsRefusedWithTheReason() {
    assertThatThrownBy(() -> SourceFormat.detect(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png", "/banner"))
        .isInstanceOf(UnreadableSourceException.class)
        .hasMessage("the file is image/png, which Atende cannot read: use a web page, a PDF, a Markdown, CSV "
            + "or plain text file");
  }
}
