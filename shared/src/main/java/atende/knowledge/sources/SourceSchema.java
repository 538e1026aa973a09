package atende.knowledge.sources;

/**
 * {@code knowledgeSources/{sourceId}} (docs/design.md "Knowledge sources"): what an operator writes,
 * then what the sync writes back. Field names, once.
 */
public final class SourceSchema {
  public static final String COLLECTION = "knowledgeSources";

  // Written by the operator.
  /** A web page, PDF, Markdown, CSV or text file (http or https). */
  public static final String URL = "url";
  /** Pasted content (Markdown headings are understood). */
  public static final String TEXT = "text";
  public static final String TITLE = "title";
  public static final String KIND = "kind";
  public static final String TAGS = "tags";
  /** The Evolution instance the knowledge is for; absent = every instance. */
  public static final String INSTANCE = "instance";
  /** False keeps the source but removes its chunks; absent = true. */
  public static final String ENABLED = "enabled";
  /** True = fetch again now; the sync sets it back to false. */
  public static final String RESYNC = "resync";

  // Written by the sync.
  /** A {@link SourceStatus} wire value. */
  public static final String STATUS = "status";
  /** How many chunks the source has in {@code knowledge/*}. */
  public static final String CHUNKS = "chunks";
  public static final String SYNCED_AT = "syncedAt";
  /** {@code {code, message}} of the last failed sync; null after a good one. */
  public static final String ERROR = "error";
  public static final String ERROR_CODE = "code";
  public static final String ERROR_MESSAGE = "message";
  /** What the last sync changed: {@code {written, deleted, dropped}} chunk counts. */
  public static final String LAST_CHANGE = "lastChange";
  /** The format read ({@code html}, {@code pdf}, {@code markdown}, {@code csv}, {@code text}). */
  public static final String FORMAT = "format";

  private SourceSchema() {}
}
