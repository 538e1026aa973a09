package atende.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.ParseResult.Malformed;
import atende.evolution.ParseResult.Parsed;
import atende.evolution.WebhookEvent.MessageUpsert;
import java.nio.charset.StandardCharsets;

/** Small hand-written webhook bodies for focused tests. */
final class Payloads {
  private Payloads() {}

  static final EvolutionParser PARSER = new EvolutionParser(Fixtures.MAPPER);

  /** A one-to-one chat with a customer, addressed by phone number. */
  static final String CUSTOMER_KEY =
      """
      {"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": false, "id": "3EB0AAAA0001"}""";

  /** A messages.upsert from instance "acme" with the given key and message objects. */
  static String upsert(String key, String message) {
    return upsertData(
        """
        {"key": %s, "pushName": "Ana", "message": %s, "messageTimestamp": 1749766101}"""
            .formatted(key, message));
  }

  /** A customer's message in a one-to-one chat. */
  static String customerMessage(String message) {
    return upsert(CUSTOMER_KEY, message);
  }

  static String upsertData(String data) {
    return envelope("messages.upsert", data);
  }

  static String envelope(String event, String data) {
    return """
        {"event": "%s", "instance": "acme", "data": %s, "sender": "5511900000000@s.whatsapp.net", "apikey": null}"""
        .formatted(event, data);
  }

  static ParseResult parse(String body) {
    return PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  static WebhookEvent parsed(String body) {
    ParseResult result = parse(body);
    assertThat(result).isInstanceOf(Parsed.class);
    return ((Parsed) result).event();
  }

  static EvolutionMessage upsertedMessage(String body) {
    WebhookEvent event = parsed(body);
    assertThat(event).isInstanceOf(MessageUpsert.class);
    return ((MessageUpsert) event).message();
  }

  static String malformed(String body) {
    ParseResult result = parse(body);
    assertThat(result).isInstanceOf(Malformed.class);
    return ((Malformed) result).error();
  }
}
