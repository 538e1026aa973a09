package atende.knowledge.sources;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF text with PDFBox. PDFTextStripper marks the paragraphs it detects (by line spacing and
 * indentation) with a blank line; the lines inside a paragraph are the page's layout, so they are
 * joined with spaces, except lines that start a list item. Lines that are only a page number
 * ({@code "Página 3 de 10"}, {@code "3/10"}) are dropped. Headings then follow the plain-text rule
 * ({@link PlainTextExtractor}); the outline (bookmarks) is not read.
 */
final class PdfExtractor {

  private PdfExtractor() {}

  /** A knowledge source is a manual or a policy, not a book; longer files are refused, not cut. */
  static final int MAX_PAGES = 300;

  private static final Pattern PAGE_NUMBER =
      Pattern.compile("(?i)(p[áa]gina|page)\\s*\\d+(\\s*(de|of|/)\\s*\\d+)?|\\d+\\s*(de|of|/)\\s*\\d+");
  /** Bullets are already {@code "- "} ({@link PlainTextExtractor#paragraphs}). */
  private static final Pattern LIST_ITEM = Pattern.compile("(-|\\d{1,2}[.)])\\s.*");
  private static final Pattern GENERATED_TITLE = Pattern.compile("(?i).*\\.(docx?|odt|pdf|pptx?|rtf)$|untitled|sem título");

  static SourceText extract(byte[] body) {
    String text;
    String title;
    try (PDDocument document = Loader.loadPDF(body)) {
      int pages = document.getNumberOfPages();
      if (pages > MAX_PAGES) {
        throw new UnreadableSourceException("the PDF has " + pages + " pages, more than the " + MAX_PAGES
            + " Atende reads: split it into smaller files");
      }
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setLineSeparator("\n");
      stripper.setParagraphEnd("\n\n");
      stripper.setPageEnd("\n\n");
      text = stripper.getText(document);
      title = document.getDocumentInformation().getTitle();
    } catch (InvalidPasswordException e) {
      throw new UnreadableSourceException("the PDF is protected by a password: upload a copy without one", e);
    } catch (IOException e) {
      throw new UnreadableSourceException(
          "the file is not a readable PDF (damaged, cut short, or not a PDF at all)", e);
    }
    List<String> paragraphs = new ArrayList<>();
    for (String paragraph : PlainTextExtractor.paragraphs(text)) {
      String reflowed = reflow(paragraph);
      if (!reflowed.isEmpty()) paragraphs.add(reflowed);
    }
    if (paragraphs.isEmpty()) {
      throw new UnreadableSourceException("the PDF has no extractable text (a scanned image?): "
          + "upload a PDF with selectable text, or paste the text");
    }
    return PlainTextExtractor.extract(String.join("\n\n", paragraphs), usableTitle(title));
  }

  private static String reflow(String paragraph) {
    StringBuilder out = new StringBuilder();
    for (String line : paragraph.split("\n")) {
      String clean = line.strip();
      if (clean.isEmpty() || PAGE_NUMBER.matcher(clean).matches()) continue;
      if (!out.isEmpty()) out.append(LIST_ITEM.matcher(clean).matches() ? '\n' : ' ');
      out.append(clean);
    }
    return out.toString();
  }

  /** Word processors fill the title with the file name ("Microsoft Word - politica.docx"): ignored. */
  private static String usableTitle(String title) {
    if (title == null || title.isBlank()) return "";
    String clean = title.strip();
    return GENERATED_TITLE.matcher(clean.toLowerCase(Locale.ROOT)).matches() ? "" : clean;
  }
}
