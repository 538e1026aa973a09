package atende.knowledge.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block of {@link SourceText} plain text written as CommonMark that {@link MarkdownExtractor} reads back
 * to the same lines: runs of list items ({@code "- item"}, {@code "1. step"}) as lists, runs of table rows
 * ({@code "cell | cell"}) as pipe rows, other lines as a paragraph, each run its own block; lines of text
 * after an item continue that item (read back joined to it by a space, as a paragraph's lines are), so a
 * numbered clause keeps its text. Everything else is escaped, as CommonMark allows for
 * any ASCII punctuation (spec 0.31, "Backslash escapes"), so text that looks like markup stays text.
 */
final class MarkdownBlocks {

  private MarkdownBlocks() {}

  private enum Run { BULLETS, STEPS, TABLE, PARAGRAPH }

  private static final Pattern STEP = Pattern.compile("(\\d{1,9})[.)] (.*)");
  /** Characters that start emphasis, code, links, images, inline HTML or an escape anywhere in a line. */
  private static final Pattern INLINE_MARKUP = Pattern.compile("[\\\\`*_\\[\\]<]|&(?=#?\\w+;)");
  /** What opens a heading, quote, list, setext underline, table row or code fence at the start of a line. */
  private static final Pattern LINE_START_MARKUP = Pattern.compile("^([#>+=|~-]|\\d{1,9}(?=[.)]))");

  /** {@code block} (lines of one paragraph of plain text) as Markdown blocks. */
  static List<String> of(String block) {
    List<String> out = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    Run current = null;
    for (String line : block.split("\n")) {
      Run run = runOf(line);
      if (run == Run.PARAGRAPH && (current == Run.BULLETS || current == Run.STEPS)) {
        lines.add(escapeLine(line)); // a lazy continuation: text after an item stays with it ("1. Prazo\nAté 30 dias")
        continue;
      }
      if (run != current && !lines.isEmpty()) {
        out.add(String.join("\n", lines));
        lines.clear();
      }
      current = run;
      lines.add(switch (run) {
        case BULLETS -> "- " + escapeLine(line.substring(1).strip());
        case STEPS -> {
          Matcher step = STEP.matcher(line);
          step.matches();
          yield step.group(1) + ". " + escapeLine(step.group(2));
        }
        case TABLE -> "| " + escape(line) + " |";
        case PARAGRAPH -> escapeLine(line);
      });
    }
    if (!lines.isEmpty()) out.add(String.join("\n", lines));
    return out;
  }

  private static Run runOf(String line) {
    if (line.equals("-") || line.startsWith("- ")) return Run.BULLETS;
    if (STEP.matcher(line).matches()) return Run.STEPS;
    if (line.contains(" | ")) return Run.TABLE;
    return Run.PARAGRAPH;
  }

  /** {@code text} with inline markup and {@code #} escaped: a heading's text (no closing sequence) or a table row. */
  static String escape(String text) {
    return escapeInline(text).replace("#", "\\#");
  }

  /** A line of a paragraph or a list item's text: inline markup escaped, and what would open a block. */
  private static String escapeLine(String line) {
    return LINE_START_MARKUP.matcher(escapeInline(line)).replaceFirst(m -> Matcher.quoteReplacement(
        Character.isDigit(m.group().charAt(0)) ? m.group() + "\\" : "\\" + m.group()));
  }

  private static String escapeInline(String text) {
    return INLINE_MARKUP.matcher(text).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
  }
}
