package atende.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The team notice, built without I/O. */
class NoticeTest {
  static final Instant AT = Instant.parse("2026-11-20T17:02:00Z"); // 14:02 in São Paulo

  static Notice notice(List<EscalationReason> reasons, List<Notice.Line> lines) {
    return new Notice("esc-1", "loja_5511987650102-1", "loja", "Carlos Mendes", "5511987650102", "complaint", "high",
        reasons, AT, lines, Optional.empty());
  }

  @Test
  void theNoticeSaysWhoWhatHowUrgentWhyAndWhichTicket() {
    String text = notice(List.of(EscalationReason.VIP_COMPLAINT, EscalationReason.NEGATIVE_SENTIMENT), List.of(
        new Notice.Line("customer", "text", "Estou muito insatisfeito, é a terceira vez que o sistema cai!", AT),
        new Notice.Line("ai", "text", "Certo, Carlos. Vou transferir você para um atendente humano.", AT.plusSeconds(5))))
        .teamText();

    assertThat(text).startsWith("⚠️ *Atendimento humano necessário*")
        .contains("*Cliente:* Carlos Mendes (5511*****0102)")
        .contains("*Categoria:* Reclamação")
        .contains("*Prioridade:* Alta")
        .contains("*Motivos:* cliente VIP insatisfeito; sentimento negativo")
        .contains("*Ticket:* loja_5511987650102-1")
        .contains("[20/11 14:02] Cliente: Estou muito insatisfeito, é a terceira vez que o sistema cai!")
        .contains("[20/11 14:02] IA: Certo, Carlos. Vou transferir você para um atendente humano.")
        .doesNotContain("5511987650102 ")
        .doesNotContain("(5511987650102)");
  }

  @Test
  void criticalPriorityIsFlaggedAndOneReasonIsSingular() {
    String text = new Notice("e", "t", "loja", "Ana", "5511999990000", "technical", "critical",
        List.of(EscalationReason.CRITICAL_PRIORITY), AT, List.of(), Optional.empty()).teamText();
    assertThat(text).startsWith("🚨").contains("*Motivo:* prioridade crítica").contains("*Categoria:* Técnico")
        .doesNotContain("Últimas mensagens");
  }

  @Test
  void everyReasonReadsInPortugueseAndUnknownCodesAreOther() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (EscalationReason reason : EscalationReason.values()) {
      assertThat(reason.words()).as(reason.wire()).doesNotContain("_").isNotBlank();
      assertThat(seen.add(reason.words())).as("two reasons read the same: " + reason.words()).isTrue();
      assertThat(EscalationReason.fromWire(reason.wire())).isEqualTo(reason);
    }
    assertThat(EscalationReason.fromWire("Something_New")).isEqualTo(EscalationReason.OTHER);
    assertThat(EscalationReason.fromStored(List.of("vip_complaint", 7, "", "mystery")))
        .containsExactly(EscalationReason.VIP_COMPLAINT, EscalationReason.OTHER);
    assertThat(Notice.reasonsInWords(List.of())).isEqualTo("não informado");
    assertThat(Notice.reasonsInWords(List.of(EscalationReason.SLA_BREACHED, EscalationReason.SLA_BREACHED)))
        .isEqualTo("tempo limite de atendimento excedido");
  }

  @Test
  void aModelFailureReadsInPortuguese() {
    String text = notice(List.of(EscalationReason.MODEL_INVALID_OUTPUT, EscalationReason.MODEL_OUTPUT_CUT), List.of()).teamText();
    assertThat(text).contains("*Motivos:* a IA respondeu fora do formato esperado; a resposta da IA foi cortada")
        .doesNotContain("model").doesNotContain("invalid");
  }

  @Test
  void onlyTheLastFiveMessagesAreQuotedShortenedAndMediaNamed() {
    List<Notice.Line> lines = new ArrayList<>();
    for (int i = 1; i <= 7; i++) lines.add(new Notice.Line("customer", "text", "mensagem " + i, AT.plusSeconds(i)));
    lines.add(new Notice.Line("customer", "audio", null, AT.plusSeconds(8)));
    lines.add(new Notice.Line("human", "text", "x".repeat(400) + "\nfim", AT.plusSeconds(9)));
    String text = notice(List.of(), lines).teamText();

    assertThat(text).doesNotContain("mensagem 4").contains("mensagem 5").contains("mensagem 7")
        .contains("Cliente: [áudio]")
        .contains("Atendente: " + "x".repeat(Notice.QUOTE_CHARS - 1) + "…")
        .doesNotContain("fim");
  }

  @Test
  void mediaIsQuotedByWhatTheModelHeardOrSawOrSaidNotUnderstood() {
    String heard = "Oi, eu queria cancelar o meu plano porque a cobrança veio em dobro este mês";
    String text = notice(List.of(EscalationReason.PAYMENT_DISPUTE), List.of(
        media("audio", null, 12, heard, null),
        media("image", "Olha esse erro", null, "Tela do app com a mensagem \"Erro 500\"", null),
        media("audio", null, 754, null, "too_long"),
        media("image", null, null, null, "not_fetched"),
        media("video", null, 65, null, null))).teamText();

    assertThat(text)
        .contains("Cliente: [áudio 0:12] \"" + heard + "\"")
        .contains("Cliente: [imagem] \"Tela do app com a mensagem \"Erro 500\"\" — legenda: Olha esse erro")
        .contains("Cliente: [áudio 12:34 não compreendido]")
        .contains("Cliente: [imagem não compreendida]")
        .contains("Cliente: [vídeo 1:05]\n"); // not looked at yet
  }

  @Test
  void whatTheModelHeardIsCutLikeAnyQuote() {
    String quoted = Notice.quote(media("audio", null, 300, "a".repeat(500) + "\nfim", null));
    assertThat(quoted).isEqualTo("[áudio 5:00] \"" + "a".repeat(Notice.QUOTE_CHARS - 1) + "…\"");
  }

  static Notice.Line media(String type, String caption, Integer seconds, String mediaText, String unread) {
    return new Notice.Line("customer", type, caption, AT, Optional.of(new Notice.MediaSeen(seconds, mediaText, unread)));
  }

  @Test
  void missingFactsAreSaidPlainly() {
    String text = new Notice("e", "t", "loja", null, null, null, null, List.of(), null, List.of(), Optional.empty()).teamText();
    assertThat(text).contains("*Cliente:* (sem nome)\n").contains("*Categoria:* Não classificado")
        .contains("*Prioridade:* Não definida").contains("*Motivo:* não informado");
  }

  @Test
  void theConsoleLinkPointsAtTheTicketExceptLocally() {
    assertThat(Notice.consoleUrl("my-proj", "(default)", "t-1"))
        .contains("https://console.cloud.google.com/firestore/databases/-default-/data/panel/tickets/t-1?project=my-proj");
    assertThat(Notice.consoleUrl("atende-local", "(default)", "t-1")).isEmpty();
    assertThat(new Notice("e", "t-1", "loja", "Ana", null, "support", "low", List.of(), AT, List.of(),
        Notice.consoleUrl("my-proj", "atende", "t-1")).teamText())
        .endsWith("Ticket no console: https://console.cloud.google.com/firestore/databases/atende/data/panel/tickets/t-1?project=my-proj");
  }
}
