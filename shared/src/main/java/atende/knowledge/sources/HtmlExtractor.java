package atende.knowledge.sources;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * A web page's main text with jsoup. What is not content goes first: scripts, styles, embedded
 * frames, forms, navigation, the site's header (an article's own header stays: it holds the
 * article's h1), footers, asides, ARIA navigation/banner/contentinfo landmarks, hidden elements and
 * cookie/consent banners. The main content is then {@code <main>}, else the page's only
 * {@code <article>}, else {@code [role=main]}, else the body; h1–h4 split it into sections.
 */
final class HtmlExtractor {

  private HtmlExtractor() {}

  private static final String NOT_CONTENT = String.join(", ",
      "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "form",
      "button", "nav", "footer", "aside", "[role=navigation]", "[role=banner]", "[role=contentinfo]",
      "[aria-hidden=true]", "[hidden]", "[style~=(?i)display\\s*:\\s*none|visibility\\s*:\\s*hidden]");
  /** Consent banners by their id or class; a large element is not a banner (a page about cookies). */
  private static final String CONSENT_BANNER =
      "[id~=(?i)cookie|consent|gdpr|lgpd], [class~=(?i)cookie|consent|gdpr|lgpd]";
  private static final int BANNER_MAX_CHARS = 1500;
  private static final Set<String> BLOCKS = Set.of(
      "p", "div", "section", "article", "main", "header", "blockquote", "h5", "h6", "dl", "dt", "dd",
      "figure", "figcaption", "address", "details", "summary", "hgroup", "fieldset", "center", "li", "hr");
  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");

  static SourceText extract(byte[] body, String contentType) {
    Document page;
    try {
      page = Jsoup.parse(new ByteArrayInputStream(body), charsetOf(contentType), "");
    } catch (IOException e) {
      throw new UnreadableSourceException("the page could not be read as HTML", e);
    }
    String declaredTitle = declaredTitle(page);
    page.select(NOT_CONTENT).remove();
    page.select("header").stream().filter(header -> header.closest("article, main") == null).forEach(Node::remove);
    page.select(CONSENT_BANNER).stream()
        .filter(banner -> !Set.of("html", "body", "main", "article").contains(banner.normalName()))
        .filter(banner -> banner.text().length() <= BANNER_MAX_CHARS)
        .forEach(Node::remove);
    Element content = mainContent(page);
    Outline outline = new Outline();
    new Walk(outline).children(content);
    Element h1 = content.selectFirst("h1");
    String firstH1 = h1 == null ? "" : h1.text();
    SourceText text = outline.build(title(declaredTitle, firstH1));
    if (text.sections().isEmpty()) {
      throw new UnreadableSourceException("the page has no main text after removing navigation and scripts "
          + "(is it drawn by JavaScript?): link a page or file whose text is in the HTML, or paste the text");
    }
    return text;
  }

  /** The Content-Type's charset when Java knows it; else null, and jsoup reads a BOM, the meta tag, or UTF-8. */
  private static String charsetOf(String contentType) {
    if (contentType == null) return null;
    Matcher m = CHARSET.matcher(contentType);
    if (!m.find()) return null;
    try {
      return Charset.isSupported(m.group(1)) ? m.group(1) : null;
    } catch (IllegalCharsetNameException e) {
      return null;
    }
  }

  private static String declaredTitle(Document page) {
    Element og = page.selectFirst("meta[property=og:title]");
    String ogTitle = og == null ? "" : og.attr("content").strip();
    return ogTitle.isEmpty() ? page.title().strip() : ogTitle;
  }

  /**
   * og:title, else {@code <title>}, else the first h1; the h1 also wins when the declared title only
   * adds the site's name to it ("Prazos de entrega | Loja Exemplo").
   */
  private static String title(String declared, String firstH1) {
    if (declared.isEmpty()) return firstH1;
    if (!firstH1.isEmpty() && declared.toLowerCase(Locale.ROOT).contains(firstH1.toLowerCase(Locale.ROOT))) {
      return firstH1;
    }
    return declared;
  }

  private static Element mainContent(Document page) {
    Element main = page.selectFirst("main");
    if (main != null) return main;
    List<Element> articles = page.select("article");
    if (articles.size() == 1) return articles.getFirst();
    Element roleMain = page.selectFirst("[role=main]");
    return roleMain != null ? roleMain : page.body();
  }

  /** Document-order walk: headings open sections, blocks end the running paragraph. */
  private static final class Walk {
    private final Outline outline;
    private final StringBuilder paragraph = new StringBuilder();

    Walk(Outline outline) {
      this.outline = outline;
    }

    void children(Element element) {
      for (Node child : element.childNodes()) node(child);
      endParagraph();
    }

    private void node(Node node) {
      if (node instanceof TextNode text) {
        paragraph.append(text.text());
        return;
      }
      if (!(node instanceof Element element)) return;
      String tag = element.normalName();
      switch (tag) {
        case "h1", "h2", "h3", "h4" -> {
          endParagraph();
          outline.heading(tag.charAt(1) - '0', element.text());
        }
        case "br" -> paragraph.append('\n');
        case "ul", "ol" -> {
          endParagraph();
          outline.block(list(element));
        }
        case "table" -> {
          endParagraph();
          outline.block(table(element));
        }
        case "pre" -> {
          endParagraph();
          outline.block(element.wholeText());
        }
        default -> {
          boolean block = BLOCKS.contains(tag);
          if (block) endParagraph();
          for (Node child : element.childNodes()) node(child);
          if (block) endParagraph();
        }
      }
    }

    private void endParagraph() {
      outline.block(paragraph.toString());
      paragraph.setLength(0);
    }
  }

  /** One line per item, {@code "- "} or the item's number; nested lists follow on their own lines. */
  private static String list(Element list) {
    List<String> lines = new ArrayList<>();
    boolean ordered = list.normalName().equals("ol");
    int number = ordered ? parseStart(list.attr("start")) : 0;
    for (Element item : list.children()) {
      if (!item.normalName().equals("li")) continue;
      Element own = item.clone();
      own.select("ul, ol").remove();
      String text = own.text();
      if (!text.isBlank()) lines.add((ordered ? number + ". " : "- ") + text);
      number++;
      for (Element nested : item.select("ul, ol")) {
        if (nested.parent().closest("li") == item) lines.add(list(nested));
      }
    }
    return String.join("\n", lines);
  }

  private static int parseStart(String start) {
    try {
      return start.isBlank() ? 1 : Integer.parseInt(start.strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** One line per row, cells separated by {@code " | "}; empty rows left out. */
  private static String table(Element table) {
    List<String> rows = new ArrayList<>();
    for (Element row : table.select("tr")) {
      List<String> cells = row.select("> th, > td").stream().map(Element::text).toList();
      if (cells.stream().anyMatch(cell -> !cell.isBlank())) rows.add(String.join(" | ", cells));
    }
    return String.join("\n", rows);
  }
}
