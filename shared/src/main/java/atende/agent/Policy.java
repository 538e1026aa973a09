package atende.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's escalation rules (5.1.6), applied after the model and deterministically: whatever the
 * customer writes, and whatever the model answers, these reasons cannot be talked away.
 */
public final class Policy {
  /** Words that signal technical complexity beyond a first-line answer (configurable per deployment). */
  public static final List<String> DEFAULT_COMPLEXITY_KEYWORDS = List.of(
      "api", "integracao", "integração", "webhook", "banco de dados", "servidor", "erro 500", "timeout",
      "certificado", "ssl", "dns", "backup", "perdi os dados", "dados sumiram", "vazamento", "invasao", "invasão");

  /** What the policy looks at besides the decision. */
  public record Facts(boolean vip, int recurrence, boolean asksForHuman, boolean modelFailed, List<String> customerTexts) {}

  private final List<String> complexityKeywords;

  public Policy(List<String> complexityKeywords) {
    this.complexityKeywords = complexityKeywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
  }

  public Decision apply(Decision decision, Facts facts) {
    List<String> reasons = new ArrayList<>();
    Classification c = decision.classification();
    if (facts.modelFailed()) reasons.add("model_unavailable");
    if (facts.asksForHuman()) reasons.add("customer_requested_human");
    if (c.priority() == Priority.CRITICAL) reasons.add("critical_priority");
    if (facts.vip() && (c.category() == Category.COMPLAINT || c.sentiment() == Sentiment.NEGATIVE)) reasons.add("vip_complaint");
    if (c.sentiment() == Sentiment.NEGATIVE && (c.priority() == Priority.HIGH || c.priority() == Priority.CRITICAL)) {
      reasons.add("negative_sentiment");
    }
    if (facts.recurrence() >= 3) reasons.add("recurring_issue");
    if (mentionsComplexity(facts.customerTexts())) reasons.add("technical_complexity");
    if (decision.reply() == null || decision.reply().isBlank()) reasons.add("empty_reply");
    // The model's own reasons are kept: it may escalate more than the rules, never less.
    for (String reason : decision.reasons()) if (!reasons.contains(reason)) reasons.add(reason);
    if (decision.escalate() && reasons.isEmpty()) reasons.add("model_requested");
    return decision.withEscalation(reasons);
  }

  private boolean mentionsComplexity(List<String> texts) {
    for (String text : texts) {
      String lower = text.toLowerCase(Locale.ROOT);
      for (String keyword : complexityKeywords) {
        if (lower.matches("(?s).*\\b" + java.util.regex.Pattern.quote(keyword) + "\\b.*")) return true;
      }
    }
    return false;
  }
}
