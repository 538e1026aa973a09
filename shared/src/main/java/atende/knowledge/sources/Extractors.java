package atende.knowledge.sources;

/**
 * The text of a knowledge source's bytes, whatever its format: web page, PDF, Markdown, CSV of
 * questions and answers, or plain text. Pure parsing: nothing is fetched or written.
 */
public final class Extractors {

  private Extractors() {}

  /**
   * Reads {@code body} as the format {@link SourceFormat#detect} finds.
   *
   * @param mediaType the Content-Type header value ({@code ; charset=} is honoured for HTML), or null
   * @param name the URL path or file name (its extension hints the format), or null
   * @throws UnreadableSourceException with a sentence for the operator when there is no usable text
   */
  public static SourceText extract(byte[] body, String mediaType, String name) {
    if (body.length == 0) throw new UnreadableSourceException("the source is empty");
    return switch (SourceFormat.detect(body, mediaType, name)) {
      case HTML -> HtmlExtractor.extract(body, mediaType);
      case PDF -> PdfExtractor.extract(body);
      case MARKDOWN -> nonEmpty(MarkdownExtractor.extract(TextDecoding.decode(body)));
      case CSV -> CsvExtractor.extract(TextDecoding.decode(body));
      case TEXT -> nonEmpty(PlainTextExtractor.extract(TextDecoding.decode(body), ""));
    };
  }

  private static SourceText nonEmpty(SourceText text) {
    if (text.sections().isEmpty()) throw new UnreadableSourceException("the source has no text");
    return text;
  }
}
