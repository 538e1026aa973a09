package atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

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
}
