package atende.agent;

import atende.platform.WireEnum;

/** Why a customer's media was not given to the model; stored as {@code media.unread}. */
public enum MediaProblem implements WireEnum {
  /** A type Gemini does not take (a Word file, a zip) or that the message does not declare. */
  UNSUPPORTED_TYPE,
  /** Longer than {@code ATENDE_MEDIA_MAX_AUDIO_SECONDS} / {@code ATENDE_MEDIA_MAX_VIDEO_SECONDS}. */
  TOO_LONG,
  /** Larger than {@code ATENDE_MEDIA_MAX_BYTES}, or than what is left of one inline request. */
  TOO_LARGE,
  /** A PDF with more pages than {@code ATENDE_MEDIA_MAX_PDF_PAGES}. */
  TOO_MANY_PAGES,
  /** The bytes could not be had: no payload bytes and the fetch from Evolution failed, or the read back did. */
  NOT_FETCHED,
  /** Sent, or could have been, but nothing came back for it: the offline engine, a fallback, a second audio. */
  NOT_UNDERSTOOD
}
