package atende.evolution;

import static atende.evolution.Payloads.upsert;
import static atende.evolution.Payloads.upsertedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who the customer is. WhatsApp may hide the number behind a privacy id ({@code @lid}); the number
 * then travels in {@code remoteJidAlt} or {@code senderPn}, and the LID is kept so a customer known
 * only by it can still be told apart.
 */
class EvolutionAddressingTest {

  private static EvolutionMessage messageWithKey(String key) {
    return upsertedMessage(upsert(key, "{\"conversation\": \"oi\"}"));
  }

  @Test
  void aLidChatTakesThePhoneFromSenderPn() {
    EvolutionMessage message = Fixtures.message("20-upsert-text-lid-remotejid-senderPn.json");

    assertThat(message.chatJid()).isEqualTo("103503084294637@lid");
    assertThat(message.lid()).isEqualTo("103503084294637@lid");
    assertThat(message.phone()).isEqualTo("553131150051");
  }

  @Test
  void aLidChatTakesThePhoneFromRemoteJidAlt() {
    EvolutionMessage message = messageWithKey("""
        {"remoteJid": "103503084294637@lid", "remoteJidAlt": "5511987654321@s.whatsapp.net", "fromMe": false, "id": "K",
         "addressingMode": "lid"}""");

    assertThat(message.phone()).isEqualTo("5511987654321");
    assertThat(message.lid()).isEqualTo("103503084294637@lid");
  }

  @Test
  void remoteJidAltWinsOverSenderPn() {
    EvolutionMessage message = messageWithKey("""
        {"remoteJid": "103503084294637@lid", "remoteJidAlt": "5511987654321@s.whatsapp.net",
         "senderPn": "5511000000000@s.whatsapp.net", "id": "K"}""");

    assertThat(message.phone()).isEqualTo("5511987654321");
  }

  @Test
  void aPhoneChatWhoseAltIsALidKeepsBoth() {
    EvolutionMessage message = messageWithKey("""
        {"remoteJid": "5511987654321@s.whatsapp.net", "remoteJidAlt": "103503084294637@lid", "fromMe": false, "id": "K"}""");

    assertThat(message.phone()).isEqualTo("5511987654321");
    assertThat(message.lid()).isEqualTo("103503084294637@lid");
  }

  @Test
  void aLidChatWithoutAnyNumberIsKnownByItsLidOnly() {
    EvolutionMessage message = messageWithKey("{\"remoteJid\": \"103503084294637@lid\", \"fromMe\": false, \"id\": \"K\"}");

    assertThat(message.phone()).isNull();
    assertThat(message.lid()).isEqualTo("103503084294637@lid");
    assertThat(message.notAnswerable()).isEmpty();
  }

  @Test
  void lidAddressingModeWithPhoneJidsHasNoLid() {
    // 2.3.7 says addressingMode "lid" while both JIDs are phone numbers (fixture 05).
    EvolutionMessage message = Fixtures.message("05-upsert-text-lid-addressing-buffers-as-objects.json");

    assertThat(message.phone()).isEqualTo("5491459990840");
    assertThat(message.lid()).isNull();
    assertThat(message.participant()).as("an empty participant means none").isNull();
  }

  @Test
  void aGroupMessageTakesTheAuthorsPhoneFromParticipantAlt() {
    EvolutionMessage message = messageWithKey("""
        {"remoteJid": "120363000000000001@g.us", "fromMe": false, "id": "K",
         "participant": "25505206815478@lid", "participantAlt": "5511987654321@s.whatsapp.net"}""");

    assertThat(message.phone()).isEqualTo("5511987654321");
    assertThat(message.participant()).isEqualTo("25505206815478@lid");
    assertThat(message.lid()).isNull();
  }

  @Test
  void aGroupAuthorKnownOnlyByLidHasNoPhone() {
    EvolutionMessage message = Fixtures.message("21-upsert-group-lid-participant-multiline-text.json");

    assertThat(message.phone()).isNull();
    assertThat(message.participant()).isEqualTo("20544554870480@lid");
  }

  @Test
  void aGroupAuthorAddressedByPhoneGivesTheirPhone() {
    EvolutionMessage message = messageWithKey("""
        {"remoteJid": "120363000000000001@g.us", "fromMe": false, "id": "K", "participant": "5511987654321@s.whatsapp.net"}""");

    assertThat(message.phone()).isEqualTo("5511987654321");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "5511987654321@s.whatsapp.net, 5511987654321",
    "5511987654321:12@s.whatsapp.net, 5511987654321",
    "5511987654321@c.us, 5511987654321",
    "5511987654321@S.WHATSAPP.NET, 5511987654321",
    "+5511987654321, 5511987654321",
    "5511987654321, 5511987654321",
    "103503084294637@lid, ",
    "status@broadcast, ",
    "120363000000000002@newsletter, ",
    "abc@s.whatsapp.net, ",
    "@s.whatsapp.net, ",
    "123456789012345678901234567890@s.whatsapp.net, "
  })
  void thePhoneIsDigitsOnlyAndOnlyFromPhoneNumberJids(String senderPn, String phone) {
    EvolutionMessage message = messageWithKey("""
        {"remoteJid": "103503084294637@lid", "senderPn": "%s", "id": "K"}""".formatted(senderPn));

    assertThat(message.phone()).isEqualTo(phone);
  }

  @Test
  void theCloudApiChannelAddressesByPhone() {
    EvolutionMessage message = Fixtures.message("06-upsert-text-cloudapi-channel-wamid.json");

    assertThat(message.keyId()).startsWith("wamid.");
    assertThat(message.phone()).isEqualTo("541133227342");
    assertThat(message.source()).isEqualTo("unknown");
    assertThat(message.rawStatus()).isNull();
  }
}
