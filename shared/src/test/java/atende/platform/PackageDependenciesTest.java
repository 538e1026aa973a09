package atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The feature packages depend on each other in one direction only, so each can be read (and tested)
 * without the ones above it: evolution and knowledge at the bottom, then conversation, escalation,
 * agent, and the console, follow-up and metrics features on top. Read from the sources' imports.
 */
class PackageDependenciesTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?atende\\.([a-z]+)\\.", Pattern.MULTILINE);

  @Test
  void theFeaturePackagesHaveNoCycle() throws IOException {
    Map<String, Set<String>> uses = dependencies(Path.of("src/main/java/atende"));
    assertThat(uses).containsKeys("agent", "conversation", "escalation", "evolution");
    List<String> cycles = new ArrayList<>();
    for (String from : uses.keySet()) {
      for (String to : uses.get(from)) {
        if (reaches(uses, to, from, new TreeSet<>())) cycles.add(from + " -> " + to + " -> ... -> " + from);
      }
    }
    assertThat(cycles).as("package dependencies: " + uses).isEmpty();
  }

  private static Map<String, Set<String>> dependencies(Path root) throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = root.relativize(file).getName(0).toString();
        Set<String> targets = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) if (!m.group(1).equals(pkg)) targets.add(m.group(1));
      }
    }
    return uses;
  }

  private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
    if (from.equals(target)) return true;
    if (!seen.add(from)) return false;
    for (String next : uses.getOrDefault(from, Set.of())) if (reaches(uses, next, target, seen)) return true;
    return false;
  }
}
