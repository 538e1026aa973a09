package atende.evolution;

import atende.platform.WireEnum;
import java.util.EnumSet;
import java.util.Set;

/** The kind of content a WhatsApp message carries (docs/design.md {@code messages.type}). */
public enum MessageType implements WireEnum {
  TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, LOCATION, CONTACT, OTHER;

  /** The types whose bytes the model can hear or see (docs/design.md "Media"). */
  public static final Set<MessageType> MEDIA = EnumSet.of(AUDIO, IMAGE, VIDEO, DOCUMENT, STICKER);

  public boolean isMedia() {
    return MEDIA.contains(this);
  }
}
