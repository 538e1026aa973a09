package atende.privacy;

import java.util.regex.Pattern;

/**
 * The Brazilian taxpayer number (CPF): 11 digits, written {@code 123.456.789-09} or without the
 * punctuation, whose last two digits check the first nine (Receita Federal's modulo-11 rule). It stays
 * in a customer's message, where the business needs it to find the customer, but never in a log.
 */
public final class Cpf {
  private Cpf() {}

  private static final Pattern CANDIDATE = Pattern.compile("(?<![\\p{L}\\p{N}])\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}(?![\\p{L}\\p{N}])");
  static final String MASKED = "***.***.***-**";

  /** Every valid CPF in {@code text} replaced by {@code ***.***.***-**}. */
  public static String mask(String text) {
    if (text == null) return null;
    return CANDIDATE.matcher(text).replaceAll(m -> isValid(m.group().replaceAll("\\D", "")) ? MASKED : m.group());
  }

  static boolean isValid(String digits) {
    if (digits.length() != 11 || digits.chars().distinct().count() == 1) return false;
    return checkDigit(digits, 9) == digits.charAt(9) - '0' && checkDigit(digits, 10) == digits.charAt(10) - '0';
  }

  /** The digit at {@code position}, from the ones before it weighted {@code position + 1} down to 2. */
  private static int checkDigit(String digits, int position) {
    int sum = 0;
    for (int i = 0; i < position; i++) sum += (digits.charAt(i) - '0') * (position + 1 - i);
    int rest = sum % 11;
    return rest < 2 ? 0 : 11 - rest;
  }
}
