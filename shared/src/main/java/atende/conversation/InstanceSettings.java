package atende.conversation;

import com.google.cloud.firestore.DocumentSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Per-instance (tenant) settings from {@code instances/{instance}}; a missing document or field means
 * the default (DESIGN.md data model).
 */
public record InstanceSettings(
    boolean enabled,
    String language,
    Optional<String> persona,
    boolean ignoreGroups,
    int debounceSeconds,
    List<String> escalationTargets,
    Optional<String> model,
    List<String> complexityKeywords) {

  /** {@code complexityKeywords} empty = the deployment's default list (Policy). */
  public static final InstanceSettings DEFAULTS =
      new InstanceSettings(true, "pt-BR", Optional.empty(), true, 3, List.of(), Optional.empty(), List.of());

  public static InstanceSettings from(DocumentSnapshot doc) {
    if (doc == null || !doc.exists()) return DEFAULTS;
    Long debounce = doc.getLong("debounceSeconds");
    List<String> targets = strings(doc.get("escalationTargets"));
    return new InstanceSettings(
        !Boolean.FALSE.equals(doc.getBoolean("enabled")),
        Optional.ofNullable(doc.getString("language")).orElse(DEFAULTS.language()),
        Optional.ofNullable(doc.getString("persona")),
        !Boolean.FALSE.equals(doc.getBoolean("ignoreGroups")),
        debounce == null ? DEFAULTS.debounceSeconds() : (int) Math.max(0, Math.min(60, debounce)),
        targets,
        Optional.ofNullable(doc.getString("model")),
        strings(doc.get("complexityKeywords")));
  }

  /** A console-edited array of strings; anything else (a typo'd scalar, a map) counts as unset. */
  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().filter(v -> v != null).map(String::valueOf).toList() : List.of();
  }
}
