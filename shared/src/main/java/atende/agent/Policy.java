package atende.agent;

import atende.knowledge.PtText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The seed's escalation rules (5.1.6), applied after the model and deterministically: whatever the
 * customer writes, and whatever the model answers, these reasons cannot be talked away.
 */
public final class Policy {
  /** Words that signal technical complexity beyond a first-line answer (configurable per deployment). */
  public static final List<String> DEFAULT_COMPLEXITY_KEYWORDS = List.of(
      "api", "integração", "webhook", "banco de dados", "servidor", "erro 500", "timeout",
      "certificado", "ssl", "dns", "backup", "perdi os dados", "dados sumiram", "vazamento", "invasão");

  /** Interactions on the same subject after which a person takes over (seed 5.1.6: 3+). */
  public static final int RECURRENCE_LIMIT = 3;

  /**
   * What the policy looks at besides the decision. {@code modelFailure} is the reason code when the
   * model could not be used ({@code model_unavailable}, {@code model_invalid_output}, {@code safety_block}).
   */
  public record Facts(boolean vip, int recurrence, boolean asksForHuman, Optional<String> modelFailure, List<String> customerTexts) {}

  /** Keywords as folded token sequences, so "integracao", "Integração" and "INTEGRAÇÃO" all match. */
  private final List<List<String>> complexityKeywords;

  public Policy(List<String> complexityKeywords) {
    this.complexityKeywords = complexityKeywords.stream().map(PtText::tokens).filter(t -> !t.isEmpty()).toList();
  }

  public Decision apply(Decision decision, Facts facts) {
    List<String> reasons = new ArrayList<>();
    Classification c = decision.classification();
    facts.modelFailure().ifPresent(reasons::add);
    if (facts.asksForHuman()) reasons.add("customer_requested_human");
    if (c.priority() == Priority.CRITICAL) reasons.add("critical_priority");
    if (facts.vip() && (c.category() == Category.COMPLAINT || c.sentiment() == Sentiment.NEGATIVE)) reasons.add("vip_complaint");
    if (c.sentiment() == Sentiment.NEGATIVE && (c.priority() == Priority.HIGH || c.priority() == Priority.CRITICAL)) {
      reasons.add("negative_sentiment");
    }
    if (facts.recurrence() >= RECURRENCE_LIMIT) reasons.add("recurring_issue");
    if (mentionsComplexity(facts.customerTexts())) reasons.add("technical_complexity");
    if (decision.reply() == null || decision.reply().isBlank()) reasons.add("empty_reply");
    // The model's own reasons are kept: it may escalate more than the rules, never less.
    for (String reason : decision.reasons()) if (!reasons.contains(reason)) reasons.add(reason);
    if (decision.escalate() && reasons.isEmpty()) reasons.add("model_requested");
    return decision.withEscalation(reasons);
  }

  private boolean mentionsComplexity(List<String> texts) {
    for (String text : texts) {
      List<String> words = PtText.tokens(text);
      for (List<String> keyword : complexityKeywords) {
        if (Collections.indexOfSubList(words, keyword) >= 0) return true;
      }
    }
    return false;
  }
}
