package atende.local;

import atende.agent.MediaTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link FakeVertex} reads the media parts of a request, as Vertex AI does, with the sources:
 * <ul>
 *   <li>MIME types: Vertex AI "Audio understanding", "Image understanding", "Video understanding" and
 *       "Document understanding" pages, as {@link MediaTypes#ACCEPTED} lists them. A type with parameters ({@code audio/ogg; codecs=opus}) is not in
 *       those lists and is refused like any unknown type ("Unsupported MIME type: ...",
 *       google/generative-ai-go#161 and #198).
 *   <li>{@code inlineData.data} must be base64: otherwise "Invalid value at
 *       'contents[i].parts[j].inline_data.data' (TYPE_BYTES), Base64 decoding failed" (protobuf JSON
 *       mapping; vercel/ai#3391 shows Vertex's wording).
 *   <li>{@code fileData.fileUri}: with ADC, a {@code gs://} object Vertex cannot read (missing, or its
 *       service agent lacks access) is 400 "Cannot fetch content from the provided URL."
 *       (googleapis/js-genai#1385); in express mode, with no project behind the key, a {@code gs://} URI
 *       is taken as unusable, "Unsupported file uri" (langchain-ai/langchain-google#999) — pessimistic.
 *   <li>"Maximum number of audio files per prompt: 1" (Vertex "Audio understanding"): a second audio
 *       part is refused, with the generic "Request contains an invalid argument." — pessimistic, the
 *       real service may accept it.
 *   <li>Tokens: audio 32 per second (Gemini API "Audio understanding"), its length read from an Ogg
 *       stream's last granule position (Opus counts 48,000 per second) or, for other containers, from
 *       the size at 16 kbps ("Gemini downsamples audio files to a 16 Kbps data resolution"); an image
 *       1,120 and a PDF page 560 (Vertex's "Default resolution tokens" for Gemini 3); video 70 per
 *       frame at one frame a second plus 32 for its audio, its length from the size at 500 kbps (a
 *       guess, on the long side for WhatsApp's compressed videos). Text at four characters a token.
 * </ul>
 */
final class VertexMedia {
  private VertexMedia() {}

  static final int AUDIO_TOKENS_PER_SECOND = 32;
  static final int IMAGE_TOKENS = 1_120;
  static final int PDF_PAGE_TOKENS = 560;
  static final int VIDEO_TOKENS_PER_SECOND = 70 + AUDIO_TOKENS_PER_SECOND;
  private static final Set<String> DATA_FIELDS = Set.of("text", "inlineData", "fileData", "functionCall", "functionResponse",
      "executableCode", "codeExecutionResult");
  private static final Pattern PDF_PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");

  /** A request's prompt tokens by modality, or the 400 Vertex would answer instead. */
  record Counted(Map<String, Integer> byModality, FakeVertex.Reply refusal) {
    static final Counted NONE = new Counted(Map.of("TEXT", 1), null);

    int promptTokens() {
      return byModality.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  static Counted count(FakeVertex.Request request, Function<String, Optional<byte[]>> files) {
    boolean express = !request.path().contains("/projects/");
    Map<String, Integer> tokens = new LinkedHashMap<>();
    ObjectNode withoutData = request.body().deepCopy();
    int audioParts = 0;
    int c = 0;
    for (JsonNode content : withoutData.path("contents")) {
      int p = 0;
      for (JsonNode part : content.path("parts")) {
        String where = "contents[" + c + "].parts[" + p++ + "]";
        long data = DATA_FIELDS.stream().filter(part::has).count();
        if (data != 1) return refuse("Request contains an invalid argument.");
        JsonNode media = part.has("inlineData") ? part.get("inlineData") : part.get("fileData");
        if (media == null) continue;
        String mime = media.path("mimeType").asText("");
        if (mime.isEmpty()) return refuse("Request contains an invalid argument.");
        if (!MediaTypes.ACCEPTED.contains(mime)) return refuse("Unsupported MIME type: " + mime);
        byte[] bytes;
        if (part.has("inlineData")) {
          try {
            bytes = Base64.getDecoder().decode(media.path("data").asText(""));
          } catch (IllegalArgumentException e) {
            return refuse("Invalid value at '" + where + ".inline_data.data' (TYPE_BYTES), Base64 decoding failed");
          }
          if (bytes.length == 0) return refuse("Request contains an invalid argument.");
          ((ObjectNode) media).remove("data");
        } else {
          String uri = media.path("fileUri").asText("");
          if (express || !uri.startsWith("gs://")) return refuse("Unsupported file uri: " + uri);
          Optional<byte[]> object = files.apply(uri);
          if (object.isEmpty()) return refuse("Cannot fetch content from the provided URL.");
          bytes = object.get();
        }
        if (mime.startsWith("audio/") && ++audioParts > 1) return refuse("Request contains an invalid argument.");
        tokens.merge(modality(mime), tokens(mime, bytes), Integer::sum);
      }
      c++;
    }
    Map<String, Integer> byModality = new LinkedHashMap<>();
    byModality.put("TEXT", FakeVertex.estimateTokens(withoutData.toString()));
    tokens.forEach((modality, n) -> byModality.merge(modality, n, Integer::sum));
    return new Counted(byModality, null);
  }

  private static Counted refuse(String message) {
    return new Counted(Map.of(), FakeVertex.Reply.error(400, "INVALID_ARGUMENT", message));
  }

  private static String modality(String mime) {
    if (mime.startsWith("audio/")) return "AUDIO";
    if (mime.startsWith("image/")) return "IMAGE";
    if (mime.startsWith("video/")) return "VIDEO";
    return mime.equals("text/plain") ? "TEXT" : "DOCUMENT";
  }

  private static int tokens(String mime, byte[] bytes) {
    return switch (modality(mime)) {
      case "AUDIO" -> (int) Math.ceil(audioSeconds(mime, bytes)) * AUDIO_TOKENS_PER_SECOND;
      case "IMAGE" -> IMAGE_TOKENS;
      case "VIDEO" -> (int) Math.max(1, bytes.length / 62_500) * VIDEO_TOKENS_PER_SECOND;
      case "DOCUMENT" -> pdfPages(bytes) * PDF_PAGE_TOKENS;
      default -> Math.max(1, bytes.length / 4);
    };
  }

  /** An Ogg stream's length: the granule position of its last page over Opus's 48 kHz; else the size at 16 kbps. */
  static double audioSeconds(String mime, byte[] bytes) {
    if (mime.toLowerCase(Locale.ROOT).equals("audio/ogg")) {
      for (int i = bytes.length - 27; i >= 0; i--) {
        if (bytes[i] == 'O' && bytes[i + 1] == 'g' && bytes[i + 2] == 'g' && bytes[i + 3] == 'S') {
          long granule = 0;
          for (int b = 7; b >= 0; b--) granule = (granule << 8) | (bytes[i + 6 + b] & 0xff);
          if (granule > 0) return granule / 48_000.0;
          break;
        }
      }
    }
    return bytes.length * 8 / 16_000.0;
  }

  static int pdfPages(byte[] bytes) {
    Matcher pages = PDF_PAGE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
    int n = 0;
    while (pages.find()) n++;
    return Math.max(1, n);
  }
}
