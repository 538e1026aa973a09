package atende.evolution;

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
    Map<String, Object> node) {}
