package atende.evolution;

import static atende.evolution.Payloads.CUSTOMER_KEY;
import static atende.evolution.Payloads.customerMessage;
import static atende.evolution.Payloads.envelope;
import static atende.evolution.Payloads.malformed;
import static atende.evolution.Payloads.parsed;
import static atende.evolution.Payloads.upsertData;
import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.WebhookEvent.MessageUpsert;
import atende.evolution.WebhookEvent.Other;
import atende.evolution.WebhookEvent.SendEcho;
import atende.evolution.WebhookEvent.StatusUpdate;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook envelope, status updates, and bodies that are not Evolution events. */
class EvolutionParserTest {

  @Nested
  class Envelope {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
      "messages.upsert, messages.upsert",
      "MESSAGES_UPSERT, messages.upsert",
      "Messages.Upsert, messages.upsert",
      "SEND_MESSAGE, send.message",
      "MESSAGES_UPDATE, messages.update",
      "CONNECTION_UPDATE, connection.update",
      "QRCODE_UPDATED, qrcode.updated"
    })
    void acceptsTheDottedAndTheUpperSnakeEventNames(String sent, String normalised) {
      // Usable by every event: upserts read key.id, updates read keyId.
      String data = """
          {"keyId": "3EB0AAAA0001", "key": %s, "message": {"conversation": "oi"}}""".formatted(CUSTOMER_KEY);

      assertThat(parsed(envelope(sent, data)).event()).isEqualTo(normalised);
    }

    @Test
    void anUpperSnakeMessageEventIsStillAMessage() {
      WebhookEvent event = parsed(customerMessage("{\"conversation\": \"oi\"}").replace("messages.upsert", "MESSAGES_UPSERT"));

      assertThat(event).isInstanceOf(MessageUpsert.class);
      assertThat(((MessageUpsert) event).message().text()).isEqualTo("oi");
    }

    @Test
    void ourOwnSendComingBackIsAnEchoNotAnUpsert() {
      WebhookEvent event = parsed(envelope("send.message", """
          {"key": {"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": true, "id": "3EB0OURS"},
           "pushName": "Você", "status": "PENDING", "message": {"conversation": "Olá! Como posso ajudar?"}}"""));

      assertThat(event).isInstanceOf(SendEcho.class);
      EvolutionMessage echo = ((SendEcho) event).message();
      assertThat(echo.keyId()).isEqualTo("3EB0OURS");
      assertThat(echo.fromMe()).isTrue();
      assertThat(echo.rawStatus()).isEqualTo("PENDING");
    }

    @Test
    void unknownEventsAreIgnorableNotErrors() {
      WebhookEvent event = parsed(envelope("labels.association", "{\"whatever\": [1, 2, 3]}"));

      assertThat(event).isEqualTo(new Other("acme", "labels.association"));
    }

    @Test
    void editsAndDeletesArriveAsOtherEvents() {
      assertThat(parsed(envelope("messages.edited", "{\"key\": {\"id\": \"X\"}, \"type\": 14}"))).isInstanceOf(Other.class);
      assertThat(parsed(envelope("messages.delete", "{\"id\": \"X\"}"))).isInstanceOf(Other.class);
    }

    @Test
    void anIgnorableEventWithoutInstanceIsStillParsed() {
      assertThat(parsed("{\"event\": \"connection.update\", \"data\": {\"state\": \"open\"}}"))
          .isEqualTo(new Other(null, "connection.update"));
    }

    @Test
    void theInstanceNameIsKeptExactlyAsSentBecauseItIsUsedInSendPaths() {
      String body = customerMessage("{\"conversation\": \"oi\"}").replace("\"acme\"", "\"My Phone\"");

      assertThat(parsed(body).instance()).isEqualTo("My Phone");
    }

    @Test
    void whenDataIsAnArrayTheFirstMessageIsUsed() {
      String body = envelope("messages.upsert", """
          [{"key": {"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": false, "id": "FIRST"}, "message": {"conversation": "um"}},
           {"key": {"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": false, "id": "SECOND"}, "message": {"conversation": "dois"}}]""");

      EvolutionMessage message = Payloads.upsertedMessage(body);

      assertThat(message.keyId()).isEqualTo("FIRST");
      assertThat(message.text()).isEqualTo("um");
    }

    @Test
    void informationalEnvelopeFieldsOfAnyTypeDoNotMatter() {
      String body = """
          {"event": "messages.upsert", "instance": "acme", "sender": 42, "apikey": {"x": 1}, "date_time": [],
           "destination": "$(PRIMARY_DOMAIN)", "server_url": null,
           "data": {"key": %s, "message": {"conversation": "oi"}}}""".formatted(CUSTOMER_KEY);

      assertThat(Payloads.upsertedMessage(body).text()).isEqualTo("oi");
    }
  }

  @Nested
  class StatusUpdates {

    private StatusUpdate update(String data) {
      WebhookEvent event = parsed(envelope("messages.update", data));
      assertThat(event).isInstanceOf(StatusUpdate.class);
      return (StatusUpdate) event;
    }

    @Test
    void readsTheFlatShape() {
      StatusUpdate update = update("""
          {"keyId": "3EB0SENT", "remoteJid": "123456789012345@lid", "fromMe": true, "status": "READ", "messageId": "cmq..."}""");

      assertThat(update).isEqualTo(new StatusUpdate(
          "acme", "messages.update", "3EB0SENT", "123456789012345@lid", true, Optional.of(DeliveryStatus.READ)));
    }

    @Test
    void fallsBackToTheKeyObjectWhenThereIsNoKeyId() {
      StatusUpdate update = update("""
          {"key": {"id": "3EB0SENT", "remoteJid": "5511987654321@s.whatsapp.net", "fromMe": true}, "status": "DELIVERY_ACK"}""");

      assertThat(update.keyId()).isEqualTo("3EB0SENT");
      assertThat(update.remoteJid()).isEqualTo("5511987654321@s.whatsapp.net");
      assertThat(update.fromMe()).isTrue();
      assertThat(update.status()).contains(DeliveryStatus.DELIVERY_ACK);
    }

    @ParameterizedTest(name = "status {0} is {1}")
    @CsvSource({
      "'\"SERVER_ACK\"', SERVER_ACK",
      "'\"played\"', PLAYED",
      "'\"DELETED\"', DELETED",
      "'0', ERROR",
      "'4', READ"
    })
    void understandsStatusNamesAndWhatsAppStatusNumbers(String status, DeliveryStatus expected) {
      assertThat(update("{\"keyId\": \"K\", \"status\": " + status + "}").status()).contains(expected);
    }

    @ParameterizedTest(name = "status {0} is unknown")
    @CsvSource(delimiter = '|', value = {"'\"SENT_TO_MARS\"'", "'9'", "'null'", "'{}'", "'\"\"'"})
    void anUnknownStatusIsEmptyNotAnError(String status) {
      assertThat(update("{\"keyId\": \"K\", \"status\": " + status + "}").status()).isEmpty();
    }

    @Test
    void anUpdateWithoutAnyKeyIdIsMalformed() {
      assertThat(malformed(envelope("messages.update", "{\"remoteJid\": \"5511987654321@s.whatsapp.net\", \"status\": \"READ\"}")))
          .contains("keyId");
    }
  }

  @Nested
  class Malformed {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not JSON at all                     | not json                                          | invalid JSON
        truncated JSON                      | {"event": "messages.upsert", "data": {            | invalid JSON
        two JSON values                     | {"event": "x"} {"event": "y"}                     | invalid JSON
        an array                            | [{"event": "messages.upsert"}]                    | not a JSON object
        a string                            | "messages.upsert"                                 | not a JSON object
        JSON null                           | null                                              | not a JSON object
        no event                            | {"instance": "acme", "data": {}}                  | event
        event is a number                   | {"event": 5, "instance": "acme"}                  | event
        event is blank                      | {"event": "  ", "instance": "acme"}               | event
        upsert without data                 | {"event": "messages.upsert", "instance": "acme"}  | data
        upsert with data as a string        | {"event": "messages.upsert", "instance": "acme", "data": "x"} | data
        upsert with an empty data array     | {"event": "messages.upsert", "instance": "acme", "data": []}  | data
        upsert without instance             | {"event": "messages.upsert", "data": {"key": {"id": "K", "remoteJid": "1@s.whatsapp.net"}}} | instance
        upsert with a blank instance        | {"event": "messages.upsert", "instance": " ", "data": {"key": {"id": "K", "remoteJid": "1@s.whatsapp.net"}}} | instance
        upsert without key                  | {"event": "messages.upsert", "instance": "acme", "data": {"message": {"conversation": "oi"}}} | data.key.id
        upsert with key as a number         | {"event": "messages.upsert", "instance": "acme", "data": {"key": 5}} | data.key.id
        upsert with key.id as an object     | {"event": "messages.upsert", "instance": "acme", "data": {"key": {"id": {}, "remoteJid": "1@s.whatsapp.net"}}} | data.key.id
        upsert without remoteJid            | {"event": "messages.upsert", "instance": "acme", "data": {"key": {"id": "K"}}} | data.key.remoteJid
        upsert with an unreadable fromMe    | {"event": "messages.upsert", "instance": "acme", "data": {"key": {"id": "K", "remoteJid": "1@s.whatsapp.net", "fromMe": "maybe"}}} | fromMe
        echo without key.id                 | {"event": "send.message", "instance": "acme", "data": {"key": {"remoteJid": "1@s.whatsapp.net"}}} | data.key.id
        """)
    void isMalformed(String what, String body, String errorMentions) {
      assertThat(malformed(body)).containsIgnoringCase(errorMentions);
    }

    @Test
    void anEmptyBodyIsMalformed() {
      assertThat(Payloads.PARSER.parse(new byte[0])).isInstanceOf(ParseResult.Malformed.class);
      assertThat(Payloads.PARSER.parse(null)).isInstanceOf(ParseResult.Malformed.class);
    }

    @Test
    void aKeyIdLongerThanAnyRealOneIsMalformed() {
      String key = "{\"remoteJid\": \"5511987654321@s.whatsapp.net\", \"id\": \"%s\"}".formatted("A".repeat(100_000));

      assertThat(malformed(Payloads.upsert(key, "{\"conversation\": \"oi\"}"))).contains("too long");
    }

    @Test
    void theErrorDoesNotEchoAHugeBody() {
      String error = malformed("{\"event\": \"messages.upsert\", \"x\": " + "tru".repeat(100_000) + "}");

      assertThat(error).hasSizeLessThan(400);
    }

    @Test
    void fromMeWrittenAsWordsOrNumbersIsUnderstood() {
      String yes = "{\"remoteJid\": \"5511987654321@s.whatsapp.net\", \"fromMe\": \"yes\", \"id\": \"K\"}";
      String one = "{\"remoteJid\": \"5511987654321@s.whatsapp.net\", \"fromMe\": 1, \"id\": \"K\"}";
      String missing = "{\"remoteJid\": \"5511987654321@s.whatsapp.net\", \"id\": \"K\"}";

      assertThat(Payloads.upsertedMessage(Payloads.upsert(yes, "{\"conversation\": \"oi\"}")).fromMe()).isTrue();
      assertThat(Payloads.upsertedMessage(Payloads.upsert(one, "{\"conversation\": \"oi\"}")).fromMe()).isTrue();
      assertThat(Payloads.upsertedMessage(Payloads.upsert(missing, "{\"conversation\": \"oi\"}")).fromMe()).isFalse();
    }

    @Test
    void extraDataFieldsFromIntegrationsAreIgnored() {
      EvolutionMessage message = Payloads.upsertedMessage(upsertData("""
          {"key": %s, "message": {"conversation": "oi"}, "chatwootMessageId": 490, "owner": "tigo1"}""".formatted(CUSTOMER_KEY)));

      assertThat(message.text()).isEqualTo("oi");
    }
  }
}
