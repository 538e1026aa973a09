package atende.knowledge.sources;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The formats a knowledge source may come in, and how to tell which one a body is. */
public enum SourceFormat {
  HTML,
  PDF,
  MARKDOWN,
  CSV,
  TEXT;

  /** What an operator whose file was refused can do instead. */
  static final String USE_A_SUPPORTED_FORMAT = "use a web page, a PDF, a Markdown, CSV or plain text file";

  private static final Map<String, SourceFormat> BY_MEDIA_TYPE = Map.of(
      "text/html", HTML, "application/xhtml+xml", HTML,
      "application/pdf", PDF, "application/x-pdf", PDF,
      "text/markdown", MARKDOWN, "text/x-markdown", MARKDOWN,
      "text/csv", CSV, "application/csv", CSV, "text/comma-separated-values", CSV);

  /**
   * Media types that say nothing about the format: servers send text/plain for raw .md and .csv
   * files (GitHub's raw files do) and octet-stream for downloads, so the name and the bytes decide.
   */
  private static final Set<String> UNDECIDED = Set.of(
      "", "text/plain", "application/octet-stream", "binary/octet-stream", "application/download",
      "application/x-download", "application/force-download", "application/unknown");

  private static final Map<String, SourceFormat> BY_EXTENSION = Map.of(
      "html", HTML, "htm", HTML, "xhtml", HTML, "pdf", PDF, "md", MARKDOWN, "markdown", MARKDOWN,
      "csv", CSV, "txt", TEXT, "text", TEXT);

  /**
   * The format of {@code body}: from the media type when it names one, else from the extension of
   * {@code name}, else by sniffing the first bytes ({@code %PDF-}, {@code <!doctype html},
   * {@code <html}), else plain text.
   *
   * @param mediaType the Content-Type header value, parameters allowed ({@code text/html; charset=…}),
   *     or null
   * @param name the URL path or file name, or null
   * @throws UnreadableSourceException when the media type names a format Atende does not read (an
   *     image, a Word document, a spreadsheet) and neither the name nor the bytes say otherwise
   */
  public static SourceFormat detect(byte[] body, String mediaType, String name) {
    String type = mediaTypeOf(mediaType);
    SourceFormat byType = BY_MEDIA_TYPE.get(type);
    if (byType != null) return byType;
    SourceFormat byName = BY_EXTENSION.get(extensionOf(name));
    if (byName != null) return byName;
    SourceFormat sniffed = sniff(body);
    if (sniffed != null) return sniffed;
    if (UNDECIDED.contains(type) || type.startsWith("text/")) return TEXT;
    throw new UnreadableSourceException("the file is " + type + ", which Atende cannot read: " + USE_A_SUPPORTED_FORMAT);
  }

  /** The media type without parameters, lower case; empty when absent. */
  static String mediaTypeOf(String contentType) {
    if (contentType == null) return "";
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private static String extensionOf(String name) {
    if (name == null) return "";
    String path = name;
    int cut = path.indexOf('?');
    if (cut >= 0) path = path.substring(0, cut);
    cut = path.indexOf('#');
    if (cut >= 0) path = path.substring(0, cut);
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  /**
   * PDF readers accept junk before the header within the first kilobyte (Adobe's implementation
   * note 13 to ISO 32000), so the marker is looked for there; HTML must start with its doctype or
   * {@code <html>} after white space and a byte-order mark.
   */
  private static SourceFormat sniff(byte[] body) {
    String head = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.ISO_8859_1);
    if (head.contains("%PDF-")) return PDF;
    String start = head.replace("\u00EF\u00BB\u00BF", "").stripLeading().toLowerCase(Locale.ROOT);
    if (start.startsWith("<!doctype html") || start.startsWith("<html")) return HTML;
    return null;
  }
}
