package atende.knowledge;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Brazilian Portuguese text normalisation for the offline classifier; knowledge retrieval
 * ({@link PortugueseSupportAnalyzer}) reuses its tokens (slang) and stop words.
 *
 * <p>The pipeline is deliberately small and deterministic:
 *
 * <ol>
 *   <li>{@link #fold}: lower-case (ROOT locale) and strip accents ({@code "Não"} → {@code "nao"},
 *       {@code "ç"} → {@code "c"}).
 *   <li>{@link #tokens}: split on anything that is not a letter or digit, squeeze letters repeated
 *       three or more times ({@code "ajudaaaa"} → {@code "ajuda"}), turn laughter
 *       ({@code kkkk}, {@code hahaha}, {@code rsrs}) into the single token {@code "kkk"}, and expand
 *       WhatsApp slang and abbreviations ({@code vc} → {@code voce}, {@code n} → {@code nao},
 *       {@code pfv} → {@code por favor}, ...). Stopwords are kept: negation and question words matter
 *       to the classifier.
 *   <li>{@link #stem}: a light suffix stripper (plural, verb endings, a few noun suffixes, final
 *       vowel) so that {@code login / logar / logando / logado} share the stem {@code "log"}. It is
 *       not a linguistically correct stemmer; it only has to map the same surface forms the same
 *       way on both sides of a comparison.
 * </ol>
 *
 * <p>Typo tolerance is offered separately by {@link #similar}: one edit (insertion, deletion,
 * substitution or transposition of adjacent letters) between stems of five/six letters or more, e.g.
 * {@code "sitema"} ~ {@code "sistema"}, {@code "carega"} ~ {@code "carrega"}.
 */
public final class PtText {

  private PtText() {}

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_WORD = Pattern.compile("[^a-z0-9]+");
  private static final Pattern LAUGH = Pattern.compile("(k{2,}|(ha){2,}h?|(he){2,}h?|(rs){2,}|(ks){2,})");
  private static final Pattern REPEATS = Pattern.compile("([a-z])\\1{2,}");

  /**
   * WhatsApp slang, abbreviations and common misspellings, keyed by folded token. A value may hold
   * several words separated by spaces. Kept conservative: only forms that are unambiguous in a
   * support conversation.
   */
  private static final Map<String, String> SLANG = Map.ofEntries(
      Map.entry("vc", "voce"), Map.entry("vce", "voce"), Map.entry("oce", "voce"),
      Map.entry("vcs", "voces"), Map.entry("voceis", "voces"),
      Map.entry("pq", "porque"), Map.entry("pqp", "porcaria"), Map.entry("porq", "porque"),
      Map.entry("q", "que"), Map.entry("oq", "o que"), Map.entry("qm", "quem"),
      Map.entry("tb", "tambem"), Map.entry("tbm", "tambem"), Map.entry("tmb", "tambem"),
      Map.entry("blz", "beleza"),
      Map.entry("n", "nao"), Map.entry("nn", "nao"), Map.entry("naum", "nao"), Map.entry("nao", "nao"),
      Map.entry("mt", "muito"), Map.entry("mto", "muito"), Map.entry("mtu", "muito"),
      Map.entry("mta", "muita"), Map.entry("mts", "muitos"), Map.entry("mtas", "muitas"),
      Map.entry("obg", "obrigado"), Map.entry("obgd", "obrigado"), Map.entry("obgda", "obrigada"),
      Map.entry("brigado", "obrigado"), Map.entry("brigada", "obrigada"),
      Map.entry("vlw", "valeu"), Map.entry("vlws", "valeu"),
      Map.entry("td", "tudo"), Map.entry("tds", "todos"),
      Map.entry("hj", "hoje"), Map.entry("cmg", "comigo"),
      Map.entry("msg", "mensagem"), Map.entry("msgs", "mensagens"), Map.entry("msgm", "mensagem"),
      Map.entry("qdo", "quando"), Map.entry("qnd", "quando"), Map.entry("qndo", "quando"),
      Map.entry("pfv", "por favor"), Map.entry("pfvr", "por favor"), Map.entry("pf", "por favor"),
      Map.entry("pls", "por favor"), Map.entry("plz", "por favor"), Map.entry("porfavor", "por favor"),
      Map.entry("ta", "esta"), Map.entry("tah", "esta"), Map.entry("tao", "estao"),
      Map.entry("to", "estou"), Map.entry("tou", "estou"), Map.entry("tamo", "estamos"),
      Map.entry("tava", "estava"), Map.entry("tavam", "estavam"),
      Map.entry("qro", "quero"), Map.entry("qero", "quero"), Map.entry("kero", "quero"),
      Map.entry("kd", "cade"),
      Map.entry("vdd", "verdade"), Map.entry("aki", "aqui"), Map.entry("ngm", "ninguem"),
      Map.entry("nd", "nada"), Map.entry("dps", "depois"), Map.entry("agr", "agora"),
      Map.entry("msm", "mesmo"), Map.entry("cel", "celular"), Map.entry("fds", "fim de semana"),
      Map.entry("eh", "e"), Map.entry("eae", "e ai"), Map.entry("eai", "e ai"),
      Map.entry("add", "adicionar"), Map.entry("config", "configurar"),
      Map.entry("whats", "whatsapp"), Map.entry("zap", "whatsapp"), Map.entry("wpp", "whatsapp"),
      Map.entry("zapzap", "whatsapp"),
      Map.entry("nf", "nota fiscal"), Map.entry("nfe", "nota fiscal"), Map.entry("nfce", "nota fiscal"),
      Map.entry("nfc", "nota fiscal"),
      Map.entry("sist", "sistema"), Map.entry("sitema", "sistema"), Map.entry("sistma", "sistema"),
      Map.entry("senah", "senha"), Map.entry("sneha", "senha"),
      Map.entry("loguin", "login"), Map.entry("logim", "login"),
      Map.entry("tbem", "tambem"), Map.entry("ctz", "certeza"), Map.entry("sqn", "so que nao"));

  /** Stems that must not be produced by suffix stripping (folded token → stem). */
  private static final Map<String, String> IRREGULAR = Map.ofEntries(
      Map.entry("erro", "erro"), Map.entry("erros", "erro"), Map.entry("login", "log"), Map.entry("logon", "log"), Map.entry("logout", "deslog"),
      Map.entry("logo", "logo"), Map.entry("caiu", "cai"), Map.entry("cair", "cai"),
      Map.entry("caindo", "cai"), Map.entry("caido", "cai"), Map.entry("cairam", "cai"),
      Map.entry("cai", "cai"), Map.entry("pix", "pix"), Map.entry("status", "status"),
      Map.entry("gratis", "gratis"), Map.entry("bonus", "bonus"), Map.entry("ios", "ios"),
      Map.entry("iphone", "iphone"), Map.entry("reais", "real"), Map.entry("mais", "mais"));

  /**
   * Portuguese stopwords (folded), plus greetings, fillers, time words and question words: words
   * that say nothing about which knowledge entry a customer needs. The classifier sees every token.
   */
  private static final Set<String> STOPWORDS = Set.copyOf(List.of(
      "a", "o", "as", "os", "um", "uma", "uns", "umas", "de", "do", "da", "dos", "das", "em", "no",
      "na", "nos", "nas", "num", "numa", "por", "para", "pra", "pro", "pras", "pros", "com", "sem",
      "e", "ou", "que", "se", "me", "mim", "te", "ti", "lhe", "meu", "minha", "meus", "minhas", "seu",
      "sua", "seus", "suas", "teu", "tua", "nosso", "nossa", "voce", "voces", "eu", "ele", "ela",
      "eles", "elas", "nos", "isso", "isto", "esse", "essa", "esses", "essas", "este", "esta",
      "estes", "estas", "aquele", "aquela", "aquilo", "ao", "aos", "mais", "mas", "ja", "estou",
      "esta", "estao", "estava", "estavam", "sou", "ser", "foi", "era", "e", "sao", "tem", "ter",
      "tenho", "tinha", "ha", "vai", "vou", "fazer", "faz", "faco", "fiz", "pode", "posso", "poderia",
      "consigo", "la", "aqui", "ai", "ali", "entao", "tambem", "so", "muito", "muita", "muitos",
      "muitas", "bem", "tudo", "todo", "toda", "todos", "todas", "algum", "alguma", "nao", "sim",
      "nada", "quem", "qual", "quais", "quanto", "quanta", "quantos", "quantas", "como", "onde",
      "quando", "porque", "cade", "oi", "ola", "bom", "boa", "dia", "tarde",
      "noite", "obrigado", "obrigada", "valeu", "favor", "gostaria", "queria", "quero", "preciso",
      "precisava", "saber", "hoje", "ontem", "agora", "ainda", "depois", "logo", "sempre", "tipo",
      "gente", "kkk", "beleza", "ok", "okay", "blz", "pessoal", "moca", "moco", "amigo", "amiga",
      "senhor", "senhora", "sr", "sra", "pelo", "pela", "pelos", "pelas", "dele", "dela", "nesse",
      "nessa", "neste", "nesta", "desse", "dessa", "deste", "desta", "alguem", "coisa", "vez",
      "ajuda", "ajudar", "duvida", "duvidas", "uso", "usar"));

  /** Lower-case (ROOT) and strip diacritics; {@code null} becomes the empty string. */
  public static String fold(String text) {
    if (text == null || text.isEmpty()) return "";
    String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    return MARKS.matcher(decomposed).replaceAll("");
  }

  /**
   * Folded tokens with slang expanded and laughter collapsed; stopwords kept.
   * {@code "Vc n consegue logar?? kkkk"} → {@code [voce, nao, consegue, logar, kkk]}.
   */
  public static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String raw : NON_WORD.split(fold(text))) {
      if (!raw.isEmpty()) addWord(raw, out);
    }
    return out;
  }

  /**
   * What {@link #tokens} makes of one already folded word of letters and digits, without folding
   * and splitting it again: {@code "vcs"} → {@code [voces]}, {@code "pfv"} → {@code [por, favor]}.
   */
  public static List<String> word(String foldedWord) {
    List<String> out = new ArrayList<>(2);
    addWord(foldedWord, out);
    return out;
  }

  private static void addWord(String raw, List<String> out) {
    if (LAUGH.matcher(raw).matches()) {
      out.add("kkk");
      return;
    }
    String token = REPEATS.matcher(raw).replaceAll("$1");
    String expansion = SLANG.get(token);
    if (expansion == null) {
      out.add(token);
    } else {
      for (String part : expansion.split(" ")) out.add(part);
    }
  }

  /** The stem of every token, stopwords included (for phrase matching in the classifier). */
  public static List<String> stems(String text) {
    List<String> tokens = tokens(text);
    List<String> out = new ArrayList<>(tokens.size());
    for (String t : tokens) out.add(stem(t));
    return out;
  }

  /**
   * Stems of the non-stopword tokens: the content words of a text, for grouping the ways people ask one
   * question (knowledge gaps) and for the Vertex stand-in's sub-word vectors.
   */
  public static List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    for (String t : tokens(text)) {
      if (isStopword(t)) continue;
      String s = stem(t);
      if (!s.isEmpty()) out.add(s);
    }
    return out;
  }

  /** Whether a folded token is a stopword for retrieval. */
  public static boolean isStopword(String foldedToken) {
    return STOPWORDS.contains(foldedToken);
  }

  /** The folded stopwords of {@link #isStopword}. */
  public static Set<String> stopwords() {
    return STOPWORDS;
  }

  // Suffixes tried longest first; a suffix is removed only if at least MIN_STEM letters remain.
  private static final String[] NOUN_SUFFIXES = {
    "amento", "imento", "mente", "idade", "acao", "icao", "ucao", "ancia", "encia", "anca", "ismo",
    "ista", "avel", "ivel", "cao"
  };
  private static final String[] VERB_SUFFIXES = {
    "aramos", "eramos", "iramos", "avamos", "assem", "essem", "issem", "ariam", "eriam", "iriam",
    "aremos", "eremos", "iremos", "ando", "endo", "indo", "aram", "eram", "iram", "avam", "aria",
    "eria", "iria", "amos", "emos", "imos", "ava", "ado", "ido", "ada", "ida", "ar", "er", "ir",
    "ou", "eu", "iu", "ei"
  };
  private static final int MIN_STEM = 3;

  /**
   * Light Portuguese stemmer for a folded token: irregular forms, plural, one noun or verb suffix,
   * then a final vowel; {@code "gu"/"qu"} endings are reduced to {@code "g"/"c"} so that
   * {@code paguei}/{@code pagar} and {@code fiquei}/{@code ficar} meet. Stopwords, tokens of three
   * letters or fewer and tokens containing digits are returned unchanged.
   */
  public static String stem(String token) {
    if (token == null) return "";
    String irregular = IRREGULAR.get(token);
    if (irregular != null) return irregular;
    if (STOPWORDS.contains(token)) return token; // "como" must not become "com"
    if (token.length() <= MIN_STEM || !token.chars().allMatch(Character::isLetter)) return token;
    String w = plural(token);
    String stripped = stripFirst(w, NOUN_SUFFIXES);
    if (stripped == null) stripped = stripFirst(w, VERB_SUFFIXES);
    if (stripped == null) {
      stripped = w;
      // first-person preterite of -er/-ir verbs: recebi, esqueci, consegui, perdi
      if (w.endsWith("i") && w.length() > MIN_STEM + 1) stripped = w.substring(0, w.length() - 1);
    }
    stripped = finalVowel(stripped);
    if (stripped.endsWith("gu") && stripped.length() > MIN_STEM) {
      stripped = stripped.substring(0, stripped.length() - 1);
    } else if (stripped.endsWith("qu") && stripped.length() > MIN_STEM) {
      stripped = stripped.substring(0, stripped.length() - 2) + "c";
    }
    return stripped;
  }

  private static String plural(String w) {
    if (w.length() <= MIN_STEM + 1) return w;
    if (w.endsWith("oes") || w.endsWith("aes")) return w.substring(0, w.length() - 3) + "ao";
    if (w.endsWith("ais")) return w.substring(0, w.length() - 3) + "al";
    if (w.endsWith("eis")) return w.substring(0, w.length() - 3) + "el";
    if (w.endsWith("ois")) return w.substring(0, w.length() - 3) + "ol";
    if (w.endsWith("ns")) return w.substring(0, w.length() - 2) + "m";
    if ((w.endsWith("res") || w.endsWith("zes") || w.endsWith("ses")) && w.length() > 5) {
      return w.substring(0, w.length() - 2);
    }
    if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }

  private static String stripFirst(String w, String[] suffixes) {
    for (String s : suffixes) {
      if (w.endsWith(s) && w.length() - s.length() >= MIN_STEM) return w.substring(0, w.length() - s.length());
    }
    return null;
  }

  private static String finalVowel(String w) {
    if (w.length() > MIN_STEM) {
      char last = w.charAt(w.length() - 1);
      if (last == 'a' || last == 'e' || last == 'o') return w.substring(0, w.length() - 1);
    }
    return w;
  }

  /**
   * Cheap typo tolerance between two stems: equal, or one edit apart (optimal string alignment
   * distance, so an adjacent transposition counts as one) when both have at least five letters and
   * the longer at least six. Shorter pairs are too often two different real words
   * ({@code quand}/{@code quant}, {@code agend}/{@code atend}).
   */
  public static boolean similar(String a, String b) {
    if (a.equals(b)) return true;
    if (a.length() < 5 || b.length() < 5 || Math.max(a.length(), b.length()) < 6
        || Math.abs(a.length() - b.length()) > 1) return false;
    return editDistance(a, b) <= 1;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  public static int editDistance(String a, String b) {
    int n = a.length();
    int m = b.length();
    int[][] d = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) d[i][0] = i;
    for (int j = 0; j <= m; j++) d[0][j] = j;
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[n][m];
  }
}
