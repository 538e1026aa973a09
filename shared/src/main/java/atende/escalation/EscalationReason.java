package atende.escalation;

import atende.platform.Log;
import atende.platform.WireEnum;
import java.util.List;
import java.util.Locale;

/**
 * Why a ticket went to a person: every reason the code can raise, its wire code (stored in
 * {@code escalation.reasons} and {@code escalations/*}, sent to the CRM) and the pt-BR words the team
 * reads in the notice. A code this version does not know (written by an older or newer one, or by
 * hand in the console) reads as {@link #OTHER}, and is logged, never dropped silently.
 */
public enum EscalationReason implements WireEnum {
  // The seed's rules (5.1.6), applied by the policy.
  CUSTOMER_REQUESTED_HUMAN("o cliente pediu para falar com uma pessoa"),
  CRITICAL_PRIORITY("prioridade crítica"),
  VIP_COMPLAINT("cliente VIP insatisfeito"),
  NEGATIVE_SENTIMENT("sentimento negativo"),
  RECURRING_ISSUE("problema recorrente (3 ou mais contatos)"),
  TECHNICAL_COMPLEXITY("complexidade técnica"),
  LEGAL_THREAT("o cliente falou em Procon, Reclame Aqui, advogado ou processo"),
  PAYMENT_DISPUTE("contestação de pagamento, cobrança indevida ou fraude"),
  // What the model may give as its own reason (GeminiEngine's response schema).
  NO_KNOWLEDGE("a base de conhecimento não tem a resposta"),
  FINANCIAL_OR_LEGAL("risco financeiro ou jurídico"),
  MODEL_REQUESTED("a IA avaliou que o caso precisa de uma pessoa"),
  // The model could not be used (EngineFailure).
  MODEL_UNAVAILABLE("a IA ficou indisponível"),
  MODEL_INVALID_OUTPUT("a IA respondeu fora do formato esperado"),
  MODEL_OUTPUT_CUT("a resposta da IA foi cortada por excesso de tamanho"),
  SAFETY_BLOCK("os filtros de segurança bloquearam a resposta da IA"),
  EMPTY_REPLY("a IA não conseguiu formular uma resposta"),
  // Media the AI could not hear or see, more than once (docs/design.md "Media").
  MEDIA_NOT_UNDERSTOOD("o cliente mandou áudio, imagem ou arquivo que a IA não conseguiu ouvir ou ver"),
  // Delivery and the sweep.
  SEND_FAILED("falha ao enviar a resposta ao cliente"),
  SLA_BREACHED("tempo limite de atendimento excedido"),
  NO_RESOLUTION_TIMEOUT("mensagem do cliente sem resposta além do tempo limite"),
  // The flood guard (atende.guard): the customer kept writing after being told the AI paused.
  FLOOD("o cliente continua mandando muitas mensagens; as respostas automáticas estão pausadas"),
  OTHER("outro motivo (não reconhecido)");

  private final String words;

  EscalationReason(String words) {
    this.words = words;
  }

  /** What the team reads in the notice, in pt-BR. */
  public String words() {
    return words;
  }

  /** The reason for a stored or received code; {@link #OTHER} (logged) for an unknown one. */
  public static EscalationReason fromWire(String code) {
    return WireEnum.parse(EscalationReason.class, code).orElseGet(() -> {
      Log.warn("escalation.unknown_reason", "code", code == null ? "" : code.toLowerCase(Locale.ROOT));
      return OTHER;
    });
  }

  public static List<String> wire(List<EscalationReason> reasons) {
    return reasons.stream().map(EscalationReason::wire).toList();
  }

  /** Stored codes (a Firestore or JSON array) as reasons; anything that is not a non-blank string is skipped. */
  public static List<EscalationReason> fromStored(Object stored) {
    if (!(stored instanceof List<?> list)) return List.of();
    return list.stream().filter(r -> r instanceof String s && !s.isBlank()).map(r -> fromWire((String) r)).toList();
  }
}
