package atende.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A voice note's bytes as WhatsApp records them: an Ogg stream of Opus, whose last page's granule
 * position (48,000 a second) tells its length. The audio itself is silence-sized filler: only the
 * container matters to what the tests check.
 */
final class OggOpus {
  private OggOpus() {}

  static byte[] voiceNote(int seconds) {
    ByteBuffer out = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
    page(out, 0x02, 0, 0, "OpusHead\u0001\u0001\u0038\u0001\u0080\u00bb\u0000\u0000\u0000\u0000\u0000".getBytes(StandardCharsets.ISO_8859_1));
    page(out, 0x04, seconds * 48_000L, 1, new byte[] {(byte) 0xfc, (byte) 0xff, (byte) 0xfe});
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  private static void page(ByteBuffer out, int flags, long granule, int sequence, byte[] payload) {
    out.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granule)
        .putInt(0x4f505553).putInt(sequence).putInt(0).put((byte) 1).put((byte) payload.length).put(payload);
  }
}
