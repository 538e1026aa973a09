package atende.knowledge.sources;

/** Reads a source's content into passages: fetches a URL or takes the pasted text, then extracts and chunks. */
public interface SourceReader {
  SourceContent read(KnowledgeSource source);
}
