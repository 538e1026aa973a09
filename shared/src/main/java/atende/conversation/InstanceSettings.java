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
    Optional<String> model) {

  public static final InstanceSettings DEFAULTS =
      new InstanceSettings(true, "pt-BR", Optional.empty(), true, 3, List.of(), Optional.empty());

  public static InstanceSettings from(DocumentSnapshot doc) {
    if (doc == null || !doc.exists()) return DEFAULTS;
    Long debounce = doc.getLong("debounceSeconds");
    @SuppressWarnings("unchecked")
    List<String> targets = doc.get("escalationTargets") instanceof List<?> list
        ? list.stream().map(String::valueOf).toList()
        : List.of();
    return new InstanceSettings(
        !Boolean.FALSE.equals(doc.getBoolean("enabled")),
        Optional.ofNullable(doc.getString("language")).orElse(DEFAULTS.language()),
        Optional.ofNullable(doc.getString("persona")),
        !Boolean.FALSE.equals(doc.getBoolean("ignoreGroups")),
        debounce == null ? DEFAULTS.debounceSeconds() : (int) Math.max(0, Math.min(60, debounce)),
        targets,
        Optional.ofNullable(doc.getString("model")));
  }
}
