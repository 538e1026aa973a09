package atende.agent;

// Report command (from the repository root): dev/eval
//
// Add -Deval.showHoldoutErrors=true to the Maven command in dev/eval to also list the held-out
// mistakes (look only after tuning is frozen: the held-out file must not drive lexicon changes).

import static org.assertj.core.api.Assertions.assertThat;

import atende.platform.WireEnum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures the {@link OfflineClassifier} on the labelled pt-BR evaluation set
 * ({@code src/test/resources/eval/}, see its README): the tuning files, the held-out file and the
 * whole set, with category and priority accuracy, per-class precision and recall, and confusion
 * matrices (rows = label, columns = prediction). The held-out file is fixed and never used for
 * tuning, so its floors below are an honest regression gate.
 */
class OfflineClassifierEvaluation {

  /** Written together with the lexicon, then written independently of it (tuning part). */
  static final List<String> TUNING = List.of("/eval/pt-br-messages.tsv", "/eval/pt-br-independent.tsv");
  /** Every third independently written message; never used for tuning. */
  static final String HOLDOUT = "/eval/pt-br-independent-holdout.tsv";

  record Example(String text, Category category, Priority priority) {}

  record Result(String name, List<Example> examples, List<Classification> predictions) {
    double accuracy(Function<Example, Enum<?>> label, Function<Classification, Enum<?>> predicted) {
      int ok = 0;
      for (int i = 0; i < examples.size(); i++) {
        if (label.apply(examples.get(i)) == predicted.apply(predictions.get(i))) ok++;
      }
      return (double) ok / examples.size();
    }

    double categoryAccuracy() {
      return accuracy(Example::category, Classification::category);
    }

    double priorityAccuracy() {
      return accuracy(Example::priority, Classification::priority);
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
  static Result whole;

  @BeforeAll
  static void run() {
    OfflineClassifier classifier = new OfflineClassifier();
    List<Example> tuningExamples = new ArrayList<>();
    for (String resource : TUNING) tuningExamples.addAll(load(resource));
    tuning = evaluate("tuning", tuningExamples, classifier);
    holdout = evaluate("held-out", load(HOLDOUT), classifier);
    whole = tuning.plus(holdout, "whole set");
    System.out.println(report(Boolean.getBoolean("eval.showHoldoutErrors")));
  }

  // Regression floors just under what the classifier measures now (README: held-out 82.5 % / 70.8 %).
  // The goal is category >= 85 % and priority >= 80 % on the held-out set; it is not reached yet.

  @Test
  void onTheHeldOutSetCategoryIsRightAtLeast80PercentOfTheTime() {
    assertThat(holdout.categoryAccuracy()).as("held-out category accuracy").isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void onTheHeldOutSetPriorityIsRightAtLeast70PercentOfTheTime() {
    assertThat(holdout.priorityAccuracy()).as("held-out priority accuracy").isGreaterThanOrEqualTo(0.70);
  }

  @Test
  void onTheWholeSetCategoryIsRightAtLeast88AndPriorityAtLeast80PercentOfTheTime() {
    assertThat(whole.categoryAccuracy()).as("whole-set category accuracy").isGreaterThanOrEqualTo(0.88);
    assertThat(whole.priorityAccuracy()).as("whole-set priority accuracy").isGreaterThanOrEqualTo(0.80);
  }

  @Test
  void theHeldOutSetIsLargeAndCoversEveryCategoryAndPriority() {
    assertThat(whole.examples()).hasSizeGreaterThanOrEqualTo(500);
    assertThat(holdout.examples()).hasSizeGreaterThanOrEqualTo(120);
    assertThat(holdout.examples()).extracting(Example::category).contains(Category.values());
    assertThat(holdout.examples()).extracting(Example::priority).contains(Priority.values());
  }

  /** Prints the same report without JUnit. */
  public static void main(String[] args) {
    run();
  }

  // ------------------------------------------------------------------------------------ plumbing

  /** A TSV file: {@code #} lines are comments, the first other line is the column header. */
  static List<Example> load(String resource) {
    try (InputStream in = OfflineClassifierEvaluation.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing " + resource);
      List<Example> out = new ArrayList<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
      boolean header = true;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank() || lines[i].startsWith("#")) continue;
        if (header) {
          header = false;
          continue;
        }
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
    for (Result r : List.of(tuning, holdout, whole)) {
      sb.append(String.format(Locale.ROOT, "%-10s %5d  %8.1f%%  %8.1f%%%n",
          r.name(), r.examples().size(), 100 * r.categoryAccuracy(), 100 * r.priorityAccuracy()));
    }
    for (Result r : List.of(whole, holdout)) {
      sb.append("\n").append(r.name()).append(": category (rows = label, columns = predicted)\n");
      sb.append(matrix(r, Category.values(), Example::category, Classification::category));
      sb.append("\n").append(r.name()).append(": priority (rows = label, columns = predicted)\n");
      sb.append(matrix(r, Priority.values(), Example::priority, Classification::priority));
    }
    sb.append(errors(tuning));
    if (showHoldoutErrors) sb.append(errors(holdout));
    return sb.toString();
  }

  /** The confusion matrix with each class's recall (right column) and precision (bottom row). */
  private static <E extends Enum<E> & WireEnum> String matrix(Result r, E[] values,
      Function<Example, E> label, Function<Classification, E> predicted) {
    int n = values.length;
    int[][] m = new int[n][n];
    for (int i = 0; i < r.examples().size(); i++) {
      m[label.apply(r.examples().get(i)).ordinal()][predicted.apply(r.predictions().get(i)).ordinal()]++;
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-11s", ""));
    for (E v : values) sb.append(String.format(Locale.ROOT, "%11s", v.wire()));
    sb.append(String.format(Locale.ROOT, "%9s%n", "recall"));
    for (int i = 0; i < n; i++) {
      sb.append(String.format(Locale.ROOT, "%-11s", values[i].wire()));
      int total = 0;
      for (int j = 0; j < n; j++) {
        sb.append(String.format(Locale.ROOT, "%11d", m[i][j]));
        total += m[i][j];
      }
      sb.append(percent(m[i][i], total, 9)).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%-11s", "precision"));
    for (int j = 0; j < n; j++) {
      int total = 0;
      for (int i = 0; i < n; i++) total += m[i][j];
      sb.append(percent(m[j][j], total, 11));
    }
    return sb.append('\n').toString();
  }

  private static String percent(int part, int total, int width) {
    String s = total == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / total);
    return String.format(Locale.ROOT, "%" + width + "s", s);
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
