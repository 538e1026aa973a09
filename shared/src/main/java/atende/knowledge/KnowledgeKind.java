package atende.knowledge;

import atende.platform.WireEnum;

/** The seed's knowledge-base sections (seed 5.1.5); the history section lives on the ticket. */
public enum KnowledgeKind implements WireEnum {
  /** Frequently asked questions and standard answers. */
  FAQ,
  /** Step-by-step guides to solve a problem. */
  PROCEDURE,
  /** Company rules and terms of service. */
  POLICY,
  /** Contact and escalation information. */
  CONTACT
}
