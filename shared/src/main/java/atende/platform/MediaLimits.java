package atende.platform;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the AI turn sends to Gemini at most, per media message (docs/architecture.md "Media"). Beyond a
 * limit no part is sent and the customer gets an honest reply. The defaults are the smallest documented
 * Vertex AI limit where one exists, and a cost cap where the documented limit is far above anything a
 * support chat needs:
 * <ul>
 *   <li>{@code ATENDE_MEDIA_MAX_BYTES} (7 MB): an image sent inline may be at most 7 MB (Vertex "Image
 *       understanding": "Maximum file size per file for inline data ... 7 MB"); a whole inline request at
 *       most 20 MB (docs/reference/gcp.md), which the engine checks on top.
 *   <li>{@code ATENDE_MEDIA_MAX_AUDIO_SECONDS} (600): Vertex takes about 8.4 hours, but at 32 tokens a
 *       second ten minutes is already 19,200 input tokens; WhatsApp voice notes are rarely longer.
 *   <li>{@code ATENDE_MEDIA_MAX_VIDEO_SECONDS} (120): video costs about ten times audio per second.
 *   <li>{@code ATENDE_MEDIA_MAX_PDF_PAGES} (100): Vertex reads up to 1,000 pages per PDF (900 on Gemini 3
 *       Pro), 560 tokens a page at the default resolution.
 * </ul>
 */
public record MediaLimits(long maxBytes, int maxAudioSeconds, int maxVideoSeconds, int maxPdfPages) {
  public static final MediaLimits DEFAULT = new MediaLimits(7L * 1024 * 1024, 600, 120, 100);

  /** The limits from {@code ATENDE_MEDIA_MAX_*}; an absent, unparsable or non-positive value keeps its default. */
  public static MediaLimits from(UnaryOperator<String> env) {
    return new MediaLimits(
        positive(env, "ATENDE_MEDIA_MAX_BYTES").orElse(DEFAULT.maxBytes),
        positive(env, "ATENDE_MEDIA_MAX_AUDIO_SECONDS").map(Math::toIntExact).orElse(DEFAULT.maxAudioSeconds),
        positive(env, "ATENDE_MEDIA_MAX_VIDEO_SECONDS").map(Math::toIntExact).orElse(DEFAULT.maxVideoSeconds),
        positive(env, "ATENDE_MEDIA_MAX_PDF_PAGES").map(Math::toIntExact).orElse(DEFAULT.maxPdfPages));
  }

  private static Optional<Long> positive(UnaryOperator<String> env, String name) {
    try {
      return Optional.ofNullable(env.apply(name)).map(String::trim).map(Long::parseLong).filter(v -> v > 0 && v <= Integer.MAX_VALUE);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
