package atende.conversation;

import atende.guard.ModelLimits;
import com.google.cloud.firestore.DocumentSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-instance (tenant) settings from {@code instances/{instance}}; a missing document or field means
 * the default (docs/design.md data model).
 */
public record InstanceSettings(
    boolean enabled,
    String language,
    Optional<String> persona,
    boolean ignoreGroups,
    int debounceSeconds,
    List<String> escalationTargets,
    Optional<String> model,
    Map<String, List<String>> keywords,
    ModelLimits modelLimits) {

  // The fields of instances/{instance} this record reads (FollowUpSweep's are in atende.followup.SweepSettings).
  public static final String ENABLED = "enabled";
  public static final String LANGUAGE = "language";
  public static final String PERSONA = "persona";
  public static final String IGNORE_GROUPS = "ignoreGroups";
  public static final String DEBOUNCE_SECONDS = "debounceSeconds";
  public static final String ESCALATION_TARGETS = "escalationTargets";
  public static final String MODEL = "model";

  /**
   * The escalation keyword lists an instance may set (atende.agent.KeywordFamily): technical complexity,
   * legal threats, payment disputes. A non-empty list replaces that family's defaults.
   */
  public static final List<String> KEYWORD_FIELDS = List.of("complexityKeywords", "legalKeywords", "paymentDisputeKeywords");

  /** {@code keywords} holds only the lists an instance set; none = the deployment's defaults. */
  public static final InstanceSettings DEFAULTS =
      new InstanceSettings(true, "pt-BR", Optional.empty(), true, 3, List.of(), Optional.empty(), Map.of(), ModelLimits.DEFAULTS);

  public static InstanceSettings from(DocumentSnapshot doc) {
    if (doc == null || !doc.exists()) return DEFAULTS;
    Long debounce = doc.getLong(DEBOUNCE_SECONDS);
    List<String> targets = strings(doc.get(ESCALATION_TARGETS));
    return new InstanceSettings(
        !Boolean.FALSE.equals(doc.getBoolean(ENABLED)),
        Optional.ofNullable(doc.getString(LANGUAGE)).orElse(DEFAULTS.language()),
        Optional.ofNullable(doc.getString(PERSONA)),
        !Boolean.FALSE.equals(doc.getBoolean(IGNORE_GROUPS)),
        debounce == null ? DEFAULTS.debounceSeconds() : (int) Math.max(0, Math.min(60, debounce)),
        targets,
        Optional.ofNullable(doc.getString(MODEL)),
        keywordLists(doc),
        ModelLimits.from(doc));
  }

  private static Map<String, List<String>> keywordLists(DocumentSnapshot doc) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (String field : KEYWORD_FIELDS) {
      List<String> list = strings(doc.get(field));
      if (!list.isEmpty()) lists.put(field, list);
    }
    return Map.copyOf(lists);
  }

  /** A console-edited array of strings; anything else (a typo'd scalar, a map) counts as unset. */
  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().filter(v -> v != null).map(String::valueOf).toList() : List.of();
  }

  /**
   * True when a chat is one of the team's {@code escalationTargets}: a number (any formatting) or a JID
   * (a group, or {@code <number>@s.whatsapp.net}). NotifyEscalation writes to these chats, so what
   * happens there — our notice's echo, a team member's answer — is team talk, never a customer ticket
   * nor a human taking over one.
   */
  public boolean isEscalationTarget(String chatJid, String phone) {
    for (String raw : escalationTargets) {
      String target = raw == null ? "" : raw.strip();
      if (target.isEmpty()) continue;
      int at = target.indexOf('@');
      if (at >= 0) {
        if (chatJid != null && target.equalsIgnoreCase(chatJid.strip())) return true;
        String server = target.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
        if (phone != null && (server.equals("s.whatsapp.net") || server.equals("c.us"))
            && target.substring(0, at).equals(phone)) {
          return true;
        }
      } else {
        String digits = target.replaceAll("[^0-9]", "");
        if (!digits.isEmpty() && digits.equals(phone)) return true;
      }
    }
    return false;
  }
}
