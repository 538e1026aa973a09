package atende.knowledge;

/**
 * {@code knowledge/{docId}} (docs/design.md "Firestore data model"): every field name, once. Entries an
 * operator types have the first five; chunks made from a {@code knowledgeSources/*} document also carry
 * the source's id, title, address and instance, and an embedding when Gemini is configured.
 */
public final class KnowledgeSchema {
  public static final String COLLECTION = "knowledge";

  public static final String TITLE = "title";
  public static final String CONTENT = "content";
  /** A {@link KnowledgeKind} wire value. */
  public static final String KIND = "kind";
  public static final String TAGS = "tags";
  public static final String LANGUAGE = "language";

  public static final String SOURCE_ID = "sourceId";
  /** The source's title (or address), so an answer can name where it came from. */
  public static final String SOURCE_TITLE = "sourceTitle";
  /** The page the chunk came from; absent for pasted text. */
  public static final String URL = "url";
  /** The Evolution instance the entry is for; absent = every instance. */
  public static final String INSTANCE = "instance";
  /** A Firestore vector (docs/reference/gcp.md "Embeddings"), with the model that made it. */
  public static final String EMBEDDING = "embedding";
  public static final String EMBEDDING_MODEL = "embeddingModel";
  public static final String SYNCED_AT = "syncedAt";

  private KnowledgeSchema() {}
}
