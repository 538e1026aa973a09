package atende.knowledge.sources;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Bytes of a text file (plain text, Markdown, CSV) to a string. */
final class TextDecoding {

  private TextDecoding() {}

  /**
   * Strict UTF-8, else windows-1252: Brazilian Windows and Excel save "ANSI" text in that code page
   * (a superset of ISO-8859-1 in the printable range), and bytes that are not valid UTF-8 are almost
   * always that. A leading byte-order mark is dropped.
   *
   * @throws UnreadableSourceException when the bytes hold NUL characters: a binary file (a Word
   *     document, a zip, an image) named or served as text
   */
  static String decode(byte[] body) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException notUtf8) {
      text = new String(body, Charset.forName("windows-1252"));
    }
    if (text.indexOf('\0') >= 0) {
      throw new UnreadableSourceException("the file is binary, not text: " + SourceFormat.USE_A_SUPPORTED_FORMAT);
    }
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
