package atende.evolution;

import atende.platform.WireEnum;

/** The kind of content a WhatsApp message carries (docs/design.md {@code messages.type}). */
public enum MessageType implements WireEnum {
  TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, LOCATION, CONTACT, OTHER
}
