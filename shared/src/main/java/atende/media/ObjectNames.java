package atende.media;

import java.util.Locale;
import java.util.Map;

/**
 * The object name of a message's media: {@code {instance}/{ticketId}/{messageId}.{ext}}. Deterministic,
 * so the webhook storing the payload's bytes and a turn storing fetched ones write the same object, and
 * a redelivery overwrites it instead of adding another; grouped by ticket so a ticket's media can be
 * found (and erased) by prefix.
 */
public final class ObjectNames {
  private ObjectNames() {}

  /** The types WhatsApp sends (voice notes, photos, stickers, clips, documents); anything else is {@code bin}. */
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("audio/ogg", "ogg"),
      Map.entry("audio/mpeg", "mp3"),
      Map.entry("audio/mp4", "m4a"),
      Map.entry("audio/aac", "aac"),
      Map.entry("audio/amr", "amr"),
      Map.entry("audio/wav", "wav"),
      Map.entry("image/jpeg", "jpg"),
      Map.entry("image/png", "png"),
      Map.entry("image/webp", "webp"),
      Map.entry("image/gif", "gif"),
      Map.entry("video/mp4", "mp4"),
      Map.entry("video/3gpp", "3gp"),
      Map.entry("video/quicktime", "mov"),
      Map.entry("application/pdf", "pdf"),
      Map.entry("text/plain", "txt"),
      Map.entry("text/csv", "csv"),
      Map.entry("application/msword", "doc"),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
      Map.entry("application/vnd.ms-excel", "xls"),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"));

  public static String forMessage(String instance, String ticketId, String messageId, String mimetype) {
    return instance + "/" + ticketId + "/" + messageId + "." + extension(mimetype);
  }

  /** {@code audio/ogg; codecs=opus} → {@code ogg}: parameters and case do not matter. */
  static String extension(String mimetype) {
    if (mimetype == null) return "bin";
    int semicolon = mimetype.indexOf(';');
    String type = (semicolon < 0 ? mimetype : mimetype.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return EXTENSIONS.getOrDefault(type, "bin");
  }
}
