package atende.evolution;

import static atende.evolution.Payloads.customerMessage;
import static atende.evolution.Payloads.upsert;
import static atende.evolution.Payloads.upsertedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import atende.privacy.Secret;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A customer's secrets are masked where the payload becomes a message, captions and media nodes included. */
class EvolutionRedactionTest {

  @Test
  void aCustomersCardAndCvvNeverLeaveTheParser() {
    EvolutionMessage message = upsertedMessage(customerMessage("""
        {"conversation": "meu cartao é 4111 1111 1111 1111 vence 12/29 cvv 123"}"""));

    assertThat(message.text()).isEqualTo("meu cartao é •••• 1111 vence 12/29 cvv [cvv omitido]");
    assertThat(message.redacted()).containsExactlyInAnyOrder(Secret.CARD, Secret.CVV);
    assertThat(message.notAnswerable()).isEmpty();
  }

  @Test
  void aPhotoOfTheErrorWithThePasswordInItsCaption() {
    EvolutionMessage message = upsertedMessage(customerMessage("""
        {"imageMessage": {"mimetype": "image/jpeg", "url": "https://mmg.whatsapp.net/x", "mediaKey": "a2V5",
          "caption": "da esse erro, a senha q eu coloquei foi Maria@2024"}}"""));

    String masked = "da esse erro, a senha q eu coloquei foi [senha omitida]";
    assertThat(message.text()).isEqualTo(masked);
    assertThat(message.media().caption()).isEqualTo(masked);
    // The node goes back to Evolution to fetch the bytes, and is stored: it must not keep the caption either.
    @SuppressWarnings("unchecked")
    Map<String, Object> node = (Map<String, Object>) message.media().node().get("imageMessage");
    assertThat(node).containsEntry("caption", masked).containsEntry("url", "https://mmg.whatsapp.net/x").containsEntry("mediaKey", "a2V5");
    assertThat(message.redacted()).containsExactly(Secret.PASSWORD);
  }

  @Test
  void aMessageWithNoSecretsIsUntouched() {
    EvolutionMessage message = upsertedMessage(customerMessage("""
        {"extendedTextMessage": {"text": "meu cpf é 123.456.789-09 e o pedido 4111111111111112"}}"""));

    assertThat(message.text()).isEqualTo("meu cpf é 123.456.789-09 e o pedido 4111111111111112");
    assertThat(message.redacted()).isEmpty();
  }

  @Test
  void ourOwnEchoesStayAsSentSoTheyAreRecognised() {
    String ours = "Para trocar a senha: toque em Esqueci minha senha.";
    EvolutionMessage message = upsertedMessage(upsert("""
        {"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": true, "id": "3EB0BBBB0002"}""",
        "{\"conversation\": \"%s\"}".formatted(ours)));

    assertThat(message.text()).isEqualTo(ours);
    assertThat(message.redacted()).isEmpty();
  }
}
