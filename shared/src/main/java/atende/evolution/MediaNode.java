package atende.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A media message's node ({@code {"audioMessage": {...}}}) as Evolution sent it, minus its bytes, as
 * a Firestore-ready map: what {@code getBase64FromMediaMessage} gets back as {@code message.message}
 * to download the file again. Evolution's service (whatsapp.baileys.service.ts) finds the media by
 * that content key and hands the node to Baileys' {@code downloadContentFromMessage}, which reads
 * {@code url}, {@code directPath} and {@code mediaKey}; the descriptive scalars (mimetype, fileLength,
 * caption, fileName, height, width, seconds, ptt) come back in its answer.
 */
final class MediaNode {
  private MediaNode() {}

  /** Bytes sent as base64 strings (up to 2.3.5): thumbnails, hashes, waveforms; none is needed to download. */
  private static final Set<String> BYTE_FIELDS = Set.of(
      "base64", "jpegThumbnail", "pngThumbnail", "fileSha256", "fileEncSha256", "thumbnailSha256",
      "thumbnailEncSha256", "midQualityFileSha256", "midQualityFileEncSha256", "waveform", "streamingSidecar",
      "firstFrameSidecar");

  /**
   * The one byte field a download needs (32 bytes): kept as base64, the form Baileys' getMediaKeys
   * decodes from a string, also when 2.3.6+ sent it as an index object {@code {"0": 22, ...}}.
   */
  private static final String MEDIA_KEY = "mediaKey";

  /** Longer than any URL, path or caption WhatsApp sends; anything longer is not a description. */
  private static final int MAX_STRING = 4096;

  private static final int MAX_MEDIA_KEY_BYTES = 64;

  /** {@code {type: {field: scalar, ...}}}; nested objects and arrays (contextInfo, annotations ...) are left out. */
  static Map<String, Object> withoutBytes(String type, JsonNode body) {
    Map<String, Object> node = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (BYTE_FIELDS.contains(name)) continue;
      Object value = name.equals(MEDIA_KEY) ? mediaKey(field.getValue()) : scalar(field.getValue());
      if (value != null) node.put(name, value);
    }
    return Map.of(type, node);
  }

  private static Object scalar(JsonNode value) {
    if (value.isTextual()) return value.textValue().length() <= MAX_STRING ? value.textValue() : null;
    if (value.isBoolean()) return value.booleanValue();
    if (value.isIntegralNumber()) return value.canConvertToLong() ? value.longValue() : null;
    if (value.isFloatingPointNumber()) return value.doubleValue();
    // A protobufjs Long {low, high, unsigned} (2.3.6+) is a number, not a structure.
    return value.isObject() && value.has("low") ? Json.longish(value) : null;
  }

  private static String mediaKey(JsonNode value) {
    if (value.isTextual()) {
      String text = value.textValue();
      return text.length() <= 4 * MAX_MEDIA_KEY_BYTES / 3 + 4 ? text : null;
    }
    if (!value.isObject() || value.size() == 0 || value.size() > MAX_MEDIA_KEY_BYTES) return null;
    byte[] bytes = new byte[value.size()];
    for (int i = 0; i < bytes.length; i++) {
      JsonNode b = value.get(Integer.toString(i));
      if (b == null || !b.isInt() || b.intValue() < 0 || b.intValue() > 255) return null;
      bytes[i] = (byte) b.intValue();
    }
    return Base64.getEncoder().encodeToString(bytes);
  }
}
