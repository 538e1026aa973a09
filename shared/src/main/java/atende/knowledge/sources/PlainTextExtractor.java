package atende.knowledge.sources;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Plain text (and the text PDFBox gives back) into sections. Paragraphs are separated by blank lines.
 * Headings are guessed, conservatively: a paragraph of a single line, at most 80 characters and 12
 * words, that starts with a letter or digit, is not the last paragraph, and either ends with
 * {@code ':'} or ends in a letter, digit, {@code ')'} or {@code '?'} (a FAQ's question) with no
 * {@code ':'} inside ({@code "Telefone: (11) 4000-1234"} stays text). Every heading is at the same level: text has no nesting.
 * The first paragraph, when it looks like a heading, is the title. A paragraph whose first line is a clause
 * heading of a pasted policy — written in capitals, or numbered ({@code "3. DEFEITO DEPOIS DE 30 DIAS"},
 * {@code "4) Como acionar a garantia"}) — is that heading and its text, even without a blank line between.
 */
final class PlainTextExtractor {

  private PlainTextExtractor() {}

  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[\\s&&[^\\n]]*\\n\\s*");
  private static final Pattern BULLET = Pattern.compile("(?m)^[ \\t]*[•●▪◦‣∙*–][ \\t]+");
  private static final Pattern NUMBERED = Pattern.compile("\\d{1,2}(\\.\\d{1,2})*[.)]?\\s+\\p{L}.*");
  private static final Pattern HEADING_TEXT = Pattern.compile("[\\p{L}\\p{N}][^\\n:]*[\\p{L}\\p{N})?]:?|[\\p{L}\\p{N}]:?");

  /** {@code text} with paragraphs by blank lines; {@code title}, when not blank, wins over a first line. */
  static SourceText extract(String text, String title) {
    List<String> paragraphs = splitClauseHeadings(paragraphs(text));
    Outline outline = new Outline();
    String found = title == null ? "" : title.strip();
    for (int i = 0; i < paragraphs.size(); i++) {
      String paragraph = paragraphs.get(i);
      boolean last = i == paragraphs.size() - 1;
      if (!last && looksLikeHeading(paragraph)) {
        String heading = paragraph.endsWith(":") ? paragraph.substring(0, paragraph.length() - 1) : paragraph;
        if (i == 0 && found.isEmpty()) {
          found = heading;
        } else {
          outline.heading(1, heading);
        }
      } else {
        outline.block(paragraph);
      }
    }
    return outline.build(found);
  }

  /** Paragraphs of {@code text}, bullets ({@code •}, {@code *}, {@code –}) rewritten as {@code "- "}. */
  static List<String> paragraphs(String text) {
    String unix = text.replace("\r\n", "\n").replace('\r', '\n');
    String bulleted = BULLET.matcher(unix).replaceAll("- ");
    return PARAGRAPH_BREAK.splitAsStream(bulleted).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /** A paragraph that opens with a clause heading line becomes the heading and the text after it. */
  private static List<String> splitClauseHeadings(List<String> paragraphs) {
    List<String> out = new java.util.ArrayList<>();
    for (String paragraph : paragraphs) {
      int newline = paragraph.indexOf('\n');
      String first = newline < 0 ? paragraph : paragraph.substring(0, newline).strip();
      if (newline > 0 && looksLikeHeading(first) && (capitals(first) || NUMBERED.matcher(first).matches())) {
        out.add(first);
        out.add(paragraph.substring(newline + 1).strip());
      } else {
        out.add(paragraph);
      }
    }
    return out;
  }

  /** Every letter upper case, and at least two of them. */
  private static boolean capitals(String line) {
    long letters = line.chars().filter(Character::isLetter).count();
    return letters >= 2 && line.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
  }

  private static boolean looksLikeHeading(String paragraph) {
    return paragraph.length() <= 80
        && paragraph.split("\\s+").length <= 12
        && HEADING_TEXT.matcher(paragraph).matches();
  }
}
