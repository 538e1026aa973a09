package atende.evolution;

import java.util.Arrays;

/**
 * The media's bytes as the webhook payload carried them in {@code data.message.base64} (Evolution
 * with webhook base64 on, every version from 1.8 to 2.3: whatsapp.baileys.service.ts and
 * whatsapp.business.service.ts set {@code messageRaw.message.base64}). Held in memory only, for the
 * intake to put in the media storage: never written to Firestore.
 */
public sealed interface PayloadMedia {
  /** Complete bytes: valid base64 whose length matches the node's {@code fileLength} when it has one. */
  record Bytes(byte[] bytes) implements PayloadMedia {
    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    /** The length only: a message's toString ends up in logs and assertion messages. */
    @Override
    public String toString() {
      return "Bytes[" + bytes.length + " bytes]";
    }
  }

  /**
   * A {@code base64} that cannot be the file: not base64 (cut short with a note, as in fixture 16), or
   * fewer bytes than {@code fileLength} says. Treated as absent: the turn fetches the media from Evolution.
   */
  record Unusable(String reason) implements PayloadMedia {}
}
