package atende.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The escalation's JSON, the push envelope, the CRM body and signature, and the channel plan. */
class WireFormatsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Escalation E = new Escalation("esc-1", "t-1", "loja", "complaint", "high", List.of(EscalationReason.VIP_COMPLAINT),
      "run-1", Instant.parse("2026-11-20T13:02:11.123Z"), false);

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEscalationRoundTripsWithItsInstantAsIsoText() throws Exception {
    byte[] json = EscalationJson.encode(E);
    assertThat(JSON.readTree(json).path("at").asText()).isEqualTo("2026-11-20T13:02:11.123Z");
    assertThat(JSON.readTree(json).path("customerNotified").asBoolean(true)).isFalse();
    assertThat(EscalationJson.decode(json)).contains(E);
  }

  @Test
  void theAiTurnsConstructorMeansTheCustomerWasToldAndSoDoesAMissingField() {
    assertThat(new Escalation("e", "t", "i", "c", "p", List.of(), "r", null).customerNotified()).isTrue();
    assertThat(EscalationJson.decode(utf8("{\"escalationId\":\"e\",\"ticketId\":\"t\",\"extra\":1}")))
        .hasValueSatisfying(e -> {
          assertThat(e.customerNotified()).isTrue();
          assertThat(e.reasons()).isEmpty();
          assertThat(e.at()).isNull();
        });
  }

  @Test
  void whatIsNotAnEscalationDecodesToNothing() {
    for (String bad : List.of("", "null", "[]", "\"x\"", "{", "{\"escalationId\":\"e\"}", "{\"ticketId\":\"t\"}",
        "{\"escalationId\":1,\"ticketId\":\"t\"}", "{\"escalationId\":\" \",\"ticketId\":\"t\"}")) {
      assertThat(EscalationJson.decode(utf8(bad))).as(bad).isEmpty();
    }
    assertThat(EscalationJson.decode(null)).isEmpty();
    assertThat(EscalationJson.decode(utf8("{\"escalationId\":\"e\",\"ticketId\":\"t\",\"at\":\"yesterday\"}")))
        .hasValueSatisfying(e -> assertThat(e.at()).isNull());
  }

  @Test
  void aPushEnvelopeParsesInBothSpellingsWithOrWithoutDeliveryAttempt() {
    String data = Base64.getEncoder().encodeToString(utf8("{\"a\":1}"));
    PushEnvelope.Parsed parsed = PushEnvelope.parse(utf8("{\"message\":{\"data\":\"" + data
        + "\",\"attributes\":{\"ticketId\":\"t-1\",\"n\":2},\"messageId\":\"42\",\"publishTime\":\"2026-11-20T13:02:11Z\"},"
        + "\"subscription\":\"projects/p/subscriptions/s\",\"deliveryAttempt\":3}"));
    assertThat(parsed).isInstanceOfSatisfying(PushEnvelope.Valid.class, v -> {
      assertThat(v.envelope().messageId()).isEqualTo("42");
      assertThat(new String(v.envelope().data(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
      assertThat(v.envelope().attributes()).containsOnlyKeys("ticketId");
      assertThat(v.envelope().deliveryAttempt()).hasValue(3);
      assertThat(v.envelope().subscription()).isEqualTo("projects/p/subscriptions/s");
    });
    assertThat(PushEnvelope.parse(utf8("{\"message\":{\"message_id\":\"7\",\"publish_time\":\"x\"}}")))
        .isInstanceOfSatisfying(PushEnvelope.Valid.class, v -> {
          assertThat(v.envelope().messageId()).isEqualTo("7");
          assertThat(v.envelope().data()).isEmpty();
          assertThat(v.envelope().deliveryAttempt()).isEmpty();
        });
  }

  @Test
  void malformedEnvelopesSayWhy() {
    assertThat(PushEnvelope.parse(new byte[0])).isEqualTo(new PushEnvelope.Invalid("not a JSON object"));
    assertThat(PushEnvelope.parse(utf8("{oops"))).isEqualTo(new PushEnvelope.Invalid("not JSON"));
    assertThat(PushEnvelope.parse(utf8("[1]"))).isEqualTo(new PushEnvelope.Invalid("not a JSON object"));
    assertThat(PushEnvelope.parse(utf8("{\"message\":1}"))).isEqualTo(new PushEnvelope.Invalid("no message"));
    assertThat(PushEnvelope.parse(utf8("{\"message\":{}}"))).isEqualTo(new PushEnvelope.Invalid("no messageId"));
    assertThat(PushEnvelope.parse(utf8("{\"message\":{\"messageId\":\"1\",\"data\":\"%%%\"}}")))
        .isEqualTo(new PushEnvelope.Invalid("data is not base64"));
    assertThat(PushEnvelope.parse(utf8("{\"message\":{\"messageId\":\"1\",\"data\":{}}}")))
        .isEqualTo(new PushEnvelope.Invalid("data is not a string"));
  }

  @Test
  void theSignatureIsHmacSha256OfTheExactBodyInHex() {
    // RFC 4231, test case 2
    assertThat(CrmPayload.signature("Jefe", utf8("what do ya want for nothing?")))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    byte[] body = utf8("{\"x\":1}");
    String header = CrmPayload.signature("s3cret", body);
    assertThat(CrmPayload.verify("s3cret", body, header)).isTrue();
    assertThat(CrmPayload.verify("other", body, header)).isFalse();
    assertThat(CrmPayload.verify("s3cret", utf8("{\"x\":2}"), header)).isFalse();
    assertThat(CrmPayload.verify("s3cret", body, null)).isFalse();
  }

  @Test
  void theCrmBodyCarriesTheFactsAndTheFullPhone() throws Exception {
    Notice notice = new Notice("esc-1", "t-1", "loja", "Carlos Mendes", "5511987650102", "complaint", "high",
        List.of(EscalationReason.VIP_COMPLAINT), Instant.parse("2026-11-20T13:02:11Z"),
        List.of(new Notice.Line("customer", "text", "Estou insatisfeito", Instant.parse("2026-11-20T13:02:00Z"))),
        Optional.empty());
    JsonNode body = JSON.readTree(CrmPayload.body(notice));
    assertThat(body.path("event").asText()).isEqualTo("ticket.escalated");
    assertThat(body.path("escalationId").asText()).isEqualTo("esc-1");
    assertThat(body.path("ticketId").asText()).isEqualTo("t-1");
    assertThat(body.path("priority").asText()).isEqualTo("high");
    assertThat(body.path("reasons").get(0).asText()).isEqualTo("vip_complaint");
    assertThat(body.path("reasonsText").asText()).isEqualTo("cliente VIP insatisfeito");
    assertThat(body.path("customer").path("phone").asText()).isEqualTo("5511987650102");
    assertThat(body.path("lastMessages").get(0).path("text").asText()).isEqualTo("Estou insatisfeito");
    assertThat(body.path("at").asText()).isEqualTo("2026-11-20T13:02:11Z");
  }

  @Test
  void theCrmLinesCarryWhatTheModelHeardOrWhyItDidNot() throws Exception {
    Instant at = Instant.parse("2026-11-20T13:02:00Z");
    Notice notice = new Notice("esc-1", "t-1", "loja", "Carlos", "5511987650102", "support", "medium",
        List.of(EscalationReason.MEDIA_NOT_UNDERSTOOD), at, List.of(
            new Notice.Line("customer", "audio", null, at, Optional.of(new Notice.MediaSeen(12, "quero cancelar", null))),
            new Notice.Line("customer", "audio", null, at, Optional.of(new Notice.MediaSeen(900, null, "too_long"))),
            new Notice.Line("customer", "text", "oi", at)),
        Optional.empty());
    JsonNode lines = JSON.readTree(CrmPayload.body(notice)).path("lastMessages");
    assertThat(lines.get(0).path("mediaText").asText()).isEqualTo("quero cancelar");
    assertThat(lines.get(0).has("mediaUnread")).isFalse();
    assertThat(lines.get(1).path("mediaUnread").asText()).isEqualTo("too_long");
    assertThat(lines.get(1).has("mediaText")).isFalse();
    assertThat(lines.get(2).has("mediaText")).isFalse();
    assertThat(lines.get(2).has("mediaUnread")).isFalse();
  }

  @Test
  void theChannelPlanDedupesTargetsAndAddsTheCustomerOnlyWhenNotToldYet() {
    List<Channel> plan = Channel.plan(List.of("5511900001111", " 5511900001111 ", "", "120363025246125486@g.us"),
        false, "5511987650102@s.whatsapp.net", true);
    assertThat(plan).containsExactly(new Channel.Team("5511900001111"), new Channel.Team("120363025246125486@g.us"),
        new Channel.Customer("5511987650102@s.whatsapp.net"), new Channel.Crm());
    assertThat(plan).extracting(Channel::key).doesNotHaveDuplicates()
        .allSatisfy(k -> assertThat(k).doesNotContain("/", "@"));
    assertThat(Channel.plan(List.of("5511900001111"), true, "x@s.whatsapp.net", false))
        .containsExactly(new Channel.Team("5511900001111"));
    assertThat(Channel.plan(List.of(), true, "x", false)).isEmpty();
    assertThat(new Channel.Customer("x").reachesTeam()).isFalse();
    assertThat(new Channel.Crm().reachesTeam()).isTrue();
  }
}
