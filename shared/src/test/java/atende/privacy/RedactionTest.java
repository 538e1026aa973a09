package atende.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Realistic WhatsApp messages in pt-BR: what must go, and what must stay exactly as typed. */
class RedactionTest {

  @Test
  void aCardItsCvvAndExpiryTypedInOneMessage() {
    Redaction r = Redaction.of("meu cartao é 4111 1111 1111 1111 vence 12/29 cvv 123");
    assertThat(r.text()).isEqualTo("meu cartao é •••• 1111 vence 12/29 cvv [cvv omitido]");
    assertThat(r.removed()).containsExactlyInAnyOrder(Secret.CARD, Secret.CVV);
    assertThat(Secret.wire(r.removed())).containsExactly("card", "cvv");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      o numero do cartao 5555555555554444 nao passa                | o numero do cartao •••• 4444 nao passa
      cartão 4111.1111.1111.1111                                   | cartão •••• 1111
      5105-1051-0510-5100 é o do meu marido                        | •••• 5100 é o do meu marido
      amex 3782 822463 10005 foi recusado                          | amex •••• 0005 foi recusado
      tentei com o elo 6362 9700 0045 7013, deu erro               | tentei com o elo •••• 7013, deu erro
      4111 1111 1111 1111 123                                      | •••• 1111 123
      """)
  void cardNumbersAsPeopleTypeThemKeepOnlyTheLastFour(String typed, String stored) {
    assertThat(Redaction.of(typed).text()).isEqualTo(stored);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "meu pedido é o 4111111111111112, ainda nao chegou",                    // 16 digits, Luhn fails
      "rastreio NL123456789BR e pedido 1234 5678 9012 3456",                 // fails Luhn
      "me liga no 5511987654321 ou (11) 98765-4321",                         // phone numbers
      "+55 11 98765-4321",
      "meu cep é 01310-100",
      "meu cpf é 123.456.789-09",                                            // CPF stays: the business needs it
      "cpf 12345678909 pra achar meu cadastro",
      "segue o boleto 23793.38128 60000.000000 00000.000000 1 84340000010000",
      "linha digitavel 23793381286000000000000000000001843400000100000 ok",
      "chave da nota 3519 0312 3456 7800 0190 5500 1000 0000 0110 0000 0014",
      "pix 2024-11-05 valor 1.234.567,89",
      // Sentences about a password, with none in them.
      "esqueci minha senha e nao consigo entrar",
      "minha senha e nao entra de jeito nenhum",
      "a senha foi bloqueada depois de 3 tentativas",
      "minha senha é muito fraca?",
      "Não consigo acessar minha conta desde ontem, aparece erro de senha",
      "como faço pra trocar a senha?",
      "senha incorreta",
      "a senha que vcs mandaram nao funciona",
  })
  void numbersThatAreNoCardsAndSentencesAboutAPasswordStayAsTyped(String typed) {
    Redaction r = Redaction.of(typed);
    assertThat(r.text()).isEqualTo(typed);
    assertThat(r.removed()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      minha senha é Maria@2024                                     | minha senha é [senha omitida]
      a senha q eu coloquei foi Maria@2024 e nao entra             | a senha q eu coloquei foi [senha omitida] e nao entra
      senha: cachorro123                                           | senha: [senha omitida]
      a senha nova ficou abacaxi, ta certo?                        | a senha nova ficou [senha omitida], ta certo?
      minha senha e Joao1990 nao sei pq nao funciona               | minha senha e [senha omitida] nao sei pq nao funciona
      a senha do app é "Flamengo10"                                | a senha do app é "[senha omitida]"
      senha do cartão 4321                                         | senha do cartão [senha omitida]
      Senha=qwe!rty                                                | Senha=[senha omitida]
      """)
  void passwordsInPtBrPhrasing(String typed, String stored) {
    Redaction r = Redaction.of(typed);
    assertThat(r.text()).isEqualTo(stored);
    assertThat(r.removed()).containsExactly(Secret.PASSWORD);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      o codigo de verificação é 483920                             | o codigo de verificação é [código omitido]     | CODE
      chegou o token 123456 no sms                                 | chegou o token [código omitido] no sms         | CODE
      o código que chegou no sms foi 5821                          | o código que chegou no sms foi [código omitido] | CODE
      código de segurança: 1234                                    | código de segurança: [cvv omitido]             | CVV
      o código atrás do cartão é 123                               | o código atrás do cartão é [cvv omitido]       | CVV
      CVC 321                                                      | CVC [cvv omitido]                              | CVV
      """)
  void oneTimeCodesAndCvvs(String typed, String stored, Secret kind) {
    Redaction r = Redaction.of(typed);
    assertThat(r.text()).isEqualTo(stored);
    assertThat(r.removed()).containsExactly(kind);
  }

  @Test
  void everythingAtOnceAndTheCpfStays() {
    String typed = "oi, cpf 123.456.789-09. cartao 5555 5555 5555 4444 cvv 987, a senha do app é Bia#77 e o token 443322";
    Redaction r = Redaction.of(typed);
    assertThat(r.text()).isEqualTo(
        "oi, cpf 123.456.789-09. cartao •••• 4444 cvv [cvv omitido], a senha do app é [senha omitida] e o token [código omitido]");
    assertThat(r.removed()).isEqualTo(Set.of(Secret.CARD, Secret.CVV, Secret.PASSWORD, Secret.CODE));
  }

  @Test
  void maskingTwiceChangesNothingMore() {
    Redaction once = Redaction.of("cartao 4111111111111111 cvv 123 senha: Abc@1234 token 556677");
    assertThat(Redaction.of(once.text()).text()).isEqualTo(once.text());
  }

  @Test
  void noTextIsNoRedaction() {
    assertThat(Redaction.of(null)).isEqualTo(Redaction.none(null));
    assertThat(Redaction.of("   ").removed()).isEmpty();
  }

  @Test
  void cpfsAreMaskedForLogsOnlyWhenTheirCheckDigitsHold() {
    assertThat(Cpf.mask("cpf 123.456.789-09 e 12345678909")).isEqualTo("cpf ***.***.***-** e ***.***.***-**");
    assertThat(Cpf.mask("cpf 123.456.789-00")).isEqualTo("cpf 123.456.789-00");
    assertThat(Cpf.mask("111.111.111-11")).as("repeated digits pass the check but are never issued").isEqualTo("111.111.111-11");
  }
}
