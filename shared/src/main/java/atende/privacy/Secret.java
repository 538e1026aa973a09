package atende.privacy;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** What a customer may type that must never reach the model, Firestore or a log: what {@link Redaction} removes. */
public enum Secret {
  CARD("•••• "),
  CVV("[cvv omitido]"),
  PASSWORD("[senha omitida]"),
  /** A one-time code: SMS verification, a bank token. */
  CODE("[código omitido]");

  /** What the customer's text shows in its place (pt-BR: operators read it in the console). */
  final String placeholder;

  Secret(String placeholder) {
    this.placeholder = placeholder;
  }

  /** The name stored on a message ({@code redacted: ["card", "password"]}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> wire(Collection<Secret> secrets) {
    return secrets.stream().sorted().map(Secret::wire).toList();
  }
}
