package atende.knowledge.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an extractor read from a knowledge source: its title and its text, section by section, in
 * document order. Plain text only: paragraphs are separated by a blank line, list items are lines
 * {@code "- item"} (ordered lists keep their number, {@code "1. item"}: steps of a procedure), table
 * rows are lines {@code "cell | cell"}.
 *
 * @param title the source's own title (page title, PDF title, first Markdown h1); may be empty
 * @param sections the text under each heading, sections without text left out
 */
public record SourceText(String title, List<Section> sections) {

  public SourceText {
    title = title == null ? "" : Section.normalize(title).replace('\n', ' ');
    sections = List.copyOf(sections);
  }

  /** All the text, section after section (for tests, logs of sizes and content hashes). */
  public String plainText() {
    StringBuilder out = new StringBuilder();
    for (Section s : sections) {
      if (!out.isEmpty()) out.append("\n\n");
      out.append(s.text());
    }
    return out.toString();
  }

  /**
   * The sections as CommonMark that {@link MarkdownExtractor} reads back into the same sections, so a file
   * imported as pasted text ({@code dev/kb import}) chunks as the file would: each heading path written
   * with one {@code #} per depth (a path that repeats gets its last heading again, so the sections stay
   * apart), list items and table rows ({@code "cell | cell"}) line by line, everything else literal
   * (Markdown's punctuation escaped). The title is not part of it: it belongs in the source's
   * {@code title}, and an extra top heading would change which sections merge ({@link Chunker}).
   *
   * <p>What Markdown cannot say: a paragraph's single line breaks read back as spaces, and an ordered
   * list is numbered on from its first item. Markdown cannot end a heading's scope either, so sections
   * without headings come first (only a CSV row without a question makes one after a heading).
   */
  public String toMarkdown() {
    List<Section> ordered = new ArrayList<>(sections.stream().filter(s -> s.headings().isEmpty()).toList());
    ordered.addAll(sections.stream().filter(s -> !s.headings().isEmpty()).toList());
    List<String> blocks = new ArrayList<>();
    List<String> open = List.of();
    for (Section section : ordered) {
      List<String> path = section.headings();
      int same = 0;
      while (same < path.size() && same < open.size() && path.get(same).equals(open.get(same))) same++;
      // From the first heading that differs; a path that repeats repeats its last heading. Six levels at
      // most, as HTML and Markdown have: no extractor makes deeper paths.
      for (int depth = Math.max(0, Math.min(same, path.size() - 1)); depth < path.size(); depth++) {
        blocks.add("#".repeat(depth + 1) + " " + MarkdownBlocks.escape(path.get(depth)));
      }
      for (String block : section.text().split("\n\n")) blocks.addAll(MarkdownBlocks.of(block));
      open = path;
    }
    return String.join("\n\n", blocks) + "\n";
  }

  /**
   * One section of a source.
   *
   * @param headings the heading path from the top, e.g. {@code ["Entrega", "Prazos"]}; empty for text
   *     before the first heading
   * @param text the section's plain text, whitespace normalised (see {@link #normalize})
   */
  public record Section(List<String> headings, String text) {

    public Section {
      headings = headings.stream().map(h -> normalize(h).replace('\n', ' ')).filter(h -> !h.isEmpty()).toList();
      text = normalize(Objects.requireNonNull(text, "text"));
    }

    private static final Pattern HORIZONTAL_SPACE = Pattern.compile("[\\s\\u00A0\\u2007\\u202F&&[^\\n]]+");
    private static final Pattern ZERO_WIDTH = Pattern.compile("[\\u200B\\uFEFF\\u00AD]");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Pattern LINE_EDGES = Pattern.compile(" *\\n *");

    /**
     * Runs of spaces, tabs and no-break spaces become one space, lines are trimmed, more than one
     * blank line becomes one, and the whole is trimmed; {@code \r\n} and {@code \r} become {@code \n};
     * zero-width spaces, byte-order marks and soft hyphens are removed.
     */
    static String normalize(String text) {
      String unix = ZERO_WIDTH.matcher(text.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
      String spaced = HORIZONTAL_SPACE.matcher(unix).replaceAll(" ");
      return BLANK_LINES.matcher(LINE_EDGES.matcher(spaced).replaceAll("\n")).replaceAll("\n\n").strip();
    }
  }
}
