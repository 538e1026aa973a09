package atende.guard;

import static org.assertj.core.api.Assertions.assertThat;

import atende.agent.ReplyTemplates;
import atende.escalation.EscalationReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The flood guard's pure rules: the limits an instance sets, the windows they are counted in, what people read. */
class BudgetGuardTest {

  @Test
  void theContractsDefaultIsThirtyTurnsPerCustomerHour() {
    assertThat(ModelLimits.DEFAULTS.perCustomerHour()).isEqualTo(30);
    assertThat(ModelLimits.of(null, null)).isEqualTo(ModelLimits.DEFAULTS);
  }

  @Test
  void consoleValuesAreTakenAndNonsenseMeansTheDefault() {
    assertThat(ModelLimits.of(5L, 40L)).isEqualTo(new ModelLimits(5, 40));
    assertThat(ModelLimits.of(0L, 0.0)).as("0 stops every turn").isEqualTo(new ModelLimits(0, 0));
    assertThat(ModelLimits.of("5", -1L)).isEqualTo(ModelLimits.DEFAULTS);
    assertThat(ModelLimits.of(1e12, 12.9).perCustomerHour()).isEqualTo(100_000);
  }

  @Test
  void turnsOfOneClockHourOrMinuteShareAWindowAndTheNextOneStartsAfresh() {
    Instant a = Instant.parse("2026-12-03T09:00:00Z");
    Instant b = Instant.parse("2026-12-03T09:59:59.999Z");
    Instant c = Instant.parse("2026-12-03T10:00:00Z");
    assertThat(BudgetWindow.HOUR.key(a)).isEqualTo("h2026120309").isEqualTo(BudgetWindow.HOUR.key(b));
    assertThat(BudgetWindow.HOUR.key(c)).isEqualTo("h2026120310");
    assertThat(BudgetWindow.HOUR.end(b)).isEqualTo(c);
    assertThat(BudgetWindow.MINUTE.key(b)).isEqualTo("m202612030959");
    assertThat(BudgetWindow.MINUTE.end(b)).isEqualTo(c);
    assertThat(BudgetWindow.HOUR.expiry(a)).as("kept a day after the window").isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
  }

  @Test
  void aCustomersWindowIsPerInstanceCustomerAndHour() {
    Instant at = Instant.parse("2026-12-03T09:30:00Z");
    assertThat(ModelBudget.customerWindow("loja", "loja_c1", at)).isEqualTo("loja_loja_c1_h2026120309")
        .isNotEqualTo(ModelBudget.customerWindow("loja", "loja_c2", at))
        .isNotEqualTo(ModelBudget.customerWindow("loja", "loja_c1", at.plusSeconds(3600)));
    assertThat(ModelBudget.instanceWindow("loja", at)).isEqualTo("loja_m202612030930");
  }

  @Test
  void theCustomerIsToldHonestlyAndTheTeamReadsWhy() {
    String notice = ReplyTemplates.rateLimited("maria souza");
    assertThat(notice).startsWith("Oi, Maria!").contains("registradas").contains("por até uma hora")
        .contains("uma pessoa da nossa equipe").doesNotContain("imediat").doesNotContain("agora mesmo");
    assertThat(EscalationReason.fromWire("flood")).isEqualTo(EscalationReason.FLOOD);
    assertThat(EscalationReason.FLOOD.words()).contains("muitas mensagens");
  }
}
