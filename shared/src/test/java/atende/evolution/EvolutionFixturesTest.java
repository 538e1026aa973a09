package atende.evolution;

import static atende.evolution.MessageType.AUDIO;
import static atende.evolution.MessageType.IMAGE;
import static atende.evolution.MessageType.OTHER;
import static atende.evolution.MessageType.TEXT;
import static atende.evolution.MessageType.VIDEO;
import static atende.evolution.DeliveryStatus.DELETED;
import static atende.evolution.DeliveryStatus.DELIVERY_ACK;
import static atende.evolution.NotAnswerable.GROUP;
import static atende.evolution.NotAnswerable.PROTOCOL;
import static atende.evolution.NotAnswerable.REACTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import atende.evolution.ParseResult.Parsed;
import atende.evolution.WebhookEvent.MessageUpsert;
import atende.evolution.WebhookEvent.Other;
import atende.evolution.WebhookEvent.SendEcho;
import atende.evolution.WebhookEvent.StatusUpdate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real webhook body in the fixtures ({@link Fixtures}), with what Atende must see in it, written
 * down by reading the payload. A new fixture without a row here fails the build.
 */
class EvolutionFixturesTest {

  private static final boolean INBOUND = false;
  private static final boolean FROM_ME = true;
  /** No reason to stay silent: a customer message the AI may answer. */
  private static final NotAnswerable ANSWERABLE = null;
  private static final String NO_TEXT = null;
  private static final String NO_PHONE = null;

  /** A text ending in "..." is a prefix of the expected text; any other is the exact text. */
  private static final Map<String, Expected> EXPECTED =
      Map.ofEntries(
          upsert("01-upsert-text-conversation.json", "Finchat", "3EB0062835B784532CE8B8",
              TEXT, "gastei 25,78 com Uber", "5519950231445", INBOUND, ANSWERABLE),
          upsert("02-upsert-image-base64.json", "Finchat", "3EB0647DB9DBAB05DA6BCC",
              IMAGE, NO_TEXT, "5519950231445", INBOUND, ANSWERABLE),
          upsert("03-upsert-audio-ptt-base64.json", "Finchat", "3A35903C2393D681D816",
              AUDIO, NO_TEXT, "5519950231445", INBOUND, ANSWERABLE),
          upsert("04-upsert-listresponse-quoted.json", "Finchat", "3EB08C4ECC5588D6786A2E",
              TEXT, "arrojado\nEstou disposto a correr riscos maiores...", "5519950231445", INBOUND, ANSWERABLE),
          upsert("05-upsert-text-lid-addressing-buffers-as-objects.json", "cliente2", "AC37559D8001E5AD80AABD8E0BB9B006",
              TEXT, "Hola, que venden?", "5491459990840", INBOUND, ANSWERABLE),
          upsert("06-upsert-text-cloudapi-channel-wamid.json", "cliente3",
              "wamid.HBgNNTQ5MTQ1OTk5MDg0MBUCABIYFjNFQjAwNDNFMzhDNkVGNjBEMEQ2QjgA",
              TEXT, "hola!", "541133227342", INBOUND, ANSWERABLE),
          upsert("07-upsert-text-lid-selfchat-serverack.json", "sale_instance", "3EB04C6C9A4C31658CD1BC",
              TEXT, "Eu gostaria do corte americano", "5511974301022", INBOUND, ANSWERABLE),
          upsert("08-upsert-text-v2.3.7-lid-mode-chatwoot-ids.json", "xpayment", "3A1FE00DBC50780B05E2",
              TEXT, "[snapshot] webhook capture - text", "77038350125", INBOUND, ANSWERABLE),
          upsert("09-upsert-image-caption-v2.3.7-long-and-bytes-objects.json", "xpayment", "3A565F258A63FBA13770",
              IMAGE, "This is for test. Media + text", "77038350125", INBOUND, ANSWERABLE),
          upsert("10-upsert-image-nocaption-base64-v2.3.7.json", "xpayment", "3AD83A6490581DF7B51D",
              IMAGE, NO_TEXT, "77038350125", INBOUND, ANSWERABLE),
          echo("11-send-message-v2.3.7.json", "xpayment", "3EB063FA228F78C7FAE3CE",
              TEXT, "[snapshot] webhook capture - text", "77038350125"),
          status("12-messages-update-delivery-ack-lid-v2.3.7.json", "xpayment",
              "3EB06664456CEB540ACCEB31333296464363194A", "5355842654104@lid", FROM_ME, DELIVERY_ACK),
          other("13-chats-upsert-lid-v2.3.7.json", "xpayment", "chats.upsert"),
          upsert("14-v1.8-upsert-group-lid-participant-senderkeydistribution.json", "tigo1", "10C148D6B21E9B5A960AEEE61C8C9065",
              TEXT, "test 001  hola", NO_PHONE, INBOUND, GROUP),
          upsert("15-v1.8-upsert-group-extendedtext-ephemeral.json", "tigo1", "3A64A0D75B60AB42F46A",
              TEXT, "Perfumes de 35 ML de mujer y hombre a 1 a 16 Bs y 2 en 30 bs", NO_PHONE, INBOUND, GROUP),
          upsert("16-v1.8-upsert-video-caption-base64-truncated.json", "tigo1", "3EB080FBD16B588D5E1065",
              VIDEO, "hola - text con multimea (video)", "59132643796", INBOUND, ANSWERABLE),
          upsert("17-v1.8-upsert-fromme-text-typed-on-phone.json", "tigo1", "3EB0B7AA9746D9215C1340",
              TEXT, "menasje saliente solo texto", "59132643796", FROM_ME, ANSWERABLE),
          other("18-connection-update-close-401.json", "tigo1", "connection.update"),
          upsert("19-upsert-text-n8n-capture-with-headers.json", "caldasIA", "782647C0073AA0039110EB72593C4AC5",
              TEXT, "Oii", "556413045303", INBOUND, ANSWERABLE),
          upsert("20-upsert-text-lid-remotejid-senderPn.json", "wpp-teste", "3EB0F68E5D0510673E6033",
              TEXT, "eae", "553131150051", INBOUND, ANSWERABLE),
          upsert("21-upsert-group-lid-participant-multiline-text.json", "My Phone", "3BE214A91FDE9677D58F",
              TEXT, "Source: Master4 Air Duct Cleaning NY\nID: #87EGX9L\n...", NO_PHONE, INBOUND, GROUP),
          upsert("22-upsert-fromme-audio-ptt-base64-serverack.json", "instance-a", "3EB0684B7CB79F82C524CA",
              AUDIO, NO_TEXT, "553753049252", FROM_ME, ANSWERABLE),
          status("23-messages-update-status-DELETED-after-edit.json", "myinstance",
              "A5561E44C2A63682E4295B52F484C14E", "200050343437@s.whatsapp.net", INBOUND, DELETED),
          status("24-messages-update-no-status-field-v2.2.3.json", "Rodrigo",
              "CE34AD105D61A07CAEBB49DE65BAC9C4", "8831985513@s.whatsapp.net", FROM_ME, null),
          upsert("25-upsert-reaction-fixture.json", "inst-test", "3EB0EVREACT0001",
              OTHER, "👍", "5511948181561", INBOUND, REACTION),
          upsert("26-upsert-edit-wrapped-in-ephemeral-fixture.json", "inst-test", "3EB0EVEDIT0001",
              OTHER, "texto editado", "5511948181561", INBOUND, PROTOCOL),
          upsert("27-upsert-ephemeral-extendedtext-fixture.json", "inst-test", "3EB0EVEPHM0001",
              TEXT, "mensagem temporária", "5511948181561", INBOUND, ANSWERABLE),
          other("28-connection-update-UPPERCASE-event-thirdparty-fixture.json", "test-instance", "connection.update"),
          other("29-contacts-update-data-as-object.json", "SDR IA SolarPrime", "contacts.update"),
          other("30-contacts-update-data-as-array.json", "SDR IA SolarPrime", "contacts.update"));

  static List<String> webhookFixtures() {
    return Fixtures.webhookPayloads();
  }

  @Test
  void findsTheRealFixtures() {
    assertThat(Fixtures.webhookPayloads()).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void everyFixtureHasAnExpectationAndEveryExpectationAFixture() {
    assertThat(new TreeSet<>(EXPECTED.keySet())).containsExactlyElementsOf(Fixtures.webhookPayloads());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("webhookFixtures")
  void fixtureParsesToWhatItsPayloadSays(String file) {
    Expected expected = EXPECTED.get(file);
    if (expected == null) fail("No expectation for fixture " + file + ": read it and add a row to EXPECTED");

    ParseResult result = Fixtures.parse(file);

    assertThat(result).as(file).isInstanceOf(Parsed.class);
    WebhookEvent event = ((Parsed) result).event();
    assertThat(event).as(file).isInstanceOf(expected.kind());
    SoftAssertions.assertSoftly(soft -> {
      soft.assertThat(event.instance()).as("instance").isEqualTo(expected.instance());
      switch (expected) {
        case ExpectedMessage m -> checkMessage(soft, event, m);
        case ExpectedStatus s -> checkStatus(soft, (StatusUpdate) event, s);
        case ExpectedOther o -> soft.assertThat(event.event()).as("event").isEqualTo(o.event());
      }
    });
  }

  private static void checkMessage(SoftAssertions soft, WebhookEvent event, ExpectedMessage expected) {
    EvolutionMessage message = switch (event) {
      case MessageUpsert upsert -> upsert.message();
      case SendEcho echo -> echo.message();
      default -> throw new AssertionError("not a message event: " + event);
    };
    soft.assertThat(event.event()).as("event").isEqualTo(expected.kind() == SendEcho.class ? "send.message" : "messages.upsert");
    soft.assertThat(message.keyId()).as("keyId").isEqualTo(expected.keyId());
    soft.assertThat(message.type()).as("type").isEqualTo(expected.type());
    if (expected.text() == null) {
      soft.assertThat(message.text()).as("text").isNull();
    } else if (expected.text().endsWith("...")) {
      soft.assertThat(message.text()).as("text").startsWith(expected.text().substring(0, expected.text().length() - 3));
    } else {
      soft.assertThat(message.text()).as("text").isEqualTo(expected.text());
    }
    soft.assertThat(message.phone()).as("phone").isEqualTo(expected.phone());
    soft.assertThat(message.fromMe()).as("fromMe").isEqualTo(expected.fromMe());
    soft.assertThat(message.notAnswerable()).as("notAnswerable").isEqualTo(Optional.ofNullable(expected.notAnswerable()));
  }

  private static void checkStatus(SoftAssertions soft, StatusUpdate update, ExpectedStatus expected) {
    soft.assertThat(update.event()).as("event").isEqualTo("messages.update");
    soft.assertThat(update.keyId()).as("keyId").isEqualTo(expected.keyId());
    soft.assertThat(update.remoteJid()).as("remoteJid").isEqualTo(expected.remoteJid());
    soft.assertThat(update.fromMe()).as("fromMe").isEqualTo(expected.fromMe());
    soft.assertThat(update.status()).as("status").isEqualTo(Optional.ofNullable(expected.status()));
  }

  // --- the table's row types ---

  private sealed interface Expected {
    Class<? extends WebhookEvent> kind();

    String instance();
  }

  private record ExpectedMessage(
      Class<? extends WebhookEvent> kind, String instance, String keyId, MessageType type, String text,
      String phone, boolean fromMe, NotAnswerable notAnswerable) implements Expected {}

  private record ExpectedStatus(String instance, String keyId, String remoteJid, boolean fromMe, DeliveryStatus status)
      implements Expected {
    @Override
    public Class<? extends WebhookEvent> kind() {
      return StatusUpdate.class;
    }
  }

  private record ExpectedOther(String instance, String event) implements Expected {
    @Override
    public Class<? extends WebhookEvent> kind() {
      return Other.class;
    }
  }

  private static Map.Entry<String, Expected> upsert(String file, String instance, String keyId, MessageType type,
      String text, String phone, boolean fromMe, NotAnswerable notAnswerable) {
    return Map.entry(file, new ExpectedMessage(MessageUpsert.class, instance, keyId, type, text, phone, fromMe, notAnswerable));
  }

  /** Our own API send coming back: always fromMe; its event kind, not notAnswerable, keeps it unanswered. */
  private static Map.Entry<String, Expected> echo(String file, String instance, String keyId, MessageType type,
      String text, String phone) {
    return Map.entry(file, new ExpectedMessage(SendEcho.class, instance, keyId, type, text, phone, FROM_ME, ANSWERABLE));
  }

  private static Map.Entry<String, Expected> status(String file, String instance, String keyId, String remoteJid,
      boolean fromMe, DeliveryStatus status) {
    return Map.entry(file, new ExpectedStatus(instance, keyId, remoteJid, fromMe, status));
  }

  private static Map.Entry<String, Expected> other(String file, String instance, String event) {
    return Map.entry(file, new ExpectedOther(instance, event));
  }
}
