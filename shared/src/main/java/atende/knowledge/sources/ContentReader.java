package atende.knowledge.sources;

import java.nio.charset.StandardCharsets;

/**
 * Reads a source as {@link SourceSync} needs it: fetches a URL safely ({@link SourceFetcher}) or takes the
 * pasted text (read as Markdown, so a pasted "# Frete" is a heading), extracts the main text and chunks it
 * under its headings. The operator's title, when given, heads every chunk's title.
 */
public final class ContentReader implements SourceReader {
  private final SourceFetcher fetcher;

  public ContentReader(SourceFetcher fetcher) {
    this.fetcher = fetcher;
  }

  @Override
  public SourceContent read(KnowledgeSource source) {
    if (source.text() != null) return extract(source, source.text().getBytes(StandardCharsets.UTF_8), "text/markdown", null);
    return switch (fetcher.fetch(source.url())) {
      case FetchResult.Fetched page -> extract(source, page.body(), page.mediaType(), page.finalUrl().getPath());
      case FetchResult.Refused refused -> new SourceContent.Unavailable("fetch_refused", refused.reason());
      case FetchResult.Failed failed -> new SourceContent.Unavailable("fetch_failed", failed.reason());
    };
  }

  private static SourceContent extract(KnowledgeSource source, byte[] body, String mediaType, String name) {
    try {
      SourceFormat format = SourceFormat.detect(body, mediaType, name);
      SourceText text = Extractors.extract(body, mediaType, name);
      if (source.title() != null) text = new SourceText(source.title(), text.sections());
      Chunking chunking = Chunker.chunks(text);
      return new SourceContent.Read(text.title(), format.name().toLowerCase(java.util.Locale.ROOT), chunking.chunks(),
          chunking.dropped());
    } catch (UnreadableSourceException e) {
      return new SourceContent.Unavailable("unreadable", e.getMessage());
    }
  }
}
