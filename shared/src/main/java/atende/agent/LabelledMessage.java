package atende.agent;

import atende.conversation.Category;
import atende.conversation.Priority;
import atende.platform.WireEnum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer message with the category and priority a careful supervisor would give it: the offline
 * classifier's training data ({@code atende/agent/training/}) and the evaluation's held-out file.
 */
record LabelledMessage(String text, Category category, Priority priority) {

  /**
   * Reads a classpath TSV ({@code text<TAB>category<TAB>priority}, wire forms): {@code #} lines are
   * comments, the first other line is the column header. Fails loudly: these are our own files.
   */
  static List<LabelledMessage> read(String resource) {
    try (InputStream in = LabelledMessage.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
      List<LabelledMessage> out = new ArrayList<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
      boolean header = true;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank() || lines[i].startsWith("#")) continue;
        if (header) {
          header = false;
          continue;
        }
        String[] cols = lines[i].split("\t");
        String where = resource + ":" + (i + 1);
        if (cols.length != 3) throw new IllegalStateException(where + " needs 3 columns");
        out.add(new LabelledMessage(cols[0],
            WireEnum.parse(Category.class, cols[1]).orElseThrow(() -> new IllegalStateException(where + " category " + cols[1])),
            WireEnum.parse(Priority.class, cols[2]).orElseThrow(() -> new IllegalStateException(where + " priority " + cols[2]))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
