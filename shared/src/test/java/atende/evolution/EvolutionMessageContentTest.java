package atende.evolution;

import static atende.evolution.Payloads.customerMessage;
import static atende.evolution.Payloads.upsert;
import static atende.evolution.Payloads.upsertData;
import static atende.evolution.Payloads.upsertedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import atende.evolution.ParseResult.Parsed;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a message carries: its type, text, media reference, and whether the AI may answer it. */
class EvolutionMessageContentTest {

  @Nested
  class Wrappers {

    @Test
    void readsTextInsideADisappearingMessage() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"ephemeralMessage": {"message": {"extendedTextMessage": {"text": "mensagem temporária", "contextInfo": {"expiration": 86400}}}}}"""));

      assertThat(message.type()).isEqualTo(MessageType.TEXT);
      assertThat(message.text()).isEqualTo("mensagem temporária");
      assertThat(message.notAnswerable()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"viewOnceMessage", "viewOnceMessageV2", "viewOnceMessageV2Extension"})
    void readsAViewOnceImageAndItsCaption(String wrapper) {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"%s": {"message": {"imageMessage": {"mimetype": "image/jpeg", "caption": "meu boleto", "url": "https://mmg.whatsapp.net/x"}}}}"""
          .formatted(wrapper)));

      assertThat(message.type()).isEqualTo(MessageType.IMAGE);
      assertThat(message.text()).isEqualTo("meu boleto");
      assertThat(message.media().url()).isEqualTo("https://mmg.whatsapp.net/x");
    }

    @Test
    void readsAViewOnceVoiceNoteInsideADisappearingMessage() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"ephemeralMessage": {"message": {"viewOnceMessageV2": {"message":
            {"audioMessage": {"mimetype": "audio/ogg; codecs=opus", "seconds": 7, "ptt": true}}}}}}"""));

      assertThat(message.type()).isEqualTo(MessageType.AUDIO);
      assertThat(message.media().ptt()).isTrue();
      assertThat(message.media().seconds()).isEqualTo(7);
    }

    @Test
    void readsADocumentSentWithACaption() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"documentWithCaptionMessage": {"message": {"documentMessage":
            {"fileName": "contrato.pdf", "mimetype": "application/pdf", "caption": "segue o contrato", "fileLength": "52311"}}}}"""));

      assertThat(message.type()).isEqualTo(MessageType.DOCUMENT);
      assertThat(message.text()).isEqualTo("segue o contrato");
      assertThat(message.media()).isEqualTo(
          new Media("application/pdf", "segue o contrato", null, "contrato.pdf", 52311L, null, null, null,
              Map.of("documentMessage", Map.of("fileName", "contrato.pdf", "mimetype", "application/pdf",
                  "caption", "segue o contrato", "fileLength", "52311"))));
    }

    @Test
    void anEditIsNeverAnsweredButCarriesTheNewText() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"editedMessage": {"message": {"protocolMessage": {"key": {"id": "3EB0ORIGINAL"}, "type": "MESSAGE_EDIT",
            "editedMessage": {"extendedTextMessage": {"text": "quero cancelar, na verdade"}}}}}}"""));

      assertThat(message.notAnswerable()).contains(NotAnswerable.PROTOCOL);
      assertThat(message.text()).isEqualTo("quero cancelar, na verdade");
    }

    @Test
    void aDeletedMessageInsideADisappearingChatIsNeverAnswered() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"ephemeralMessage": {"message": {"protocolMessage": {"key": {"id": "3EB0ORIGINAL"}, "type": 0}}}}"""));

      assertThat(message.notAnswerable()).contains(NotAnswerable.PROTOCOL);
      assertThat(message.text()).isNull();
    }

    @Test
    void wrappersNestedWithoutEndStopSafely() {
      String message = "{\"conversation\": \"fundo\"}";
      for (int i = 0; i < 200; i++) message = "{\"ephemeralMessage\": {\"message\": " + message + "}}";

      assertThat(Payloads.parse(customerMessage(message))).isInstanceOf(Parsed.class);
    }
  }

  @Nested
  class TypesAndText {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
        {"conversation": "oi"}                                                     | TEXT     | oi
        {"extendedTextMessage": {"text": "veja https://x.example"}}                | TEXT     | veja https://x.example
        {"imageMessage": {"mimetype": "image/jpeg"}}                               | IMAGE    |
        {"videoMessage": {"caption": "olha isso"}}                                 | VIDEO    | olha isso
        {"ptvMessage": {"seconds": 3}}                                             | VIDEO    |
        {"audioMessage": {"ptt": true}}                                            | AUDIO    |
        {"stickerMessage": {"mimetype": "image/webp"}}                             | STICKER  |
        {"locationMessage": {"degreesLatitude": -23.5, "degreesLongitude": -46.6}} | LOCATION |
        {"contactMessage": {"displayName": "Ana", "vcard": "BEGIN:VCARD"}}         | CONTACT  |
        {"buttonsResponseMessage": {"selectedDisplayText": "Falar com atendente"}} | TEXT     | Falar com atendente
        {"templateButtonReplyMessage": {"selectedDisplayText": "Sim"}}             | TEXT     | Sim
        {"pollCreationMessage": {"name": "Qual sabor?"}}                           | OTHER    |
        """)
    void derivesTheTypeFromTheContent(String message, MessageType type, String text) {
      EvolutionMessage parsed = upsertedMessage(customerMessage(message));

      assertThat(parsed.type()).isEqualTo(type);
      assertThat(parsed.text()).isEqualTo(text);
    }

    @Test
    void aStaleMessageTypeDoesNotTurnUnknownContentIntoText() {
      EvolutionMessage message = upsertedMessage(upsertData("""
          {"key": %s, "messageType": "conversation", "message": {"pollCreationMessage": {"name": "Qual sabor?"}}}"""
          .formatted(Payloads.CUSTOMER_KEY)));

      assertThat(message.type()).isEqualTo(MessageType.OTHER);
      assertThat(message.notAnswerable()).contains(NotAnswerable.EMPTY);
    }

    @Test
    void theContentWinsOverADisagreeingMessageType() {
      EvolutionMessage message = upsertedMessage(upsertData("""
          {"key": %s, "messageType": "conversation", "message": {"imageMessage": {"caption": "foto"}}}""".formatted(Payloads.CUSTOMER_KEY)));

      assertThat(message.type()).isEqualTo(MessageType.IMAGE);
    }

    @Test
    void aChosenListRowReadsAsTitleAndDescription() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"listResponseMessage": {"title": "Plano Pro", "description": "R$ 99 por mês", "singleSelectReply": {"selectedRowId": "pro"}}}"""));

      assertThat(message.type()).isEqualTo(MessageType.TEXT);
      assertThat(message.text()).isEqualTo("Plano Pro\nR$ 99 por mês");
    }

    @Test
    void aKeyDistributionNextToTextIsAnOrdinaryText() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"conversation": "oi", "senderKeyDistributionMessage": {"groupId": "1@g.us", "axolotlSenderKeyDistributionMessage": "Mwj"}}"""));

      assertThat(message.type()).isEqualTo(MessageType.TEXT);
      assertThat(message.notAnswerable()).isEmpty();
    }

    @Test
    void aKeyDistributionAloneIsNeverAnswered() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"senderKeyDistributionMessage": {"groupId": "1@g.us"}, "messageContextInfo": {}}"""));

      assertThat(message.notAnswerable()).contains(NotAnswerable.PROTOCOL);
    }

    @Test
    void theRepliedToMessageIsFoundAtDataLevelOrInsideTheContent() {
      EvolutionMessage atDataLevel = upsertedMessage(upsertData("""
          {"key": %s, "message": {"conversation": "sim"}, "contextInfo": {"stanzaId": "3EB0QUOTED1"}}""".formatted(Payloads.CUSTOMER_KEY)));
      EvolutionMessage inContent = upsertedMessage(customerMessage("""
          {"extendedTextMessage": {"text": "sim", "contextInfo": {"stanzaId": "3EB0QUOTED2", "quotedMessage": {"conversation": "?"}}}}"""));
      EvolutionMessage noReply = upsertedMessage(upsertData("""
          {"key": %s, "message": {"conversation": "sim"}, "contextInfo": null}""".formatted(Payloads.CUSTOMER_KEY)));

      assertThat(atDataLevel.quotedKeyId()).isEqualTo("3EB0QUOTED1");
      assertThat(inContent.quotedKeyId()).isEqualTo("3EB0QUOTED2");
      assertThat(noReply.quotedKeyId()).isNull();
    }

    @Test
    void keepsTheEnvelopeFactsOfTheMessage() {
      EvolutionMessage message = Fixtures.message("03-upsert-audio-ptt-base64.json");

      assertThat(message.pushName()).isEqualTo("Ifcpnob P. Jjjêeg");
      assertThat(message.rawStatus()).isEqualTo("DELIVERY_ACK");
      assertThat(message.source()).isEqualTo("ios");
      assertThat(message.timestamp()).isEqualTo(Instant.ofEpochSecond(1749766134));
      assertThat(message.chatJid()).isEqualTo("5519950231445@s.whatsapp.net");
      assertThat(message.quotedKeyId()).isNull();
    }
  }

  @Nested
  class NotAnswerableMessages {

    @Test
    void aReactionIsNeverAnsweredEvenInAGroup() {
      EvolutionMessage message = upsertedMessage(upsert("""
          {"remoteJid": "120363000000000001@g.us", "fromMe": false, "id": "R1", "participant": "5511987654321@s.whatsapp.net"}""",
          """
          {"reactionMessage": {"key": {"id": "3EB0ORIGINAL"}, "text": "👍"}}"""));

      assertThat(message.notAnswerable()).contains(NotAnswerable.REACTION);
      assertThat(message.text()).isEqualTo("👍");
    }

    @Test
    void aRemovedReactionHasNoText() {
      EvolutionMessage message = upsertedMessage(customerMessage("{\"reactionMessage\": {\"key\": {\"id\": \"X\"}, \"text\": \"\"}}"));

      assertThat(message.notAnswerable()).contains(NotAnswerable.REACTION);
      assertThat(message.text()).isNull();
    }

    @Test
    void aPollVoteIsNeverAnswered() {
      EvolutionMessage message = upsertedMessage(customerMessage(
          "{\"pollUpdateMessage\": {\"pollCreationMessageKey\": {\"id\": \"P\"}, \"vote\": {\"encPayload\": \"x\"}}}"));

      assertThat(message.notAnswerable()).contains(NotAnswerable.POLL_UPDATE);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
      "status@broadcast, BROADCAST",
      "1700000000@broadcast, BROADCAST",
      "120363000000000002@newsletter, NEWSLETTER",
      "120363000000000003@g.us, GROUP"
    })
    void chatsThatAreNotACustomerConversationAreNeverAnswered(String chat, NotAnswerable reason) {
      EvolutionMessage message = upsertedMessage(upsert(
          "{\"remoteJid\": \"%s\", \"fromMe\": false, \"id\": \"C1\", \"participant\": \"5511987654321@s.whatsapp.net\"}".formatted(chat),
          "{\"conversation\": \"promoção!\"}"));

      assertThat(message.notAnswerable()).contains(reason);
    }

    @ParameterizedTest(name = "message {0}")
    @ValueSource(strings = {"null", "{}", "{\"messageContextInfo\": {}}", "{\"conversation\": \"   \"}", "{\"conversation\": 5}",
        "{\"extendedTextMessage\": {}}", "{\"pollCreationMessage\": {\"name\": \"?\"}}", "\"oi\"", "[]"})
    void nothingWeUnderstandIsEmpty(String message) {
      assertThat(upsertedMessage(customerMessage(message)).notAnswerable()).contains(NotAnswerable.EMPTY);
    }

    @Test
    void aMessageWithoutContentStillHasTheTypeItsMessageTypeNames() {
      EvolutionMessage message = upsertedMessage(upsertData("""
          {"key": %s, "messageType": "imageMessage"}""".formatted(Payloads.CUSTOMER_KEY)));

      assertThat(message.type()).isEqualTo(MessageType.IMAGE);
      assertThat(message.notAnswerable()).contains(NotAnswerable.EMPTY);
    }

    @Test
    void aLocationWithoutCommentIsStillAnswerable() {
      EvolutionMessage message = upsertedMessage(customerMessage(
          "{\"locationMessage\": {\"degreesLatitude\": -23.55, \"degreesLongitude\": -46.63}}"));

      assertThat(message.notAnswerable()).isEmpty();
    }

    @Test
    void anImageWithoutCaptionIsAnswerable() {
      assertThat(upsertedMessage(customerMessage("{\"imageMessage\": {\"mimetype\": \"image/png\"}}")).notAnswerable()).isEmpty();
    }
  }

  @Nested
  class LongValues {

    @ParameterizedTest(name = "messageTimestamp {0}")
    @ValueSource(strings = {
      "1749766101",
      "\"1749766101\"",
      "{\"low\": 1749766101, \"high\": 0, \"unsigned\": true}",
      "{\"low\": 1749766101, \"high\": 0, \"unsigned\": false}",
      "1749766101000"
    })
    void aTimestampIsTheSameInstantInEveryEncoding(String timestamp) {
      EvolutionMessage message = upsertedMessage(upsertData("""
          {"key": %s, "message": {"conversation": "oi"}, "messageTimestamp": %s}""".formatted(Payloads.CUSTOMER_KEY, timestamp)));

      assertThat(message.timestamp()).isEqualTo(Instant.parse("2025-06-12T22:08:21Z"));
    }

    @ParameterizedTest(name = "messageTimestamp {0}")
    @ValueSource(strings = {"null", "\"ontem\"", "-5", "0", "[]", "{\"low\": \"x\"}", "1e400", "99999999999999999999999"})
    void anUnreadableTimestampIsAbsent(String timestamp) {
      EvolutionMessage message = upsertedMessage(upsertData("""
          {"key": %s, "message": {"conversation": "oi"}, "messageTimestamp": %s}""".formatted(Payloads.CUSTOMER_KEY, timestamp)));

      assertThat(message.timestamp()).isNull();
    }

    @Test
    void aFileLengthAbove2GiBUsesBothHalvesOfTheLong() {
      // 3_000_000_000 does not fit in 32 signed bits: protobufjs sends low = 3_000_000_000 - 2^32.
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"videoMessage": {"fileLength": {"low": -1294967296, "high": 0, "unsigned": true}, "seconds": "16"}}"""));

      assertThat(message.media().fileLength()).isEqualTo(3_000_000_000L);
      assertThat(message.media().seconds()).isEqualTo(16);
    }

    @Test
    void aFileLengthWithTheHighWordSetIsRead() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"documentMessage": {"fileLength": {"low": 5, "high": 1, "unsigned": true}}}"""));

      assertThat(message.media().fileLength()).isEqualTo(4_294_967_301L);
    }

    @Test
    void theLongObjectsOfV237AreReadFromARealCapture() {
      EvolutionMessage message = Fixtures.message("09-upsert-image-caption-v2.3.7-long-and-bytes-objects.json");

      assertThat(message.media().fileLength()).isEqualTo(297167L);
      assertThat(message.timestamp()).isEqualTo(Instant.ofEpochSecond(1781459167));
    }
  }

  @Nested
  class MediaWithoutBytes {

    @Test
    void bytesSentAsIndexObjectsAreLeftBehindButTheMediaKeyADownloadNeeds() {
      EvolutionMessage message = upsertedMessage(customerMessage("""
          {"imageMessage": {"url": "https://mmg.whatsapp.net/img", "mimetype": "image/jpeg", "caption": "nota fiscal",
            "fileSha256": {"0": 242, "1": 114}, "mediaKey": {"0": 22, "1": 229}, "jpegThumbnail": {"0": 255, "1": 216, "2": 255},
            "fileLength": {"low": 297167, "high": 0, "unsigned": true}, "directPath": "/o1/v/img",
            "mediaKeyTimestamp": {"low": 1781459165, "high": 0, "unsigned": false}},
           "messageContextInfo": {"messageSecret": {"0": 208, "1": 216}}}"""));

      assertThat(message.media()).isEqualTo(
          new Media("image/jpeg", "nota fiscal", null, null, 297167L, null, "https://mmg.whatsapp.net/img", "/o1/v/img",
              Map.of("imageMessage", Map.of("url", "https://mmg.whatsapp.net/img", "mimetype", "image/jpeg",
                  "caption", "nota fiscal", "mediaKey", "FuU=", "fileLength", 297167L, "directPath", "/o1/v/img",
                  "mediaKeyTimestamp", 1781459165L))));
    }

    @Test
    void aVoiceNoteKeepsWhatIsNeededToFetchAndTranscribeIt() {
      EvolutionMessage message = Fixtures.message("03-upsert-audio-ptt-base64.json");

      String url = "https://mmg.whatsapp.net/v/t62.7117-24/11928092_718197107271007_3126797790610630769_n.enc?ccb=11-4&oh=01_Q5Aa1wHmGJUWHVourU4Z50YeFMNDJZdBdzwCCh0l_xpncUon3w&oe=6872AB9D&_nc_sid=5e03e0&mms3=true";
      String directPath = "/v/t62.7117-24/11928092_718197107271007_3126797790610630769_n.enc?ccb=11-4&oh=01_Q5Aa1wHmGJUWHVourU4Z50YeFMNDJZdBdzwCCh0l_xpncUon3w&oe=6872AB9D&_nc_sid=5e03e0";
      // Hashes, the streaming sidecar and the waveform are bytes no download needs.
      Map<String, Object> node = Map.of("audioMessage", Map.of("url", url, "mimetype", "audio/ogg; codecs=opus",
          "fileLength", "7397", "seconds", 3L, "ptt", true, "mediaKey", "4n9wpkETNAIeGnLeDwEo+4uqHrLTzYz/eXymcPdBee0=",
          "directPath", directPath, "mediaKeyTimestamp", "1749766129"));
      assertThat(message.media()).isEqualTo(new Media("audio/ogg; codecs=opus", null, 3, null, 7397L, true, url, directPath, node));
      assertThat(message.key()).isEqualTo(new MessageKey("3A35903C2393D681D816", "5519950231445@s.whatsapp.net", false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("atende.evolution.Fixtures#mediaPayloads")
    void theInlineBase64NeverReachesTheParsedMessage(String fixture) throws IOException {
      JsonNode raw = Fixtures.MAPPER.readTree(Fixtures.read(fixture));
      String base64Prefix = raw.path("data").path("message").path("base64").textValue().substring(0, 20);

      ParseResult result = Fixtures.parse(fixture);

      assertThat(result).isInstanceOf(Parsed.class);
      assertThat(result.toString()).doesNotContain(base64Prefix);
    }

    @Test
    void aVideoTooBigForJacksonsStringLimitStillArrives() {
      // A 16 MB video inlined as base64 is ~21 million characters; Jackson refuses strings over 20 million.
      String body = customerMessage("""
          {"videoMessage": {"mimetype": "video/mp4", "caption": "o defeito"}, "base64": "%s"}""".formatted("A".repeat(21_500_000)));

      EvolutionMessage message = upsertedMessage(body);

      assertThat(message.type()).isEqualTo(MessageType.VIDEO);
      assertThat(message.text()).isEqualTo("o defeito");
      assertThat(message.toString()).hasSizeLessThan(2_000);
      assertThat(message.payloadMedia()).isInstanceOfSatisfying(PayloadMedia.Bytes.class,
          payload -> assertThat(payload.bytes()).hasSize(21_500_000 / 4 * 3));
    }

    @Test
    void emptyObjectsAndArraysSurviveTheByteFilter() {
      EvolutionMessage message = upsertedMessage(upsertData("""
          {"key": %s, "message": {"conversation": "oi", "base64": "AAAA"}, "contextInfo": {"mentionedJid": [], "stanzaId": "Q1"}}"""
          .formatted(Payloads.CUSTOMER_KEY)));

      assertThat(message.text()).isEqualTo("oi");
      assertThat(message.quotedKeyId()).isEqualTo("Q1");
    }
  }
}
