package atende.knowledge.sources;

import atende.knowledge.KnowledgeKind;
import atende.platform.Ids;
import atende.platform.WireEnum;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator wrote in {@code knowledgeSources/{id}}: where the content comes from and how its
 * chunks are labelled. Only these fields decide whether a sync is needed; what the sync writes back
 * (status, counts, errors) is not part of a source, so the sync's own writes never trigger another.
 *
 * @param url a page or file to fetch, or null
 * @param text pasted content, or null
 * @param title the operator's title, or null (the content's own title is used)
 * @param kind what kind of knowledge its chunks are (default FAQ)
 * @param tags extra search words for every chunk
 * @param instance the Evolution instance it is for, or null for every instance
 * @param enabled false = keep the source, remove its chunks
 * @param resync true = the operator asked for a fetch now
 */
public record KnowledgeSource(String id, String url, String text, String title, KnowledgeKind kind,
    List<String> tags, String instance, boolean enabled, boolean resync) {

  public KnowledgeSource {
    Objects.requireNonNull(id, "id");
    url = blankToNull(url);
    text = blankToNull(text);
    title = blankToNull(title);
    kind = kind == null ? KnowledgeKind.FAQ : kind;
    tags = tags == null ? List.of() : List.copyOf(tags);
    instance = blankToNull(instance);
  }

  /** The source as the document's fields describe it; unknown values fall back to the defaults. */
  public static KnowledgeSource of(String id, Map<String, Object> fields) {
    List<String> tags = fields.get(SourceSchema.TAGS) instanceof List<?> list
        ? list.stream().filter(Objects::nonNull).map(String::valueOf).toList() : List.of();
    return new KnowledgeSource(id, string(fields, SourceSchema.URL), string(fields, SourceSchema.TEXT),
        string(fields, SourceSchema.TITLE),
        WireEnum.parse(KnowledgeKind.class, string(fields, SourceSchema.KIND)).orElse(KnowledgeKind.FAQ), tags,
        string(fields, SourceSchema.INSTANCE), !Boolean.FALSE.equals(fields.get(SourceSchema.ENABLED)),
        Boolean.TRUE.equals(fields.get(SourceSchema.RESYNC)));
  }

  /** Why the operator must fix the document before it can sync, if they must. */
  public Optional<String> problem() {
    if (url == null && text == null) return Optional.of("a source needs a url or a text");
    if (url != null && text != null) return Optional.of("a source has either a url or a text, not both: remove one");
    return Optional.empty();
  }

  /**
   * A digest of everything that shapes the chunks; a write that leaves it (and {@code resync}) unchanged
   * needs no sync.
   */
  public String fingerprint() {
    return Ids.shortHash(String.join("\u0000", String.valueOf(url), String.valueOf(text), String.valueOf(title),
        kind.wire(), String.join("\u0001", tags), String.valueOf(instance), String.valueOf(enabled)));
  }

  /** What a person reading an answer would call it: the title, else the address. */
  public String displayName() {
    return title != null ? title : url != null ? url : id;
  }

  /**
   * Whether a change from {@code before} to {@code after} (either null when the document did not exist)
   * asks for a sync: created, deleted, content or labels changed, or {@code resync} turned on.
   */
  public static boolean needsSync(KnowledgeSource before, KnowledgeSource after) {
    if (before == null || after == null) return true;
    return !before.fingerprint().equals(after.fingerprint()) || (after.resync() && !before.resync());
  }

  private static String string(Map<String, Object> fields, String name) {
    return fields.get(name) instanceof String s ? s : null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
