package atende.knowledge.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

/**
 * Markdown (CommonMark) through its syntax tree: ATX and setext headings make the heading path;
 * paragraphs, list items, block quotes and code blocks are the text; HTML blocks keep their text.
 * Without the tables extension a pipe table is a paragraph whose lines start with {@code |}: its rows
 * become {@code "cell | cell"} lines and the delimiter row is dropped. A YAML front matter block is
 * skipped, its {@code title:} used when there is no h1.
 */
final class MarkdownExtractor {

  private MarkdownExtractor() {}

  private static final Parser PARSER = Parser.builder().build();
  private static final Pattern FRONT_MATTER = Pattern.compile("\\A---\\n(.*?)\\n---[ \\t]*(\\n|\\z)", Pattern.DOTALL);
  private static final Pattern FRONT_MATTER_TITLE = Pattern.compile("(?m)^title:\\s*[\"']?(.*?)[\"']?\\s*$");
  private static final Pattern TABLE_DELIMITER_ROW = Pattern.compile("\\|?[\\s:|-]+\\|?");

  static SourceText extract(String markdown) {
    String text = markdown.replace("\r\n", "\n").replace('\r', '\n');
    String title = "";
    Matcher front = FRONT_MATTER.matcher(text);
    if (front.find()) {
      Matcher declared = FRONT_MATTER_TITLE.matcher(front.group(1));
      if (declared.find()) title = declared.group(1);
      text = text.substring(front.end());
    }
    Outline outline = new Outline();
    String firstH1 = null;
    for (Node block = PARSER.parse(text).getFirstChild(); block != null; block = block.getNext()) {
      if (block instanceof Heading heading) {
        String headingText = inline(heading);
        if (heading.getLevel() == 1 && firstH1 == null) firstH1 = headingText;
        outline.heading(heading.getLevel(), headingText);
      } else {
        outline.block(blockText(block));
      }
    }
    return outline.build(firstH1 != null ? firstH1 : title);
  }

  private static String blockText(Node block) {
    return switch (block) {
      case Paragraph paragraph -> paragraph(paragraph);
      case ListBlock list -> list(list);
      case BlockQuote quote -> children(quote);
      case FencedCodeBlock code -> code.getLiteral();
      case IndentedCodeBlock code -> code.getLiteral();
      case HtmlBlock html -> Jsoup.parseBodyFragment(html.getLiteral()).body().wholeText();
      case Heading heading -> inline(heading);
      default -> ""; // thematic breaks, link reference definitions
    };
  }

  /** The blocks inside a container, separated as paragraphs. */
  private static String children(Node container) {
    List<String> parts = new ArrayList<>();
    for (Node child = container.getFirstChild(); child != null; child = child.getNext()) {
      String part = blockText(child);
      if (!part.isBlank()) parts.add(part.strip());
    }
    return String.join("\n\n", parts);
  }

  private static String paragraph(Paragraph paragraph) {
    String text = inline(paragraph);
    List<String> lines = text.lines().map(String::strip).toList();
    if (lines.stream().allMatch(line -> line.startsWith("|"))) {
      List<String> rows = new ArrayList<>();
      for (String line : lines) {
        if (TABLE_DELIMITER_ROW.matcher(line).matches()) continue;
        String row = line.replaceAll("^\\||\\|$", "");
        rows.add(String.join(" | ", List.of(row.split("\\|")).stream().map(String::strip).toList()));
      }
      return String.join("\n", rows);
    }
    return String.join(" ", lines);
  }

  /** One line per item, {@code "- "} or the item's number; nested lists follow on their own lines. */
  private static String list(ListBlock list) {
    List<String> lines = new ArrayList<>();
    int number = list instanceof OrderedList ordered && ordered.getMarkerStartNumber() != null
        ? ordered.getMarkerStartNumber() : 1;
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      if (!(item instanceof ListItem)) continue;
      String marker = list instanceof OrderedList ? (number++) + ". " : "- ";
      List<String> own = new ArrayList<>();
      List<String> nested = new ArrayList<>();
      for (Node child = item.getFirstChild(); child != null; child = child.getNext()) {
        if (child instanceof ListBlock sublist) {
          nested.add(list(sublist));
        } else {
          own.add(blockText(child).strip().replace('\n', ' '));
        }
      }
      lines.add(marker + String.join(" ", own));
      lines.addAll(nested);
    }
    return String.join("\n", lines);
  }

  /** The text of inline content: line breaks kept as {@code \n}, images by their alt text, markup dropped. */
  private static String inline(Node node) {
    StringBuilder out = new StringBuilder();
    appendInline(node, out);
    return out.toString();
  }

  private static void appendInline(Node node, StringBuilder out) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      switch (child) {
        case Text text -> out.append(text.getLiteral());
        case Code code -> out.append(code.getLiteral());
        case SoftLineBreak soft -> out.append('\n');
        case HardLineBreak hard -> out.append('\n');
        default -> appendInline(child, out); // emphasis, links, images (alt text); inline HTML tags have no children
      }
    }
  }
}
