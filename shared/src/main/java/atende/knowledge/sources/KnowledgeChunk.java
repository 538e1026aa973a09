package atende.knowledge.sources;

import atende.knowledge.KnowledgeKind;
import atende.platform.Ids;
import java.util.List;

/**
 * One {@code knowledge/*} document made from a source. Its id is {@code <sourceId>-<digest of everything
 * written>}, so a sync that reads the same content names the same documents and writes nothing, an edit
 * names new ones, and what no longer appears is exactly the set to delete.
 *
 * @param sourceTitle what an answer may call the source
 * @param url the page it came from, or null for pasted text
 * @param instance the Evolution instance it is for, or null for every instance
 * @param embeddingModel the model that will embed it, or null when there is none (offline)
 */
public record KnowledgeChunk(String id, String sourceId, String title, String content, KnowledgeKind kind,
    List<String> tags, String instance, String sourceTitle, String url, String embeddingModel) {

  public KnowledgeChunk {
    tags = List.copyOf(tags);
  }

  static KnowledgeChunk of(KnowledgeSource source, String sourceTitle, String title, String content,
      String embeddingModel) {
    String digest = Ids.shortHash(String.join("\u0000", title, content, source.kind().wire(),
        String.join("\u0001", source.tags()), String.valueOf(source.instance()), sourceTitle,
        String.valueOf(source.url()), String.valueOf(embeddingModel)));
    return new KnowledgeChunk(source.id() + "-" + digest, source.id(), title, content, source.kind(), source.tags(),
        source.instance(), sourceTitle, source.url(), embeddingModel);
  }
}
