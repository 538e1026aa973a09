package atende.evolution;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real Evolution payloads in ../shared/fixtures/evolution, next to the repository. */
final class Fixtures {
  private Fixtures() {}

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Path DIR = locate();

  static Path dir() {
    return DIR;
  }

  /** Every webhook body {@code NN-*.json}; not the {@code .headers.json} companions, not the {@code R*} send responses. */
  static List<String> webhookPayloads() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("\\d\\d-.*\\.json") && !name.endsWith(".headers.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] read(String name) {
    try {
      return Files.readAllBytes(DIR.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParseResult parse(String name) {
    return new EvolutionParser(MAPPER).parse(read(name));
  }

  /** The message of a fixture that must be a messages.upsert. */
  static EvolutionMessage message(String name) {
    if (parse(name) instanceof ParseResult.Parsed(WebhookEvent.MessageUpsert upsert)) return upsert.message();
    throw new AssertionError(name + " is not a messages.upsert");
  }

  /** The parent pom sets atende.repo to the repository root; otherwise walk up from the working directory. */
  private static Path locate() {
    Path fromProperty = Path.of(System.getProperty("atende.repo", "..")).resolve("../shared/fixtures/evolution").normalize();
    if (Files.isDirectory(fromProperty)) return fromProperty;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/evolution");
      if (Files.isDirectory(candidate)) return candidate;
    }
    throw new IllegalStateException("shared/fixtures/evolution not found next to the repository (tried " + fromProperty + ")");
  }
}
