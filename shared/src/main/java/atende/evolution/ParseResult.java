package atende.evolution;

import java.util.Objects;

/** What {@link EvolutionParser#parse(byte[])} made of a webhook body. */
public sealed interface ParseResult {

  /** An Evolution event we could read; unknown events are {@link WebhookEvent.Other}, not errors. */
  record Parsed(WebhookEvent event) implements ParseResult {
    public Parsed {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * A body that is not a usable Evolution event: invalid JSON, not an object, no {@code event}
   * string, or a message event whose data cannot identify the message. Retrying it cannot help.
   */
  record Malformed(String error) implements ParseResult {
    public Malformed {
      Objects.requireNonNull(error, "error");
    }
  }
}
