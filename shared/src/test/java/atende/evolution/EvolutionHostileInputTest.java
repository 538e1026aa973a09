package atende.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever reaches the public webhook URL, the parser answers with a result and never throws. */
class EvolutionHostileInputTest {

  private static final String KEY = "{\"remoteJid\": \"5511987654321@s.whatsapp.net\", \"fromMe\": false, \"id\": \"K\"}";

  static Stream<String> hostileBodies() {
    String huge = "x".repeat(5_000_000);
    List<String> data = List.of(
        "null", "5", "\"x\"", "true", "[]", "[null]", "[5]", "[[]]", "{}",
        "{\"key\": null}", "{\"key\": 5}", "{\"key\": \"x\"}", "{\"key\": []}", "{\"key\": {}}",
        "{\"key\": {\"id\": 5}}", "{\"key\": {\"id\": {}}}", "{\"key\": {\"id\": \"\"}}", "{\"key\": {\"id\": []}}",
        "{\"key\": {\"id\": \"" + huge + "\", \"remoteJid\": \"1@s.whatsapp.net\"}}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": 5}}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": \"" + huge + "\"}}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": \"@\"}}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": \"a@b@c@g.us\", \"participant\": {}}}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": \"1@lid\", \"remoteJidAlt\": [1], \"senderPn\": {}}}",
        "{\"key\": " + KEY + ", \"fromMe\": \"yes\"}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": \"1@s.whatsapp.net\", \"fromMe\": {}}}",
        "{\"key\": {\"id\": \"K\", \"remoteJid\": \"1@s.whatsapp.net\", \"fromMe\": 1e308}}",
        "{\"key\": " + KEY + ", \"message\": 5}",
        "{\"key\": " + KEY + ", \"message\": \"oi\"}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": {}}}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": \"" + huge + "\"}}",
        "{\"key\": " + KEY + ", \"message\": {\"imageMessage\": 5}}",
        "{\"key\": " + KEY + ", \"message\": {\"imageMessage\": {\"fileLength\": \"abc\", \"seconds\": -1, \"ptt\": \"maybe\"}}}",
        "{\"key\": " + KEY + ", \"message\": {\"audioMessage\": {\"fileLength\": {\"low\": \"x\", \"high\": []}, \"seconds\": 1e308}}}",
        "{\"key\": " + KEY + ", \"message\": {\"videoMessage\": {\"seconds\": 99999999999999999999999999}}}",
        "{\"key\": " + KEY + ", \"message\": {\"ephemeralMessage\": 5}}",
        "{\"key\": " + KEY + ", \"message\": {\"ephemeralMessage\": {\"message\": null}}}",
        "{\"key\": " + KEY + ", \"message\": {\"viewOnceMessage\": {\"message\": []}}}",
        "{\"key\": " + KEY + ", \"message\": {\"protocolMessage\": {\"editedMessage\": {\"protocolMessage\": {\"editedMessage\": 5}}}}}",
        "{\"key\": " + KEY + ", \"message\": {\"reactionMessage\": {\"text\": {}}}}",
        "{\"key\": " + KEY + ", \"message\": {\"listResponseMessage\": {\"title\": [], \"description\": 5}}}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": \"oi\"}, \"messageTimestamp\": {\"low\": 1, \"high\": 2147483647}}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": \"oi\"}, \"messageTimestamp\": -9223372036854775808}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": \"oi\"}, \"messageTimestamp\": 9223372036854775807}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": \"oi\"}, \"contextInfo\": 5, \"pushName\": [], \"status\": {}}",
        "{\"key\": " + KEY + ", \"message\": {\"conversation\": \"oi\"}, \"contextInfo\": {\"stanzaId\": []}, \"source\": 5}",
        "{\"keyId\": 5, \"status\": []}", "{\"keyId\": \"K\", \"status\": 2147483648}", "{\"keyId\": \"K\", \"status\": -1}",
        "{\"keyId\": \"K\", \"fromMe\": \"nope\"}");
    List<String> bodies = new ArrayList<>();
    for (String event : List.of("messages.upsert", "send.message", "messages.update", "MESSAGES_UPSERT")) {
      for (String d : data) {
        bodies.add("{\"event\": \"" + event + "\", \"instance\": \"acme\", \"data\": " + d + "}");
      }
    }
    bodies.addAll(List.of(
        "", " ", "{", "}", "[", "\"", "nul", "{\"event\"", "{\"event\": }", "{\"event\": \"messages.upsert\",}",
        "{'event': 'messages.upsert'}", "{\"event\": NaN}", "{\"event\": \"messages.upsert\"} trailing",
        "{\"event\": \"" + huge + "\", \"instance\": \"acme\"}",
        "{\"event\": \"messages.upsert\", \"instance\": \"" + huge + "\", \"data\": {\"key\": " + KEY + "}}",
        "{\"event\": \"messages.upsert\", \"instance\": 5, \"data\": {\"key\": " + KEY + "}}",
        "{\"event\": [\"messages.upsert\"], \"instance\": \"acme\"}",
        "{\"event\": \"messages.upsert\", \"event\": \"connection.update\", \"instance\": \"acme\"}",
        "[".repeat(5_000) + "]".repeat(5_000),
        "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)));
    return bodies.stream();
  }

  @ParameterizedTest
  @MethodSource("hostileBodies")
  void answersEveryHostileBodyWithAResult(String body) {
    assertParsesWithoutThrowing(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void answersInvalidUtf8AndBinaryGarbage() {
    assertParsesWithoutThrowing(new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'});
    assertParsesWithoutThrowing(new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
    assertParsesWithoutThrowing(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});
    assertParsesWithoutThrowing(new byte[] {0, 0, 0, 0});
  }

  /** Every real fixture, truncated, with bytes flipped or deleted: a fixed seed keeps failures reproducible. */
  @Test
  void answersMangledRealPayloads() {
    Random random = new Random(20260214);
    for (String fixture : Fixtures.webhookPayloads()) {
      byte[] original = Fixtures.read(fixture);
      for (int round = 0; round < 40; round++) {
        byte[] mangled = switch (round % 3) {
          case 0 -> java.util.Arrays.copyOf(original, random.nextInt(original.length));
          case 1 -> flipSomeBytes(original, random);
          default -> deleteARange(original, random);
        };
        assertParsesWithoutThrowing(mangled);
      }
    }
  }

  private static void assertParsesWithoutThrowing(byte[] body) {
    assertThatCode(() -> {
      ParseResult result = Payloads.PARSER.parse(body);
      assertThat(result).isNotNull();
      // The parser's last-resort catch is a safety net; reaching it means a case the code does not handle.
      if (result instanceof ParseResult.Malformed(String error)) assertThat(error).doesNotStartWith("unreadable body");
    }).doesNotThrowAnyException();
  }

  private static byte[] flipSomeBytes(byte[] original, Random random) {
    byte[] copy = original.clone();
    for (int i = 0; i < 1 + random.nextInt(8); i++) {
      copy[random.nextInt(copy.length)] = (byte) "{}[]\":,0 tnfa\\".charAt(random.nextInt(14));
    }
    return copy;
  }

  private static byte[] deleteARange(byte[] original, Random random) {
    int from = random.nextInt(original.length);
    int to = Math.min(original.length, from + 1 + random.nextInt(64));
    byte[] copy = new byte[original.length - (to - from)];
    System.arraycopy(original, 0, copy, 0, from);
    System.arraycopy(original, to, copy, from, original.length - to);
    return copy;
  }
}
