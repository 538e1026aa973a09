package atende.agent;

import atende.conversation.Category;
import atende.conversation.InstanceSettings;
import atende.conversation.Priority;
import atende.conversation.Sentiment;
import atende.escalation.EscalationReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's escalation rules (5.1.6), applied after the model and deterministically: whatever the
 * customer writes, and whatever the model answers, these reasons cannot be talked away.
 */
public final class Policy {
  /** Interactions on the same subject after which a person takes over (seed 5.1.6: 3+). */
  public static final int RECURRENCE_LIMIT = 3;

  /** Every family with its default phrases. */
  public static final Policy DEFAULT = new Policy(Map.of());

  /**
   * What the policy looks at besides the decision. {@code modelFailure} is the reason code when the
   * model could not be used ({@link EngineFailure}'s codes); {@code mediaNotUnderstood} counts the
   * customer's voice notes, images and files in the conversation that no engine heard or saw.
   */
  public record Facts(boolean vip, int recurrence, boolean asksForHuman, Optional<EscalationReason> modelFailure,
      List<String> customerTexts, int mediaNotUnderstood) {
    /** Facts of a conversation whose media, if any, was understood. */
    public Facts(boolean vip, int recurrence, boolean asksForHuman, Optional<EscalationReason> modelFailure, List<String> customerTexts) {
      this(vip, recurrence, asksForHuman, modelFailure, customerTexts, 0);
    }
  }

  /**
   * Customer media nobody could hear or see, in the conversation, after which a person takes over: one
   * gets an honest "please write", a second one means writing is not what this customer does.
   */
  public static final int MEDIA_NOT_UNDERSTOOD_LIMIT = 2;

  private final Map<KeywordFamily, List<String>> lists;
  private final Map<KeywordFamily, Phrases> phrases = new EnumMap<>(KeywordFamily.class);

  /** {@code lists} replaces the default phrases of the families it names (a missing or empty list keeps them). */
  public Policy(Map<KeywordFamily, List<String>> lists) {
    this.lists = Map.copyOf(lists);
    for (KeywordFamily family : KeywordFamily.values()) {
      List<String> list = lists.getOrDefault(family, List.of());
      phrases.put(family, new Phrases(list.isEmpty() ? family.defaults() : list));
    }
  }

  /** This policy with an instance's own keyword lists ({@code instances/{i}.complexityKeywords}, ...) where it has them. */
  public Policy forInstance(InstanceSettings settings) {
    if (settings.keywords().isEmpty()) return this;
    Map<KeywordFamily, List<String>> merged = new EnumMap<>(KeywordFamily.class);
    merged.putAll(lists);
    for (KeywordFamily family : KeywordFamily.values()) {
      List<String> own = settings.keywords().getOrDefault(family.instanceField(), List.of());
      if (!own.isEmpty()) merged.put(family, own);
    }
    return new Policy(merged);
  }

  /** The model's decision after the rules: escalated whenever a rule or the model says so. */
  public Decision apply(Decision decision, Facts facts) {
    List<EscalationReason> reasons = forClassification(decision.classification(), facts);
    if (decision.reply() == null || decision.reply().isBlank()) reasons.add(EscalationReason.EMPTY_REPLY);
    // The model's own reasons are kept: it may escalate more than the rules, never less.
    for (EscalationReason reason : decision.reasons()) if (!reasons.contains(reason)) reasons.add(reason);
    if (decision.escalate() && reasons.isEmpty()) reasons.add(EscalationReason.MODEL_REQUESTED);
    return decision.withEscalation(reasons);
  }

  /**
   * The reasons the rules alone give a classification and its facts (empty: no escalation). A person's
   * correction in the console is judged this way: there is no reply or model answer to judge.
   */
  public List<EscalationReason> forClassification(Classification c, Facts facts) {
    List<EscalationReason> reasons = new ArrayList<>();
    facts.modelFailure().ifPresent(reasons::add);
    if (facts.asksForHuman()) reasons.add(EscalationReason.CUSTOMER_REQUESTED_HUMAN);
    if (c.priority() == Priority.CRITICAL) reasons.add(EscalationReason.CRITICAL_PRIORITY);
    if (facts.vip() && (c.category() == Category.COMPLAINT || c.sentiment() == Sentiment.NEGATIVE)) reasons.add(EscalationReason.VIP_COMPLAINT);
    // An unhappy customer with a complaint goes to a person whatever priority the model gave it.
    if (c.sentiment() == Sentiment.NEGATIVE
        && (c.category() == Category.COMPLAINT || c.priority() == Priority.HIGH || c.priority() == Priority.CRITICAL)) {
      reasons.add(EscalationReason.NEGATIVE_SENTIMENT);
    }
    if (facts.recurrence() >= RECURRENCE_LIMIT) reasons.add(EscalationReason.RECURRING_ISSUE);
    if (facts.mediaNotUnderstood() >= MEDIA_NOT_UNDERSTOOD_LIMIT) reasons.add(EscalationReason.MEDIA_NOT_UNDERSTOOD);
    for (KeywordFamily family : KeywordFamily.values()) {
      if (phrases.get(family).foundIn(facts.customerTexts())) reasons.add(family.reason());
    }
    return reasons;
  }
}
