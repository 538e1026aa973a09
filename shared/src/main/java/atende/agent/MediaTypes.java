package atende.agent;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MIME types Gemini on Vertex AI takes, and WhatsApp's spellings of them. Sources (Vertex AI
 * "Audio understanding (speech only)", "Image understanding", "Video understanding", "Document
 * understanding" pages):
 * <ul>
 *   <li>audio: audio/x-aac, audio/flac, audio/mp3, audio/m4a, audio/mpeg, audio/mpga, audio/mp4,
 *       audio/ogg, audio/pcm, audio/wav, audio/webm; a WhatsApp voice note is {@code audio/ogg;
 *       codecs=opus}, whose parameter Gemini does not take ("Unsupported MIME type" for a type with
 *       parameters, google/generative-ai-go#198);
 *   <li>image: image/png, image/jpeg, image/webp, image/heic, image/heif (a sticker is image/webp);
 *   <li>video: video/x-flv, video/quicktime, video/mpeg, video/mpegs, video/mpg, video/mp4, video/webm,
 *       video/wmv, video/3gpp;
 *   <li>documents: application/pdf, text/plain.
 * </ul>
 * Anything else (a .docx, a spreadsheet, a zip) is not sent.
 */
public final class MediaTypes {
  private MediaTypes() {}

  /** Vertex's documented lists, in one place: the local Vertex stand-in refuses what is not in them. */
  public static final Set<String> ACCEPTED = Set.of(
      "audio/x-aac", "audio/flac", "audio/mp3", "audio/m4a", "audio/mpeg", "audio/mpga", "audio/mp4", "audio/ogg",
      "audio/pcm", "audio/wav", "audio/webm",
      "image/png", "image/jpeg", "image/webp", "image/heic", "image/heif",
      "video/x-flv", "video/quicktime", "video/mpeg", "video/mpegs", "video/mpg", "video/mp4", "video/webm", "video/wmv",
      "video/3gpp",
      "application/pdf", "text/plain");

  /** Other spellings senders use for an accepted type. */
  private static final Map<String, String> ALIASES = Map.of(
      "audio/aac", "audio/x-aac",
      "audio/x-m4a", "audio/m4a",
      "audio/x-wav", "audio/wav",
      "audio/wave", "audio/wav",
      "audio/x-flac", "audio/flac",
      // WhatsApp's Opus voice notes travel in an Ogg container.
      "audio/opus", "audio/ogg",
      "image/jpg", "image/jpeg");

  /** {@code declared} as Gemini takes it: parameters dropped, lower case, aliases resolved; empty when Gemini cannot take it. */
  public static Optional<String> forGemini(String declared) {
    if (declared == null) return Optional.empty();
    int semicolon = declared.indexOf(';');
    String bare = (semicolon < 0 ? declared : declared.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    String type = ALIASES.getOrDefault(bare, bare);
    return ACCEPTED.contains(type) ? Optional.of(type) : Optional.empty();
  }
}
