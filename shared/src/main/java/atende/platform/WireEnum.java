package atende.platform;

import java.util.Locale;
import java.util.Optional;

/** An enum whose Firestore/JSON form is its lower-case name (docs/design.md data model). */
public interface WireEnum {
  String name();

  default String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The constant whose wire form is {@code value}, ignoring case; empty for null or unknown. */
  static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String value) {
    if (value == null) return Optional.empty();
    for (E e : type.getEnumConstants()) {
      if (e.wire().equalsIgnoreCase(value.trim())) return Optional.of(e);
    }
    return Optional.empty();
  }
}
