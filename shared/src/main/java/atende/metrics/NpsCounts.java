package atende.metrics;

import java.util.Collection;

/**
 * NPS answers in the window: how many, how many promoters (9-10) and detractors (0-6), and the sum of
 * the scores (for the mean). Passives (7-8) are the rest.
 */
public record NpsCounts(long responses, long promoters, long detractors, long sum) {
  public static final NpsCounts NONE = new NpsCounts(0, 0, 0, 0);

  public NpsCounts {
    if (responses < 0 || promoters < 0 || detractors < 0 || promoters + detractors > responses) {
      throw new IllegalArgumentException("inconsistent NPS counts: " + responses + " responses, "
          + promoters + " promoters, " + detractors + " detractors");
    }
  }

  /** From individual answers; values outside 0..10 are not answers and are ignored. */
  public static NpsCounts of(Collection<Integer> scores) {
    long responses = 0, promoters = 0, detractors = 0, sum = 0;
    for (Integer score : scores) {
      if (score == null || score < 0 || score > 10) continue;
      responses++;
      sum += score;
      if (score >= 9) promoters++;
      else if (score <= 6) detractors++;
    }
    return new NpsCounts(responses, promoters, detractors, sum);
  }

  public long passives() {
    return responses - promoters - detractors;
  }
}
