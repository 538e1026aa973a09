package atende.agent;

import atende.conversation.InstanceSettings;
import atende.escalation.EscalationReason;
import java.util.List;

/**
 * Phrases in what a customer writes that send the ticket to a person whatever the model answered (seed
 * 5.1.6: technical complexity; financial or legal risk). Each family is an escalation reason and an
 * {@code instances/{i}} field whose non-empty list replaces the default one. Phrases are matched as
 * word sequences, ignoring accents and case, and tolerating one typo in a long word ({@link Phrases}),
 * so the defaults list only the misspellings that are too short for that ("reclame aki").
 */
public enum KeywordFamily {
  TECHNICAL_COMPLEXITY(EscalationReason.TECHNICAL_COMPLEXITY, InstanceSettings.KEYWORD_FIELDS.get(0), List.of(
      "api", "integração", "webhook", "banco de dados", "servidor", "erro 500", "timeout",
      "certificado", "ssl", "dns", "backup", "perdi os dados", "dados sumiram", "vazamento", "invasão")),
  /** Consumer-protection bodies, complaint sites, lawyers and courts: what Brazilian customers threaten with. */
  LEGAL_THREAT(EscalationReason.LEGAL_THREAT, InstanceSettings.KEYWORD_FIELDS.get(1), List.of(
      "procon", "reclame aqui", "reclame aki", "reclameaqui", "consumidor gov", "consumidorgov",
      "advogado", "advogada", "departamento jurídico", "acionar o jurídico", "vou processar", "processar vocês",
      "processar a empresa", "processo judicial", "abrir um processo", "entrar com um processo", "justiça",
      "juizado", "pequenas causas", "ação judicial", "tribunal", "danos morais", "indenização",
      "notificação extrajudicial")),
  /** Card disputes, charges the customer did not make, fraud: money at stake that a person must look at. */
  PAYMENT_DISPUTE(EscalationReason.PAYMENT_DISPUTE, InstanceSettings.KEYWORD_FIELDS.get(2), List.of(
      "chargeback", "charge back", "contestar a compra", "contestar no cartão", "contestar a cobrança",
      "contestação", "cobrança indevida", "cobrado indevidamente", "cobrança em dobro", "cobrado duas vezes",
      "cobraram duas vezes", "cobraram em dobro", "não reconheço essa compra", "não reconheço a compra",
      "não reconheço essa cobrança", "não reconheço a cobrança", "não autorizei", "compra não autorizada",
      "cobrança não autorizada", "fraude", "golpe", "clonado", "clonaram"));

  private final EscalationReason reason;
  private final String instanceField;
  private final List<String> defaults;

  KeywordFamily(EscalationReason reason, String instanceField, List<String> defaults) {
    this.reason = reason;
    this.instanceField = instanceField;
    this.defaults = defaults;
  }

  /** The escalation reason a match adds. */
  public EscalationReason reason() {
    return reason;
  }

  /** The {@code instances/{i}} array field that replaces {@link #defaults()} for one instance. */
  public String instanceField() {
    return instanceField;
  }

  public List<String> defaults() {
    return defaults;
  }
}
