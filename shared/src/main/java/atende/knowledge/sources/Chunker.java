package atende.knowledge.sources;

import atende.knowledge.sources.SourceText.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a source's sections into chunks sized for retrieval and for the model's prompt: about
 * {@value #TARGET_MIN}–{@value #MAX_CHARS} characters, each a self-contained piece under its title.
 *
 * <ul>
 *   <li>Title: the source title, then the heading path, joined by {@code " › "}; a first heading
 *       equal to the source title is not repeated. A CSV has no source title, so its rows are titled
 *       by their question (a caller that sets a title of its own on the {@link SourceText} prefixes it).
 *   <li>A section longer than {@value #MAX_CHARS} splits at blank lines, then at line breaks, then
 *       after sentences, then between words, into parts of about equal size; each part keeps the
 *       section's title. Only a single "word" longer than the limit (a data URL) is cut inside.
 *   <li>Consecutive small sections (under {@value #SMALL_CHARS} characters) that are subsections of
 *       the same heading merge into one chunk titled by that heading; each one's own heading stays as
 *       a line before its text. Top-level sections (and CSV rows) never merge.
 *   <li>At most {@value #MAX_CHUNKS} chunks per source: the chunks beyond, the end of the source, are
 *       dropped and counted in {@link Chunking#dropped()} so the caller can tell the operator.
 * </ul>
 *
 * <p>Deterministic: the same text always gives the same chunks.
 */
public final class Chunker {

  private Chunker() {}

  /** The longest chunk. */
  public static final int MAX_CHARS = 1200;
  /** What a split aims at, at least, when the section allows. */
  static final int TARGET_MIN = 200;
  /** Sections shorter than this merge with their small siblings. */
  static final int SMALL_CHARS = 80;
  /** Chunks kept per source; a source beyond that is a book, not a knowledge article. */
  public static final int MAX_CHUNKS = 500;

  private static final String TITLE_SEPARATOR = " › ";
  private static final List<Pattern> SPLITS = List.of(
      Pattern.compile("\\n\\n"), Pattern.compile("\\n"), Pattern.compile("(?<=[.!?…])\\s+"), Pattern.compile(" "));
  private static final List<String> JOINS = List.of("\n\n", "\n", " ", " ");

  public static Chunking chunks(SourceText text) {
    List<Chunk> chunks = new ArrayList<>();
    List<Section> siblings = new ArrayList<>();
    for (Section section : text.sections()) {
      if (section.text().isEmpty()) continue;
      if (!siblings.isEmpty() && !(isSmall(section) && parent(section).equals(parent(siblings.getFirst()))
          && siblings.stream().mapToInt(Chunker::merged).sum() + merged(section) <= MAX_CHARS)) {
        emit(text.title(), siblings, chunks);
        siblings.clear();
      }
      if (isSmall(section)) {
        siblings.add(section);
      } else {
        emit(text.title(), List.of(section), chunks);
      }
    }
    emit(text.title(), siblings, chunks);
    int dropped = Math.max(0, chunks.size() - MAX_CHUNKS);
    return new Chunking(chunks.subList(0, chunks.size() - dropped), dropped);
  }

  private static boolean isSmall(Section section) {
    return section.headings().size() >= 2 && section.text().length() < SMALL_CHARS;
  }

  private static List<String> parent(Section section) {
    return section.headings().subList(0, section.headings().size() - 1);
  }

  /** The characters a section takes in a merged chunk: its heading line, its text, the blank line. */
  private static int merged(Section section) {
    return section.headings().getLast().length() + 1 + section.text().length() + 2;
  }

  private static void emit(String sourceTitle, List<Section> sections, List<Chunk> out) {
    if (sections.isEmpty()) return;
    if (sections.size() == 1) {
      Section only = sections.getFirst();
      for (String part : split(only.text(), 0)) out.add(new Chunk(title(sourceTitle, only.headings()), part));
      return;
    }
    List<String> parts = new ArrayList<>();
    for (Section s : sections) parts.add(s.headings().getLast() + "\n" + s.text());
    out.add(new Chunk(title(sourceTitle, parent(sections.getFirst())), String.join("\n\n", parts)));
  }

  static String title(String sourceTitle, List<String> headings) {
    List<String> parts = new ArrayList<>();
    if (!sourceTitle.isEmpty()) parts.add(sourceTitle);
    for (int i = 0; i < headings.size(); i++) {
      if (i == 0 && headings.getFirst().equalsIgnoreCase(sourceTitle)) continue;
      parts.add(headings.get(i));
    }
    return String.join(TITLE_SEPARATOR, parts);
  }

  /**
   * {@code text} in parts of at most {@link #MAX_CHARS}, cut at the coarsest boundary of
   * {@link #SPLITS} from {@code level} on; pieces are packed so the parts come out about equal, and a
   * short last part joins the one before when both fit.
   */
  private static List<String> split(String text, int level) {
    if (text.length() <= MAX_CHARS) return List.of(text);
    if (level == SPLITS.size()) {
      List<String> cut = new ArrayList<>();
      for (int i = 0; i < text.length(); i += MAX_CHARS) {
        cut.add(text.substring(i, Math.min(text.length(), i + MAX_CHARS)));
      }
      return cut;
    }
    String join = JOINS.get(level);
    List<String> pieces = new ArrayList<>();
    for (String piece : SPLITS.get(level).split(text)) {
      if (!piece.isBlank()) pieces.addAll(split(piece.strip(), level + 1));
    }
    int target = text.length() / ((text.length() + MAX_CHARS - 1) / MAX_CHARS);
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String piece : pieces) {
      int joined = current.length() + join.length() + piece.length();
      boolean fits = current.isEmpty()
          || joined <= MAX_CHARS && Math.abs(joined - target) <= Math.abs(current.length() - target);
      if (!fits) {
        parts.add(current.toString());
        current.setLength(0);
      }
      if (!current.isEmpty()) current.append(join);
      current.append(piece);
    }
    if (!current.isEmpty()) parts.add(current.toString());
    int last = parts.size() - 1;
    if (last > 0 && parts.get(last).length() < TARGET_MIN
        && parts.get(last - 1).length() + join.length() + parts.get(last).length() <= MAX_CHARS) {
      parts.set(last - 1, parts.get(last - 1) + join + parts.remove(last)); // no stub at the end
    }
    return parts;
  }
}
