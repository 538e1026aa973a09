package atende.agent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A multinomial naive Bayes over binary string features (each feature counted once per message),
 * with additive smoothing. Training is counting, so the result depends only on the examples: the
 * same data always gives the same model. Immutable once trained.
 */
final class NaiveBayes {

  /** Additive smoothing, chosen by 10-fold cross-validation on the training files (0.25..1 score alike). */
  static final double ALPHA = 0.5;

  private final int classes;
  private final double[] logPrior;
  /** feature → per-class log P(feature | class); features never seen in training are ignored. */
  private final Map<String, double[]> logLikelihood;

  private NaiveBayes(int classes, double[] logPrior, Map<String, double[]> logLikelihood) {
    this.classes = classes;
    this.logPrior = logPrior;
    this.logLikelihood = logLikelihood;
  }

  /** Counts {@code features.get(i)} (distinct strings) as evidence for class {@code labels[i]} in 0..classes-1. */
  static NaiveBayes train(List<List<String>> features, int[] labels, int classes) {
    Map<String, double[]> counts = new HashMap<>();
    double[] perClass = new double[classes];
    double[] docs = new double[classes];
    for (int i = 0; i < features.size(); i++) {
      int y = labels[i];
      docs[y]++;
      for (String f : features.get(i)) {
        counts.computeIfAbsent(f, k -> new double[classes])[y]++;
        perClass[y]++;
      }
    }
    double vocabulary = counts.size();
    Map<String, double[]> logLikelihood = new HashMap<>(counts.size() * 2);
    counts.forEach((f, c) -> {
      double[] l = new double[classes];
      for (int k = 0; k < classes; k++) l[k] = Math.log((c[k] + ALPHA) / (perClass[k] + ALPHA * vocabulary));
      logLikelihood.put(f, l);
    });
    double[] logPrior = new double[classes];
    for (int k = 0; k < classes; k++) logPrior[k] = Math.log((docs[k] + 1) / (features.size() + classes));
    return new NaiveBayes(classes, logPrior, Map.copyOf(logLikelihood));
  }

  /** Per-class log P(class) + Σ log P(feature | class), up to a constant; the highest wins. */
  double[] logScores(List<String> features) {
    double[] s = logPrior.clone();
    for (String f : features) {
      double[] l = logLikelihood.get(f);
      if (l == null) continue;
      for (int k = 0; k < classes; k++) s[k] += l[k];
    }
    return s;
  }

  static int argmax(double[] scores) {
    int best = 0;
    for (int k = 1; k < scores.length; k++) if (scores[k] > scores[best]) best = k;
    return best;
  }
}
