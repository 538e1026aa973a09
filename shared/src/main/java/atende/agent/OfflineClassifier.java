package atende.agent;

import atende.agent.OfflineLexicon.Entry;
import atende.agent.OfflineLexicon.Section;
import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.knowledge.PtText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The offline engine's deterministic classifier for Brazilian Portuguese WhatsApp messages: a
 * weighted phrase lexicon ({@code atende/agent/offline-lexicon.tsv}) whose cues feed two small naive
 * Bayes models (category, priority) trained on labelled messages ({@code atende/agent/training/}).
 *
 * <p>How a message is decided:
 *
 * <ol>
 *   <li><b>Evidence.</b> Every lexicon entry that matches adds its weight to its sections (category,
 *       priority, sentiment). Positive entries right after a negation ("não resolveu") count as
 *       negative. Category entries before the last contrast word ("mas", "porém", "só que") count
 *       half, so the part after "mas" decides. Urgency cues after a negation ("não é urgente") do not
 *       count. Positive emojis add praise, angry ones complaint; a question mark adds a little
 *       support evidence.
 *   <li><b>Features</b> of the message: its word stems and stem bigrams, the lexicon entries that
 *       matched, each section's evidence bucketed (≥ 1, ≥ 2.5, ≥ 4), and structure (question mark,
 *       ALL CAPS, "!!", emojis, length). Hand-written rules alone generalised poorly to messages
 *       written independently of them (held-out priority 71 %); learning how the cues combine from
 *       labelled data is what closes that gap, and the cues keep the models good on rare wordings.
 *   <li><b>Category and priority</b> are each the class with the highest naive Bayes score
 *       ({@link NaiveBayes}), trained once per class loader from the bundled training files. A
 *       message without words ("", "??") is support, low.
 *   <li><b>Sentiment</b>: complaint → negative, praise → positive; otherwise negative/positive
 *       evidence (lexicon, ALL CAPS, "!!", emojis) decides, neutral when weak.
 *   <li><b>Confidence</b> measures the lexicon evidence for the chosen category: it grows with that
 *       score and with its margin over the strongest other category, so weak, mixed or
 *       model-only decisions give a low value (0.25 with no evidence, at most 0.95).
 * </ol>
 *
 * <p>Thread-safe and immutable; construct once and share.
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

  /** The bundled training files (the evaluation's held-out file is deliberately not among them). */
  static final List<String> TRAINING = List.of(
      "/atende/agent/training/pt-br-messages.tsv",
      "/atende/agent/training/pt-br-independent.tsv",
      "/atende/agent/training/pt-br-independent-2.tsv");

  /** The category and priority models; a pair so that they are always trained on the same data. */
  private record Models(NaiveBayes category, NaiveBayes priority) {}

  /**
   * The models trained on the bundled files, on first use (~0.4 s warm, ~1.2 s in a cold JVM): a
   * holder class, so that constructing a classifier only to call {@link #asksForHuman} costs nothing.
   */
  private static final class Bundled {
    static final Models MODELS = train(
        TRAINING.stream().flatMap(r -> LabelledMessage.read(r).stream()).toList());
  }

  private final OfflineLexicon lexicon = OfflineLexicon.standard();
  /** Null: the bundled models. */
  private final Models models;

  /** The classifier on the bundled lexicon and training files. */
  public OfflineClassifier() {
    this(null);
  }

  private OfflineClassifier(Models models) {
    this.models = models;
  }

  /** A classifier on the bundled lexicon whose models learn from {@code examples} only. */
  static OfflineClassifier trainedOn(List<LabelledMessage> examples) {
    return new OfflineClassifier(train(examples));
  }

  private static Models train(List<LabelledMessage> examples) {
    OfflineClassifier untrained = new OfflineClassifier(null);
    List<List<String>> features = new ArrayList<>(examples.size());
    int[] categories = new int[examples.size()];
    int[] priorities = new int[examples.size()];
    for (int i = 0; i < examples.size(); i++) {
      features.add(features(untrained.evidence(examples.get(i).text())));
      categories[i] = examples.get(i).category().ordinal();
      priorities[i] = examples.get(i).priority().ordinal();
    }
    return new Models(NaiveBayes.train(features, categories, Category.values().length),
        NaiveBayes.train(features, priorities, Priority.values().length));
  }

  /** Classifies one customer message; never null, also for null/blank text (support, low). */
  public Classification classify(String text) {
    Evidence ev = evidence(text);
    return decide(ev, modelScores(ev), false);
  }

  /**
   * Classifies {@code text} in the light of the customer's earlier messages in the same ticket
   * ({@code earlierCustomerTexts}, oldest first). Context is used only when the current message is
   * weak on its own ("??", "e aí?", "ainda nada"): then the earlier messages' lexicon evidence and
   * model scores are added at half weight for the most recent one, a quarter for the one before,
   * and so on, and confidence is reduced by 10%. A message with clear evidence of its own is
   * classified as if alone.
   */
  public Classification classify(String text, List<String> earlierCustomerTexts) {
    Evidence current = evidence(text);
    if (earlierCustomerTexts == null || earlierCustomerTexts.isEmpty() || current.topCategoryScore() >= 2.5) {
      return decide(current, modelScores(current), false);
    }
    ModelScores scores = modelScores(current);
    double factor = 0.5;
    for (int i = earlierCustomerTexts.size() - 1; i >= 0 && factor > 0.05; i--, factor /= 2) {
      Evidence earlier = evidence(earlierCustomerTexts.get(i));
      current.addScaled(earlier, factor);
      scores.addScaled(modelScores(earlier), factor);
    }
    return decide(current, scores, true);
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
    final List<String> stems = new ArrayList<>();
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
    List<String> stems = ev.stems;
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

  /** The naive Bayes features of a message (see the class comment). */
  static List<String> features(Evidence ev) {
    Set<String> f = new LinkedHashSet<>();
    List<String> stems = ev.stems;
    for (String stem : stems) f.add("w:" + stem);
    for (int i = 0; i + 1 < stems.size(); i++) f.add("b:" + stems.get(i) + " " + stems.get(i + 1));
    for (String phrase : ev.matched) f.add("lex:" + phrase);
    ev.scores.forEach((section, score) -> {
      for (double floor : SECTION_BUCKETS) if (score >= floor) f.add("sec:" + section + ">=" + floor);
    });
    if (ev.question) f.add("question");
    if (ev.shouting) f.add("caps");
    if (ev.exclamations) f.add("exclamations");
    if (ev.positiveEmoji > 0) f.add("emoji+");
    if (ev.negativeEmoji > 0) f.add("emoji-");
    int n = stems.size();
    f.add(n <= 3 ? "words<=3" : n <= 10 ? "words<=10" : n <= 25 ? "words<=25" : "words>25");
    return List.copyOf(f);
  }

  private static final double[] SECTION_BUCKETS = {1, 2.5, 4};

  /** Per-class naive Bayes log-scores of one message, for category and for priority. */
  private record ModelScores(double[] category, double[] priority) {
    void addScaled(ModelScores other, double factor) {
      for (int k = 0; k < category.length; k++) category[k] += factor * other.category[k];
      for (int k = 0; k < priority.length; k++) priority[k] += factor * other.priority[k];
    }
  }

  private ModelScores modelScores(Evidence ev) {
    List<String> features = features(ev);
    Models m = models != null ? models : Bundled.MODELS;
    return new ModelScores(m.category().logScores(features), m.priority().logScores(features));
  }

  private Classification decide(Evidence ev, ModelScores scores, boolean usedContext) {
    if (ev.stems.isEmpty() && !usedContext) {
      return new Classification(Category.SUPPORT, Priority.LOW, sentiment(Category.SUPPORT, ev), confidence(0, 0));
    }
    Category category = Category.values()[NaiveBayes.argmax(scores.category())];
    Priority priority = Priority.values()[NaiveBayes.argmax(scores.priority())];
    Section chosen = Section.valueOf(category.name());
    double other = 0;
    for (Section s : CATEGORY_ORDER) if (s != chosen) other = Math.max(other, ev.get(s));
    double confidence = confidence(ev.get(chosen), other);
    if (usedContext) confidence *= 0.9;
    return new Classification(category, priority, sentiment(category, ev), Math.round(confidence * 100) / 100.0);
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
   * 0.25 with no evidence; grows with the chosen category's score ({@code chosen / (chosen + 4)})
   * scaled by how far it is ahead of the strongest other category; at least 0.2, at most 0.95.
   */
  private static double confidence(double chosen, double other) {
    if (chosen <= 0) return other > 0 ? 0.2 : 0.25;
    double strength = chosen / (chosen + 4);
    double margin = Math.max(0, (chosen - other) / chosen);
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
