package atende.agent;

// Report command (from the repository root; prints the tables below to stdout):
//
//   export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow
//   mvn -B -q -o -pl shared test -Dtest=OfflineClassifierEvaluation
//
// Add -Deval.showHoldoutErrors=true to also list the held-out mistakes (look only after tuning is
// frozen: the held-out file must not drive lexicon changes).

import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.WireEnum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the {@link OfflineClassifier} on the labelled pt-BR evaluation set
 * ({@code src/test/resources/eval/}, see its README): the tuning file and the held-out file are
 * reported separately and combined, with category and priority accuracy and confusion matrices
 * (rows = label, columns = prediction).
 */
class OfflineClassifierEvaluation {

  static final String TUNING = "/eval/pt-br-messages.tsv";
  static final String HOLDOUT = "/eval/pt-br-messages-holdout.tsv";

  record Example(String text, Category category, Priority priority) {}

  record Result(String name, List<Example> examples, List<Classification> predictions) {
    double categoryAccuracy() {
      int ok = 0;
      for (int i = 0; i < examples.size(); i++) if (examples.get(i).category() == predictions.get(i).category()) ok++;
      return (double) ok / examples.size();
    }

    double priorityAccuracy() {
      int ok = 0;
      for (int i = 0; i < examples.size(); i++) if (examples.get(i).priority() == predictions.get(i).priority()) ok++;
      return (double) ok / examples.size();
    }

    Result plus(Result other, String newName) {
      List<Example> ex = new ArrayList<>(examples);
      ex.addAll(other.examples);
      List<Classification> pr = new ArrayList<>(predictions);
      pr.addAll(other.predictions);
      return new Result(newName, ex, pr);
    }
  }

  static Result tuning;
  static Result holdout;
  static Result combined;

  @BeforeAll
  static void run() {
    OfflineClassifier classifier = new OfflineClassifier();
    tuning = evaluate("tuning", load(TUNING), classifier);
    holdout = evaluate("held-out", load(HOLDOUT), classifier);
    combined = tuning.plus(holdout, "combined");
    System.out.println(report(Boolean.getBoolean("eval.showHoldoutErrors")));
  }

  @Test
  void categoryAccuracyOnTheCombinedSetIsAtLeast85Percent() {
    assertThat(combined.categoryAccuracy()).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void categoryAccuracyOnTheHeldOutSetIsAtLeast80Percent() {
    assertThat(holdout.categoryAccuracy()).isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void priorityAccuracyOnTheCombinedSetIsAtLeast70Percent() {
    assertThat(combined.priorityAccuracy()).isGreaterThanOrEqualTo(0.70);
  }

  @Test
  void theSetIsLargeAndCoversEveryCategoryAndPriority() {
    assertThat(combined.examples()).hasSizeGreaterThanOrEqualTo(160);
    assertThat(combined.examples()).extracting(Example::category).contains(Category.values());
    assertThat(combined.examples()).extracting(Example::priority).contains(Priority.values());
    assertThat(holdout.examples().size()).isBetween(combined.examples().size() / 4, combined.examples().size() / 2);
  }

  /** Prints the same report without JUnit. */
  public static void main(String[] args) {
    run();
  }

  // ------------------------------------------------------------------------------------ plumbing

  static List<Example> load(String resource) {
    try (InputStream in = OfflineClassifierEvaluation.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing " + resource);
      List<Example> out = new ArrayList<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
      for (int i = 1; i < lines.length; i++) { // line 0 is the header
        if (lines[i].isBlank()) continue;
        String[] cols = lines[i].split("\t");
        if (cols.length != 3) throw new IllegalStateException(resource + ":" + (i + 1) + " needs 3 columns");
        out.add(new Example(cols[0],
            WireEnum.parse(Category.class, cols[1]).orElseThrow(() -> new IllegalStateException("category " + cols[1])),
            WireEnum.parse(Priority.class, cols[2]).orElseThrow(() -> new IllegalStateException("priority " + cols[2]))));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Result evaluate(String name, List<Example> examples, OfflineClassifier classifier) {
    List<Classification> predictions = new ArrayList<>();
    for (Example e : examples) predictions.add(classifier.classify(e.text()));
    return new Result(name, examples, predictions);
  }

  static String report(boolean showHoldoutErrors) {
    StringBuilder sb = new StringBuilder();
    sb.append("\n=== Offline classifier evaluation (pt-BR) ===\n\n");
    sb.append(String.format(Locale.ROOT, "%-10s %5s  %9s  %9s%n", "set", "n", "category", "priority"));
    for (Result r : List.of(tuning, holdout, combined)) {
      sb.append(String.format(Locale.ROOT, "%-10s %5d  %8.1f%%  %8.1f%%%n",
          r.name(), r.examples().size(), 100 * r.categoryAccuracy(), 100 * r.priorityAccuracy()));
    }
    for (Result r : List.of(tuning, holdout, combined)) {
      sb.append("\n").append(r.name()).append(": category confusion (rows = label, columns = predicted)\n");
      sb.append(matrix(r, Category.values(), true));
      sb.append("\n").append(r.name()).append(": priority confusion (rows = label, columns = predicted)\n");
      sb.append(matrix(r, Priority.values(), false));
    }
    sb.append(errors(tuning));
    if (showHoldoutErrors) sb.append(errors(holdout));
    return sb.toString();
  }

  private static <E extends Enum<E> & WireEnum> String matrix(Result r, E[] values, boolean category) {
    int[][] m = new int[values.length][values.length];
    for (int i = 0; i < r.examples().size(); i++) {
      Example e = r.examples().get(i);
      Classification c = r.predictions().get(i);
      int row = category ? e.category().ordinal() : e.priority().ordinal();
      int col = category ? c.category().ordinal() : c.priority().ordinal();
      m[row][col]++;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s", ""));
    for (E v : values) sb.append(String.format(Locale.ROOT, "%11s", v.wire()));
    sb.append(String.format(Locale.ROOT, "%9s%n", "recall"));
    for (int i = 0; i < values.length; i++) {
      sb.append(String.format(Locale.ROOT, "%-12s", values[i].wire()));
      int total = 0;
      for (int j = 0; j < values.length; j++) {
        sb.append(String.format(Locale.ROOT, "%11d", m[i][j]));
        total += m[i][j];
      }
      sb.append(total == 0 ? String.format(Locale.ROOT, "%9s%n", "-")
          : String.format(Locale.ROOT, "%8.0f%%%n", 100.0 * m[i][i] / total));
    }
    return sb.toString();
  }

  private static String errors(Result r) {
    StringBuilder sb = new StringBuilder("\n").append(r.name()).append(": mistakes (label -> predicted)\n");
    for (int i = 0; i < r.examples().size(); i++) {
      Example e = r.examples().get(i);
      Classification c = r.predictions().get(i);
      if (e.category() != c.category() || e.priority() != c.priority()) {
        sb.append(String.format(Locale.ROOT, "  %-10s %-8s -> %-10s %-8s %.2f  %s%n",
            e.category().wire(), e.priority().wire(), c.category().wire(), c.priority().wire(),
            c.confidence(), e.text()));
        sb.append("             matched: ").append(new OfflineClassifier().evidence(e.text()).matched).append('\n');
      }
    }
    return sb.toString();
  }
}
