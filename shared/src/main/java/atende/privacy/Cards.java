package atende.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers inside free text, as people type them on WhatsApp: contiguous or in groups
 * separated by one space, dot or dash. A number is a card only when it has a card's shape, a card
 * network's first digit and a valid Luhn check digit (ISO/IEC 7812-1): an order number or a tracking
 * code that fails the check stays as typed, and so does a run of 44 or more digits (a boleto's
 * linha digitável, 47 or 48 digits, a barcode or an NF-e key, 44): cutting a card-shaped piece out of
 * it would leave the customer's document half masked and useless to the operator.
 */
public final class Cards {
  private Cards() {}

  /** Groups of digits joined by single separators, not glued to letters or other digits. */
  private static final Pattern RUN = Pattern.compile("(?<![\\p{L}\\p{N}])\\d+(?:[ .-]\\d+)*(?![\\p{L}\\p{N}])");
  private static final Pattern GROUP = Pattern.compile("\\d+");

  /** The longest document number that is no card (boleto barcodes and NF-e keys have 44 digits). */
  private static final int DOCUMENT_DIGITS = 44;

  /** Every card number in {@code text} replaced by {@code •••• } and its last four digits. */
  public static String mask(String text) {
    return replace(text, new boolean[1]);
  }

  /** As {@link #mask}; {@code found[0]} tells whether anything was masked. */
  static String replace(String text, boolean[] found) {
    if (text == null) return null;
    Matcher run = RUN.matcher(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    while (run.find()) {
      List<int[]> groups = new ArrayList<>();
      Matcher group = GROUP.matcher(text).region(run.start(), run.end());
      int digits = 0;
      while (group.find()) {
        groups.add(new int[] {group.start(), group.end()});
        digits += group.end() - group.start();
      }
      if (digits >= DOCUMENT_DIGITS) continue;
      for (int i = 0; i < groups.size(); i++) {
        int end = cardEndingAt(text, groups, i);
        if (end < 0) continue;
        int from = groups.get(i)[0];
        int to = groups.get(end)[1];
        String number = digitsOf(text.substring(from, to));
        out.append(text, copied, from).append(Secret.CARD.placeholder).append(number.substring(number.length() - 4));
        copied = to;
        found[0] = true;
        i = end;
      }
    }
    return out.append(text, copied, text.length()).toString();
  }

  /** The last group of the longest card that starts at group {@code first}, or -1. */
  private static int cardEndingAt(String text, List<int[]> groups, int first) {
    for (int last = Math.min(groups.size() - 1, first + 4); last >= first; last--) {
      int[] sizes = new int[last - first + 1];
      for (int k = 0; k < sizes.length; k++) sizes[k] = groups.get(first + k)[1] - groups.get(first + k)[0];
      if (!cardShape(sizes)) continue;
      String number = digitsOf(text.substring(groups.get(first)[0], groups.get(last)[1]));
      if (isCardNumber(number)) return last;
    }
    return -1;
  }

  /**
   * How cards are written: all at once, in fours (the last group shorter for 13, 14, 15, 17, 18 and
   * 19 digits), or Amex and Diners' 4-6-5 and 4-6-4.
   */
  private static boolean cardShape(int[] sizes) {
    if (sizes.length == 1) return true;
    if (sizes.length == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) return true;
    if (sizes.length < 4) return false;
    for (int k = 0; k < sizes.length - 1; k++) if (sizes[k] != 4) return false;
    return sizes[sizes.length - 1] >= 1 && sizes[sizes.length - 1] <= 4;
  }

  /**
   * 13 to 19 digits (ISO/IEC 7812), starting as a card network's numbers do (2 and 5 Mastercard, 3
   * Amex, Diners and JCB, 4 Visa and Elo, 6 Elo, Hipercard and Discover), with a valid Luhn digit;
   * 13 digits only for Visa's old numbers, so that 55 + area code + 9 digits, a Brazilian phone
   * number written in full, is never one.
   */
  static boolean isCardNumber(String digits) {
    int length = digits.length();
    if (length < 13 || length > 19) return false;
    char network = digits.charAt(0);
    if (network < '2' || network > '6') return false;
    if (length == 13 && network != '4') return false;
    return luhn(digits);
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return sum % 10 == 0;
  }

  private static String digitsOf(String text) {
    return text.replaceAll("\\D", "");
  }
}
