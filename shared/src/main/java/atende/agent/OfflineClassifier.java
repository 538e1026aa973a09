package atende.agent;

import atende.agent.OfflineLexicon.Entry;
import atende.agent.OfflineLexicon.Section;
import atende.knowledge.PtText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline engine's deterministic classifier for Brazilian Portuguese WhatsApp messages: a
 * weighted phrase lexicon ({@code atende/agent/offline-lexicon.tsv}) plus a few structural signals
 * (question mark, ALL CAPS, repeated exclamation marks, emojis).
 *
 * <p>How a message is decided:
 *
 * <ol>
 *   <li><b>Evidence.</b> Every lexicon entry that matches adds its weight to its sections (category,
 *       priority, sentiment). Positive entries right after a negation ("não resolveu") count as
 *       negative. Category entries before the last contrast word ("mas", "porém", "só que") count
 *       half, so the part after "mas" decides. Positive emojis add praise, angry ones complaint; a
 *       question mark adds a little support evidence.
 *   <li><b>Category</b> = the highest category score (ties: technical, commercial, complaint,
 *       support, praise). With no evidence at all: support ("oi", "??").
 *   <li><b>Priority</b> depends on the category and on priority evidence (critical: outage for
 *       everyone, "nenhum caixa", "tudo parado"; high: blocked work, "não consigo", money or
 *       customers waiting; medium: deadlines, stuck how-tos; low: cosmetic, "só pra avisar").
 *       Urgency cues after a negation ("não é urgente", "nada urgente") do not count. Technical →
 *       critical, high, low (cosmetic) or else medium; complaint → critical on a strong outage,
 *       high with threats, outage words, shouting or much anger, else medium; commercial →
 *       critical when a billing block stops the business, high for charge problems, medium for
 *       billing issues, cancellation and refunds, else low; support → high with a customer
 *       waiting, medium with a deadline or when stuck, else low; praise → low. A support-looking
 *       message with strong outage evidence is technical.
 *   <li><b>Sentiment</b>: complaint → negative, praise → positive; otherwise negative/positive
 *       evidence (lexicon, ALL CAPS, "!!", emojis) decides, neutral when weak.
 *   <li><b>Confidence</b> grows with the winning score and with its margin over the runner-up, so
 *       weak or mixed signals give a low value (0.25 with no evidence, at most 0.95).
 * </ol>
 *
 * <p>Thread-safe and stateless; construct once and share.
 */
public final class OfflineClassifier {

  private static final Set<String> NEGATIONS = Set.of("nao", "nem", "nunca", "jamais");
  private static final Set<String> CONTRAST = Set.of("mas", "porem", "entretanto", "contudo", "todavia");
  private static final List<Section> CATEGORY_ORDER = List.of(
      Section.TECHNICAL, Section.COMMERCIAL, Section.COMPLAINT, Section.SUPPORT, Section.PRAISE);
  /** Single-message requests for a person ("humano", "atendente?"), compared on folded words. */
  private static final Set<String> BARE_HUMAN = Set.of(
      "humano", "humana", "atendente", "gerente", "pessoa", "atendimento humano", "atendente humano",
      "falar com atendente", "falar com humano", "supervisor", "operador");

  private static final String POSITIVE_EMOJI = "👏🙌👍❤💙💜💚🧡💛😍🥰😊😀😃😄😁🤩🔥⭐✨🏆💯🙏😘";
  private static final String NEGATIVE_EMOJI = "😡🤬😤😠👎💩😞😢😭😩😫🙄";

  private final OfflineLexicon lexicon;

  /** A classifier on the bundled lexicon. */
  public OfflineClassifier() {
    this(OfflineLexicon.standard());
  }

  OfflineClassifier(OfflineLexicon lexicon) {
    this.lexicon = lexicon;
  }

  /** Classifies one customer message; never null, also for null/blank text (support, low). */
  public Classification classify(String text) {
    return decide(evidence(text), false);
  }

  /**
   * Classifies {@code text} in the light of the customer's earlier messages in the same ticket
   * ({@code earlierCustomerTexts}, oldest first). Context is used only when the current message is
   * weak on its own ("??", "e aí?", "ainda nada"): then the earlier messages' evidence is added at
   * half weight for the most recent one, a quarter for the one before, and so on, and confidence
   * is reduced by 10%. A message with clear evidence of its own is classified as if alone.
   */
  public Classification classify(String text, List<String> earlierCustomerTexts) {
    Evidence current = evidence(text);
    if (earlierCustomerTexts == null || earlierCustomerTexts.isEmpty() || current.topCategoryScore() >= 2.5) {
      return decide(current, false);
    }
    double factor = 0.5;
    for (int i = earlierCustomerTexts.size() - 1; i >= 0 && factor > 0.05; i--, factor /= 2) {
      current.addScaled(evidence(earlierCustomerTexts.get(i)), factor);
    }
    return decide(current, true);
  }

  /**
   * Whether the message explicitly asks to talk to a person: "quero falar com um atendente",
   * "falar com uma pessoa", "atendente de verdade", "me passa pro gerente", "humano". Mentions of
   * staff that are not requests ("o atendente foi ótimo", "falei com a atendente ontem") and negated
   * requests ("não preciso de atendente") do not count.
   */
  public boolean asksForHuman(String text) {
    List<String> words = PtText.tokens(text);
    if (words.isEmpty()) return false;
    if (BARE_HUMAN.contains(String.join(" ", words))) return true;
    for (Entry e : lexicon.entries()) {
      if (!e.sections().contains(Section.HUMAN)) continue;
      for (int from = 0; from < words.size(); ) {
        int start = lexicon.find(e, words, from);
        if (start < 0) break;
        if (!negatedAt(words, start)) return true;
        from = start + 1;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------ evidence

  /** The weighted evidence of one message; mutable only while classifying. */
  static final class Evidence {
    final Map<Section, Double> scores = new EnumMap<>(Section.class);
    boolean question;
    boolean shouting;
    boolean exclamations;
    int positiveEmoji;
    int negativeEmoji;
    final List<String> matched = new ArrayList<>();

    double get(Section s) {
      return scores.getOrDefault(s, 0.0);
    }

    void add(Section s, double w) {
      scores.merge(s, w, Double::sum);
    }

    double topCategoryScore() {
      double top = 0;
      for (Section s : CATEGORY_ORDER) top = Math.max(top, get(s));
      return top;
    }

    void addScaled(Evidence other, double factor) {
      for (Map.Entry<Section, Double> e : other.scores.entrySet()) {
        if (e.getKey() != Section.HUMAN) add(e.getKey(), e.getValue() * factor);
      }
    }
  }

  /** Scores {@code text} against the lexicon (package-private for diagnostics in tests). */
  Evidence evidence(String text) {
    Evidence ev = new Evidence();
    if (text == null || text.isBlank()) return ev;
    List<String> tokens = PtText.tokens(text);
    List<String> stems = new ArrayList<>(tokens.size());
    for (String t : tokens) stems.add(PtText.stem(t));
    int contrast = lastContrast(tokens);

    for (Entry e : lexicon.entries()) {
      if (e.onWords()) continue;
      boolean positive = e.sections().contains(Section.PRAISE) || e.sections().contains(Section.POSITIVE);
      // Prefer an occurrence after the contrast word: that part of the message decides.
      int start = contrast >= 0 ? lexicon.find(e, stems, contrast + 1) : -1;
      if (start < 0) start = lexicon.find(e, stems, 0);
      if (start < 0) continue;
      if (positive && negatedAt(tokens, start)) {
        ev.add(Section.NEGATIVE, e.weight() * 0.7);
        ev.matched.add("¬" + e.phrase());
        continue;
      }
      boolean beforeContrast = contrast >= 0 && start < contrast;
      // "não é urgente", "nada urgente": a negated urgency cue says the opposite.
      boolean calm = negatedAt(tokens, start) || (start > 0 && "nada".equals(tokens.get(start - 1)));
      for (Section s : e.sections()) {
        if (s.isPriority() && s != Section.LOW && calm) continue;
        ev.add(s, s.isCategory() && beforeContrast ? e.weight() * 0.5 : e.weight());
      }
      ev.matched.add(e.phrase());
    }

    ev.question = text.indexOf('?') >= 0;
    ev.exclamations = text.contains("!!");
    ev.shouting = isShouting(text);
    text.codePoints().forEach(cp -> {
      String s = Character.toString(cp);
      if (POSITIVE_EMOJI.contains(s)) ev.positiveEmoji++;
      if (NEGATIVE_EMOJI.contains(s)) ev.negativeEmoji++;
    });
    if (ev.positiveEmoji > 0) {
      ev.add(Section.PRAISE, Math.min(3, 1.5 * ev.positiveEmoji));
      ev.add(Section.POSITIVE, Math.min(3, 1.5 * ev.positiveEmoji));
    }
    if (ev.negativeEmoji > 0) {
      ev.add(Section.COMPLAINT, Math.min(3, 1.5 * ev.negativeEmoji));
      ev.add(Section.NEGATIVE, Math.min(4, 2.0 * ev.negativeEmoji));
    }
    if (ev.question) ev.add(Section.SUPPORT, 1.0);
    return ev;
  }

  // ------------------------------------------------------------------------------------ decision

  private Classification decide(Evidence ev, boolean usedContext) {
    Section best = null;
    double top = 0;
    double second = 0;
    for (Section s : CATEGORY_ORDER) {
      double v = ev.get(s);
      if (v > top) {
        second = top;
        top = v;
        best = s;
      } else if (v > second) {
        second = v;
      }
    }
    if (best == null || top < 1.0) best = Section.SUPPORT;
    // An outage report ("nenhum caixa passa venda") is technical even without technical words.
    if (best == Section.SUPPORT && ev.get(Section.CRITICAL) >= 3) best = Section.TECHNICAL;
    Category category = Category.valueOf(best.name());
    Priority priority = priority(category, ev);
    Sentiment sentiment = sentiment(category, ev);
    double confidence = confidence(top, second);
    if (usedContext) confidence *= 0.9;
    return new Classification(category, priority, sentiment, Math.round(confidence * 100) / 100.0);
  }

  private static Priority priority(Category category, Evidence ev) {
    double critical = ev.get(Section.CRITICAL);
    double high = ev.get(Section.HIGH) + (ev.shouting ? 1 : 0);
    double medium = ev.get(Section.MEDIUM);
    double low = ev.get(Section.LOW);
    double anger = ev.get(Section.NEGATIVE) + (ev.exclamations ? 1 : 0) + ev.negativeEmoji;
    return switch (category) {
      case PRAISE -> Priority.LOW;
      case TECHNICAL -> {
        if (critical >= 3) yield Priority.CRITICAL;
        if (high >= 2.5 && high > low) yield Priority.HIGH;
        if (low >= 2) yield Priority.LOW;
        yield Priority.MEDIUM;
      }
      case COMPLAINT -> {
        if (critical >= 5) yield Priority.CRITICAL;
        boolean strong = high + critical >= 2.5 || ev.shouting || anger >= 8;
        yield strong ? Priority.HIGH : Priority.MEDIUM;
      }
      case COMMERCIAL -> {
        if (critical >= 3 && high >= 2.5) yield Priority.CRITICAL;
        if (high >= 2.5) yield Priority.HIGH;
        if (medium >= 1.5) yield Priority.MEDIUM;
        yield Priority.LOW;
      }
      case SUPPORT -> {
        if (critical >= 3 || high >= 4) yield Priority.HIGH;
        if (medium >= 1.5) yield Priority.MEDIUM;
        yield Priority.LOW;
      }
    };
  }

  private static Sentiment sentiment(Category category, Evidence ev) {
    double negative = ev.get(Section.NEGATIVE) + (ev.exclamations ? 0.5 : 0) + (ev.shouting ? 1.5 : 0);
    double positive = ev.get(Section.POSITIVE);
    if (category == Category.COMPLAINT) return Sentiment.NEGATIVE;
    if (category == Category.PRAISE && positive >= negative) return Sentiment.POSITIVE;
    if (negative >= 2 && negative > positive) return Sentiment.NEGATIVE;
    if (positive >= 2 && positive > negative) return Sentiment.POSITIVE;
    return Sentiment.NEUTRAL;
  }

  /**
   * 0.25 with no evidence; grows with the winning score ({@code top / (top + 4)}) scaled by how far
   * it is ahead of the runner-up; capped at 0.95.
   */
  private static double confidence(double top, double second) {
    if (top <= 0) return 0.25;
    double strength = top / (top + 4);
    double margin = (top - second) / top;
    return Math.max(0.2, Math.min(0.95, 0.25 + 0.75 * strength * (0.35 + 0.65 * margin)));
  }

  // ------------------------------------------------------------------------------------ helpers

  private static boolean negatedAt(List<String> seq, int start) {
    for (int k = Math.max(0, start - 2); k < start; k++) {
      if (NEGATIONS.contains(seq.get(k)) || "sem".equals(seq.get(k))) return true;
    }
    return false;
  }

  private static int lastContrast(List<String> tokens) {
    int idx = -1;
    for (int i = 1; i < tokens.size() - 1; i++) {
      String t = tokens.get(i);
      if (CONTRAST.contains(t) || ("so".equals(t) && "que".equals(tokens.get(i + 1)))) idx = i;
    }
    return idx;
  }

  /** ALL CAPS: at least 8 letters and 70% of them upper-case. */
  private static boolean isShouting(String text) {
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) upper++;
      }
    }
    return letters >= 8 && upper >= 0.7 * letters;
  }
}
