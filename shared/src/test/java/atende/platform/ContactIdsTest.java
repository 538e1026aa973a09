package atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContactIdsTest {
  final ContactIds ids = new ContactIds(() -> "key-one");

  @Test
  void aCustomerIdIsStableReadableAndHoldsNoPartOfTheNumber() {
    String id = ids.customer("loja", "5511987654321");
    assertThat(id).isEqualTo(ids.customer("loja", "5511987654321")).startsWith("loja_").matches("loja_[0-9a-f]{24}");
    assertThat(id).doesNotContain("98765").doesNotContain("4321");
  }

  @Test
  void theIdDependsOnInstanceNumberAndKey() {
    String id = ids.customer("loja", "5511987654321");
    assertThat(ids.customer("loja", "5511987654322")).isNotEqualTo(id);
    assertThat(ids.customer("outra", "5511987654321")).isNotEqualTo(id.replace("loja", "outra"));
    assertThat(new ContactIds(() -> "key-two").customer("loja", "5511987654321")).as("without the key it cannot be recomputed")
        .isNotEqualTo(id);
  }

  @Test
  void ticketPrefixesAreRandomAndReadable() {
    assertThat(Ids.ticketPrefix("loja")).matches("loja_t[0-9a-f]{20}").isNotEqualTo(Ids.ticketPrefix("loja"));
  }
}
