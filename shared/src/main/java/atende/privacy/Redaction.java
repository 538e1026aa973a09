package atende.privacy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's text with its secrets removed (card numbers, CVVs, passwords, one-time codes), and
 * which kinds were removed. Pure. Applied once, where Evolution's payload becomes a message, so the
 * stored text, the model, the team's notice, the CRM and the logs only ever see the masked text.
 * CPFs stay (the business needs them to find the customer; {@link Cpf} keeps them out of logs).
 *
 * <p>The phrasings are WhatsApp pt-BR: no accents, "q" for "que", "e" for "é". Where a word after
 * "senha" might be the password or might be the sentence going on ("minha senha e nao entra"), a
 * word that looks like a password (digits, symbols or capitals inside) is removed, and so is any
 * word after an unambiguous "é"/"foi"/"ficou"/":" unless it is one of the words a sentence goes on
 * with: removing an ordinary word costs the operator little, leaving a password in costs the customer.
 *
 * @param text    the text to store and show; null when there was none
 * @param removed what was taken out, empty when nothing was
 */
public record Redaction(String text, Set<Secret> removed) {

  public Redaction {
    removed = removed.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(removed));
  }

  /** {@code text} as it is: for what is not a customer's (a person on the business phone). */
  public static Redaction none(String text) {
    return new Redaction(text, Set.of());
  }

  /** A CVV named as such: "cvv 123", "código de segurança: 1234", "o código atrás do cartão é 123". */
  private static final Pattern CVV = Pattern.compile(
      "(?iu)\\b(?:cvv2?|cvc2?|c[oó]d(?:igo|\\.)?\\s+(?:de\\s+)?seguran[cç]a|c[oó]digo\\s+(?:de\\s+)?(?:atr[aá]s|tr[aá]s|do\\s+verso|verso))"
          + "[^\\d\\n•\\[]{0,30}?(?<!\\d)(\\d{3,4})(?!\\d)");

  /** A one-time code: "código de verificação 123456", "token 123456", "o código que chegou no sms foi 483920". */
  private static final Pattern CODE = Pattern.compile(
      "(?iu)\\b(?:token|otp|c[oó]d(?:igo|\\.)?\\s+(?:de\\s+|do\\s+)?(?:verifica[cç][aã]o|confirma[cç][aã]o|acesso|valida[cç][aã]o|sms|autentica[cç][aã]o)"
          + "|c[oó]digo\\s+(?:q|que)\\s+(?:chegou|recebi|veio|mandaram|enviaram))"
          + "[^\\d\\n•\\[]{0,30}?(?<!\\d)(\\d{4,8})(?!\\d)");

  /**
   * "senha", words that may sit between it and the password ("a senha nova", "a senha q eu coloquei",
   * "a senha do app"), then how the password is introduced, then the password itself.
   */
  private static final Pattern PASSWORD = Pattern.compile(
      "(?iuU)\\b(?:senha|password|pin)\\b"
          + "(?:\\s+(?:nova|antiga|atual|certa|provis[oó]ria|tempor[aá]ria|d[oae]s?|app|aplicativo|site|banco|conta|cart[aã]o|acesso|wi-?fi"
          + "|q|que|eu|coloquei|cadastrei|criei|uso|usei|digitei|botei|pus|troquei|mudei|ta|tá|est[aá]|pra|para|mim|minha))*"
          + "(?:\\s*(?<sign>[:=])|\\s+(?<verb>é|eh|e|foi|ficou|fica|era|seria|sendo|virou)\\b:?)?"
          + "\\s*(?:(?:a|o)\\s+)?[\"'“]?(?<secret>[^\\s\"'”]+?)[\"'”]?(?=[.,!?;)]*(?:\\s|$))");

  /** Words a sentence goes on with after "a senha é/foi": never taken for the password. */
  private static final Set<String> SENTENCE_GOES_ON = Set.of(
      "não", "nao", "n", "nunca", "de", "do", "da", "que", "q", "e", "é", "eh", "está", "esta", "ta", "tá", "um", "uma",
      "o", "a", "ela", "minha", "meu", "sua", "seu", "essa", "mesma", "mesmo", "muito", "muita", "bem", "mais", "menos",
      "só", "so", "sempre", "ainda", "já", "ja", "com", "sem", "por", "pra", "para", "no", "na", "em", "se", "isso",
      "errada", "errado", "certa", "certo", "correta", "incorreta", "inválida", "invalida", "válida", "valida", "nova",
      "antiga", "fraca", "forte", "diferente", "igual", "outra", "qual", "aquela", "aquilo", "ok", "normal", "mudada", "pedida");

  /** Removes every secret {@code text} holds; null stays null. */
  public static Redaction of(String text) {
    if (text == null || text.isBlank()) return none(text);
    Set<Secret> removed = EnumSet.noneOf(Secret.class);
    boolean[] card = new boolean[1];
    String masked = Cards.replace(text, card);
    if (card[0]) removed.add(Secret.CARD);
    masked = replaceNumber(masked, CVV, Secret.CVV, removed);
    masked = replaceNumber(masked, CODE, Secret.CODE, removed);
    masked = replacePasswords(masked, removed);
    return new Redaction(masked, removed);
  }

  private static String replaceNumber(String text, Pattern pattern, Secret secret, Set<Secret> removed) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    while (m.find()) {
      out.append(text, copied, m.start(1)).append(secret.placeholder);
      copied = m.end(1);
      removed.add(secret);
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static String replacePasswords(String text, Set<Secret> removed) {
    Matcher m = PASSWORD.matcher(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    while (m.find()) {
      String secret = m.group("secret");
      boolean placeholder = secret.startsWith("[") || m.start() > 0 && text.charAt(m.start() - 1) == '[';
      if (placeholder || !isPassword(secret, m.group("sign") != null || strongVerb(m.group("verb")))) continue;
      out.append(text, copied, m.start("secret")).append(Secret.PASSWORD.placeholder);
      copied = m.end("secret");
      removed.add(Secret.PASSWORD);
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** "e" is WhatsApp's "é" as often as it is "and": only "é", "foi", "ficou" ... announce the password for sure. */
  private static boolean strongVerb(String verb) {
    return verb != null && !verb.equalsIgnoreCase("e");
  }

  /**
   * After an unambiguous "é"/":" any word but those a sentence goes on with (and the participles of
   * "a senha foi bloqueada/trocada"); otherwise only a word that looks like a password.
   */
  private static boolean isPassword(String word, boolean announced) {
    if (looksLikePassword(word)) return true;
    if (!announced) return false;
    String lower = word.toLowerCase(Locale.ROOT);
    return !SENTENCE_GOES_ON.contains(lower) && !lower.matches(".*(?:ada|ado|ida|ido)");
  }

  /** Four or more characters with a digit, a symbol, or a capital after the first letter. */
  private static boolean looksLikePassword(String word) {
    if (word.codePointCount(0, word.length()) < 4) return false;
    boolean digit = word.chars().anyMatch(Character::isDigit);
    boolean symbol = word.chars().anyMatch(c -> !Character.isLetterOrDigit(c));
    boolean innerCapital = word.substring(1).chars().anyMatch(Character::isUpperCase);
    return digit || symbol || innerCapital;
  }
}
