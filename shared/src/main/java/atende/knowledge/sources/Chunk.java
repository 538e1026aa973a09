package atende.knowledge.sources;

/**
 * One piece of a source sized for retrieval, written as one {@code knowledge/*} document.
 *
 * @param title the source title and the heading path, joined by {@code " › "}; may be empty when the
 *     source has neither
 * @param content the text customers may be told, whitespace normalised, never empty
 */
public record Chunk(String title, String content) {}
