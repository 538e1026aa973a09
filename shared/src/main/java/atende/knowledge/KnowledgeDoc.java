package atende.knowledge;

import java.util.List;
import java.util.Objects;

/**
 * One knowledge-base entry ({@code knowledge/{docId}} in Firestore, docs/design.md).
 *
 * @param id document id, also the tie-breaker for deterministic ordering
 * @param title short title, e.g. "Como redefinir sua senha"
 * @param content the text customers may be told; the offline engine quotes it, never embellishes it
 * @param kind FAQ, procedure, policy or contact
 * @param tags extra search words (synonyms, slang); may be empty
 * @param language BCP 47 tag, e.g. {@code pt-BR}
 * @param source where it came from, for an answer to name: the source's title or page, empty for an
 *     entry typed in the console
 */
public record KnowledgeDoc(
    String id, String title, String content, KnowledgeKind kind, List<String> tags, String language, String source) {

  /** An entry typed in the console: its own title is its source. */
  public KnowledgeDoc(String id, String title, String content, KnowledgeKind kind, List<String> tags, String language) {
    this(id, title, content, kind, tags, language, "");
  }

  public KnowledgeDoc {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    content = content == null ? "" : content;
    kind = kind == null ? KnowledgeKind.FAQ : kind;
    tags = tags == null ? List.of() : List.copyOf(tags);
    language = language == null || language.isBlank() ? "pt-BR" : language;
    source = source == null ? "" : source;
  }
}
