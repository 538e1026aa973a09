package atende.evolution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a media message says about its file. It never carries bytes: fetch them later with
 * {@code POST /chat/getBase64FromMediaMessage/{instance}}, the message's {@link MessageKey} and
 * {@code node}. Every other field is null when Evolution did not send it.
 *
 * @param node the media node as Evolution sent it, minus bytes ({@code {"imageMessage": {...}}}); see {@link MediaNode}
 */
public record Media(
    String mimetype,
    String caption,
    Integer seconds,
    String fileName,
    Long fileLength,
    Boolean ptt,
    String url,
    String directPath,
    Map<String, Object> node) {

  /** The same media with another caption, in {@link #node} too (a masked one: see {@code atende.privacy.Redaction}). */
  Media withCaption(String newCaption) {
    Map<String, Object> described = new LinkedHashMap<>();
    node.forEach((type, fields) -> {
      @SuppressWarnings("unchecked") // MediaNode builds {type: {field: scalar}}
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) fields);
      copy.computeIfPresent("caption", (name, old) -> newCaption);
      described.put(type, copy);
    });
    return new Media(mimetype, newCaption, seconds, fileName, fileLength, ptt, url, directPath, described);
  }
}
