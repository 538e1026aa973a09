package atende.agent;

import atende.knowledge.PtText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The weighted phrase lexicon of the {@link OfflineClassifier}, parsed from
 * {@code atende/agent/offline-lexicon.tsv} (the file documents its own format). Loaded once per
 * class loader; immutable.
 */
final class OfflineLexicon {

  /** What an entry is evidence of. */
  enum Section {
    TECHNICAL, COMMERCIAL, SUPPORT, COMPLAINT, PRAISE,
    CRITICAL, HIGH, MEDIUM, LOW,
    NEGATIVE, POSITIVE,
    HUMAN;

    boolean isCategory() {
      return ordinal() <= PRAISE.ordinal();
    }

    boolean isPriority() {
      return ordinal() >= CRITICAL.ordinal() && ordinal() <= LOW.ordinal();
    }
  }

  /** One position of a phrase pattern. */
  sealed interface Element permits Alt, Gap {}

  /** One of several word sequences (a single word is a sequence of one). */
  record Alt(List<List<String>> options) implements Element {}

  /** Skip 0..{@code max} words; if {@code fillersOnly}, only words from {@link #FILLERS}. */
  record Gap(int max, boolean fillersOnly) implements Element {}

  /**
   * One lexicon line. {@code onWords}: the pattern is matched against folded words instead of
   * stems (used for the human-request section, where "falar" must not match "falei").
   */
  record Entry(Set<Section> sections, double weight, List<Element> pattern, boolean onWords, String phrase) {}

  /** Words a {@code _} gap may skip (folded, slang-expanded). */
  static final Set<String> FILLERS = Set.of(
      "me", "um", "uma", "o", "a", "os", "as", "de", "do", "da", "com", "c", "algum", "alguma",
      "falar", "fala", "conversar", "por", "favor", "para", "pra", "pro", "prum", "pruma", "ai", "urgente", "agora", "logo",
      "seu", "sua", "voces", "voce", "direto", "diretamente", "e", "so", "ja", "mesmo", "mais",
      "quero", "preciso", "isso", "aqui", "ao", "na", "no", "pelo", "pela");

  static final String RESOURCE = "/atende/agent/offline-lexicon.tsv";

  private static final class Holder {
    static final OfflineLexicon DEFAULT = load();
  }

  private final List<Entry> entries;
  /** Every word the patterns spell out: a message word that is one of them is never a typo. */
  private final Set<String> vocabulary;

  private OfflineLexicon(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    Set<String> words = new HashSet<>();
    for (Entry e : entries) {
      for (Element el : e.pattern()) {
        if (el instanceof Alt alt) alt.options().forEach(words::addAll);
      }
    }
    this.vocabulary = Set.copyOf(words);
  }

  /** The bundled lexicon. */
  static OfflineLexicon standard() {
    return Holder.DEFAULT;
  }

  List<Entry> entries() {
    return entries;
  }

  private static OfflineLexicon load() {
    try (InputStream in = OfflineLexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + RESOURCE);
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the TSV format; fails loudly on a malformed line (it is our own file). */
  static OfflineLexicon parse(String text) {
    List<Entry> out = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
      String[] cols = line.split("\t");
      if (cols.length != 3) throw new IllegalArgumentException("lexicon line " + (i + 1) + ": expected 3 columns: " + line);
      EnumSet<Section> sections = EnumSet.noneOf(Section.class);
      for (String s : cols[0].split(",")) sections.add(Section.valueOf(s.trim().toUpperCase(Locale.ROOT)));
      double weight = Double.parseDouble(cols[1].trim());
      boolean onWords = sections.contains(Section.HUMAN);
      if (onWords && sections.size() > 1) {
        throw new IllegalArgumentException("lexicon line " + (i + 1) + ": 'human' cannot share a line");
      }
      List<Element> pattern = compile(cols[2].trim(), onWords);
      if (pattern.isEmpty()) throw new IllegalArgumentException("lexicon line " + (i + 1) + ": empty phrase");
      out.add(new Entry(Set.copyOf(sections), weight, pattern, onWords, cols[2].trim()));
    }
    return new OfflineLexicon(out);
  }

  private static List<Element> compile(String phrase, boolean onWords) {
    List<Element> pattern = new ArrayList<>();
    int i = 0;
    while (i < phrase.length()) {
      char c = phrase.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '*' || c == '_') {
        pattern.add(new Gap(3, c == '_'));
        i++;
      } else if (c == '(') {
        int end = phrase.indexOf(')', i);
        if (end < 0) throw new IllegalArgumentException("unbalanced '(' in: " + phrase);
        List<List<String>> options = new ArrayList<>();
        for (String option : phrase.substring(i + 1, end).split("\\|")) {
          List<String> seq = normalise(option, onWords);
          if (!seq.isEmpty()) options.add(seq);
        }
        pattern.add(new Alt(List.copyOf(options)));
        i = end + 1;
      } else {
        int end = i;
        while (end < phrase.length() && !Character.isWhitespace(phrase.charAt(end))
            && "(*_".indexOf(phrase.charAt(end)) < 0) end++;
        for (String w : normalise(phrase.substring(i, end), onWords)) pattern.add(new Alt(List.of(List.of(w))));
        i = end;
      }
    }
    return List.copyOf(pattern);
  }

  private static List<String> normalise(String words, boolean onWords) {
    return onWords ? PtText.tokens(words) : PtText.stems(words);
  }

  /**
   * The index in {@code seq} where {@code entry} first matches at or after {@code from}, or -1.
   * Single words of five letters or more also match a one-edit typo ({@link PtText#similar}),
   * unless the message word is a real word the lexicon or the stopword list knows ("quando" is not
   * a typo of "quanto", nor "salvar" of "salvou") or starts with another letter ("tamanho" is not
   * "amanhã").
   */
  int find(Entry entry, List<String> seq, int from) {
    for (int start = Math.max(0, from); start < seq.size(); start++) {
      if (matchAt(entry.pattern(), 0, seq, start)) return start;
    }
    return -1;
  }

  private boolean typo(String want, String got) {
    return want.charAt(0) == got.charAt(0) && !vocabulary.contains(got) && !PtText.isStopword(got)
        && PtText.similar(want, got);
  }

  private boolean matchAt(List<Element> pattern, int p, List<String> seq, int s) {
    if (p == pattern.size()) return true;
    Element e = pattern.get(p);
    if (e instanceof Gap gap) {
      for (int skip = 0; skip <= gap.max(); skip++) {
        if (skip > 0) {
          int skipped = s + skip - 1;
          if (skipped >= seq.size()) return false;
          if (gap.fillersOnly() && !FILLERS.contains(seq.get(skipped))) return false;
        }
        if (matchAt(pattern, p + 1, seq, s + skip)) return true;
      }
      return false;
    }
    Alt alt = (Alt) e;
    for (List<String> option : alt.options()) {
      if (s + option.size() > seq.size()) continue;
      boolean ok = true;
      for (int k = 0; k < option.size() && ok; k++) {
        String want = option.get(k);
        String got = seq.get(s + k);
        ok = want.equals(got) || (option.size() == 1 && typo(want, got));
      }
      if (ok && matchAt(pattern, p + 1, seq, s + option.size())) return true;
    }
    return false;
  }
}
