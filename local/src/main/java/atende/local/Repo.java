package atende.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder holding {@code dev/emulator/run.mjs}). */
final class Repo {
  private Repo() {}

  static Path root() {
    String configured = System.getProperty("atende.repo");
    if (configured != null && Files.exists(Path.of(configured, "dev", "emulator", "run.mjs"))) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("dev/emulator/run.mjs"))) return dir;
    }
    throw new IllegalStateException("Cannot find the Atende repository (dev/emulator/run.mjs); run from inside it");
  }
}
