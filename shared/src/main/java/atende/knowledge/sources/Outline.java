package atende.knowledge.sources;

import atende.knowledge.sources.SourceText.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects an extractor's headings and blocks, in document order, into sections: a heading of level
 * n closes the current section and replaces every open heading of level n or deeper.
 */
final class Outline {

  private record OpenHeading(int level, String text) {}

  private final List<OpenHeading> path = new ArrayList<>();
  private final List<String> blocks = new ArrayList<>();
  private final List<Section> sections = new ArrayList<>();

  /** A heading of {@code level} (1 is the top); an empty heading is ignored. */
  void heading(int level, String text) {
    String clean = text.strip();
    if (clean.isEmpty()) return;
    closeSection();
    path.removeIf(open -> open.level() >= level);
    path.add(new OpenHeading(level, clean));
  }

  /** A paragraph, list, table or other block of the current section; blank blocks are ignored. */
  void block(String text) {
    if (!text.isBlank()) blocks.add(text.strip());
  }

  SourceText build(String title) {
    closeSection();
    return new SourceText(title, sections);
  }

  private void closeSection() {
    if (blocks.isEmpty()) return;
    Section section = new Section(path.stream().map(OpenHeading::text).toList(), String.join("\n\n", blocks));
    if (!section.text().isEmpty()) sections.add(section);
    blocks.clear();
  }
}
