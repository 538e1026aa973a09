package atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTest {
  @Test
  void phoneNumbersAreMaskedWhereverTheyAppearInAValue() {
    assertThat(Log.maskNumbers("loja_5511987654321-1")).isEqualTo("loja_5511*****4321-1");
    assertThat(Log.maskNumbers("loja_5511987654321-1_3EB0A1B2C3")).doesNotContain("98765");
    assertThat(Log.mask("5511987654321@s.whatsapp.net")).isEqualTo("5511*****4321@s.whatsapp.net");
  }

  @Test
  void shortNumbersAndKeyIdsStayReadable() {
    assertThat(Log.maskNumbers("attempt 3 of 10, status 503")).isEqualTo("attempt 3 of 10, status 503");
    assertThat(Log.maskNumbers("3EB0D9BDF0218AA64EDB90")).isEqualTo("3EB0D9BDF0218AA64EDB90");
  }

  @Test
  void cardsAndCpfsAreMaskedWhole() {
    assertThat(Log.maskNumbers("cartao 4111 1111 1111 1111 e 5555555555554444")).isEqualTo("cartao •••• 1111 e •••• 4444");
    // Unmasked by the phone rule (punctuated) or masked only in the middle (bare): neither is enough for a CPF.
    assertThat(Log.maskNumbers("cpf 123.456.789-09 ou 12345678909")).isEqualTo("cpf ***.***.***-** ou ***.***.***-**");
  }

  @Test
  void noLevelAndNoFieldLetsACardOrACpfThrough() {
    String logged = captured(() -> {
      Log.info("test.info", "note", "cpf 123.456.789-09");
      Log.warn("test.warn", "detail", "cartao 4111 1111 1111 1111");
      Log.error("test.error", new IllegalStateException("rejected 5555 5555 5555 4444 for 12345678909"), "ticketId", "loja_5511987654321-1");
    });
    assertThat(logged.lines()).hasSize(3);
    assertThat(logged).contains("\"severity\":\"INFO\"", "\"severity\":\"WARNING\"", "\"severity\":\"ERROR\"", "•••• 4444")
        .doesNotContain("123.456.789-09", "4111 1111 1111 1111", "5555 5555 5555 4444", "12345678909", "5511987654321");
  }

  private static String captured(Runnable logging) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      logging.run();
    } finally {
      System.setOut(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
