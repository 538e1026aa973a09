package atende.evolution;

/**
 * What a media message says about its file. It never carries bytes: fetch them later with
 * {@code POST /chat/getBase64FromMediaMessage/{instance}} and the message's key id. Every field is
 * null when Evolution did not send it.
 */
public record Media(
    String mimetype,
    String caption,
    Integer seconds,
    String fileName,
    Long fileLength,
    Boolean ptt,
    String url,
    String directPath) {}
