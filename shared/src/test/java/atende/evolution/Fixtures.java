package atende.evolution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The real Evolution payloads, provenance in {@code evolution/SOURCES.md}. They are test resources of
 * this module ({@code shared/src/test/resources/evolution/}) read from the classpath, so they travel
 * with the repository and need no path or system property; the {@code local} module's tests read
 * them through this class from shared's test-jar (local/pom.xml).
 */
public final class Fixtures {
  private Fixtures() {}

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String DIR = "/evolution/";

  /**
   * Every webhook body {@code NN-*.json}; not the {@code .headers.json} companions, not the {@code R*}
   * send responses. Listing needs the resources as files, which they are in this module's own tests.
   */
  static List<String> webhookPayloads() {
    try (Stream<Path> files = Files.list(Path.of(resource("SOURCES.md").toURI()).getParent())) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.matches("\\d\\d-.*\\.json") && !name.endsWith(".headers.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every webhook body that carries media bytes in {@code data.message.base64}, each cut short by its author. */
  public static List<String> mediaPayloads() {
    return List.of(
        "02-upsert-image-base64.json",
        "03-upsert-audio-ptt-base64.json",
        "09-upsert-image-caption-v2.3.7-long-and-bytes-objects.json",
        "10-upsert-image-nocaption-base64-v2.3.7.json",
        "16-v1.8-upsert-video-caption-base64-truncated.json",
        "22-upsert-fromme-audio-ptt-base64-serverack.json");
  }

  /** The bytes of one fixture, e.g. {@code "01-upsert-text-conversation.json"}. */
  public static byte[] read(String name) {
    try (InputStream in = resource(name).openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ParseResult parse(String name) {
    return new EvolutionParser(MAPPER).parse(read(name));
  }

  /** The message of a fixture that must be a messages.upsert. */
  public static EvolutionMessage message(String name) {
    if (parse(name) instanceof ParseResult.Parsed(WebhookEvent.MessageUpsert upsert)) return upsert.message();
    throw new AssertionError(name + " is not a messages.upsert");
  }

  /**
   * A media fixture as Evolution would have sent it before its author cut {@code data.message.base64}
   * short: that field replaced by {@code fileLength} bytes that begin with the fixture's own (so a voice
   * note still starts {@code OggS}), the rest from a fixed seed.
   */
  public static byte[] withCompleteMedia(String name) {
    try {
      ObjectNode root = (ObjectNode) MAPPER.readTree(read(name));
      ObjectNode message = (ObjectNode) root.path("data").path("message");
      long length = message(name).media().fileLength();
      String cut = message.path("base64").asText();
      String valid = cut.substring(0, (int) cut.chars().takeWhile(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/').count());
      byte[] prefix = Base64.getDecoder().decode(valid.substring(0, valid.length() / 4 * 4));
      byte[] bytes = new byte[Math.toIntExact(length)];
      new Random(length).nextBytes(bytes);
      System.arraycopy(prefix, 0, bytes, 0, Math.min(prefix.length, bytes.length));
      message.put("base64", Base64.getEncoder().encodeToString(bytes));
      return MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes {@link #withCompleteMedia} put in a fixture, decoded without the parser. */
  public static byte[] completeMediaBytes(String name) {
    try {
      return Base64.getDecoder().decode(MAPPER.readTree(withCompleteMedia(name)).path("data").path("message").path("base64").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URL resource(String name) {
    URL url = Fixtures.class.getResource(DIR + name);
    if (url == null) throw new IllegalArgumentException("No Evolution fixture " + DIR + name + " on the classpath");
    return url;
  }
}
