package atende.escalation;

import atende.conversation.Author;
import atende.conversation.Category;
import atende.conversation.Priority;
import atende.conversation.TicketSchema;
import atende.evolution.MessageType;
import atende.platform.Log;
import atende.platform.WireEnum;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the team is told about an escalation: the facts gathered from the escalation, its ticket and
 * the ticket's last messages, and the pt-BR WhatsApp text built from them. Pure: no I/O, the same
 * notice always gives the same text.
 */
public record Notice(
    String escalationId,
    String ticketId,
    String instance,
    String customerName,
    String customerPhone,
    String category,
    String priority,
    List<EscalationReason> reasons,
    Instant at,
    List<Line> lastMessages,
    Optional<String> consoleUrl) {

  /** Messages quoted in a notice, at most. */
  public static final int LAST_MESSAGES = 5;
  /** Characters quoted per message, at most. */
  public static final int QUOTE_CHARS = 280;
  /** Times in the notice are Brazilian (the team reads pt-BR; tenants have no time zone setting yet). */
  public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

  /**
   * One message of the conversation: {@code author} and {@code type} in their wire form, and for a
   * voice note, image, video, document or sticker what the AI turn made of it.
   */
  public record Line(String author, String type, String text, Instant at, Optional<MediaSeen> media) {
    public Line {
      media = media == null ? Optional.empty() : media;
    }

    /** A message without media facts (text, or media the turn has not looked at yet). */
    public Line(String author, String type, String text, Instant at) {
      this(author, type, text, at, Optional.empty());
    }
  }

  /**
   * What the turn stored on a media message: its length in seconds (audio, video), what the model heard
   * or saw ({@code mediaText}), or why it did not ({@code media.unread}, an {@code atende.agent.MediaProblem} code).
   */
  public record MediaSeen(Integer seconds, String mediaText, String unread) {
    public boolean understood() {
      return mediaText != null && !mediaText.isBlank();
    }
  }

  public Notice {
    reasons = List.copyOf(reasons);
    lastMessages = List.copyOf(lastMessages.size() > LAST_MESSAGES
        ? lastMessages.subList(lastMessages.size() - LAST_MESSAGES, lastMessages.size())
        : lastMessages);
  }

  /** The WhatsApp notice for the team (escalation targets), in Brazilian Portuguese. */
  public String teamText() {
    StringBuilder sb = new StringBuilder();
    // The sweep's second notice: nobody took over within the priority's SLA, so it says so first.
    if (reasons.contains(EscalationReason.SLA_BREACHED)) {
      sb.append("⏰ *URGENTE: ninguém assumiu este atendimento dentro do prazo*\n");
    }
    sb.append(switch (WireEnum.parse(Priority.class, priority).orElse(Priority.LOW)) {
      case CRITICAL -> "🚨";
      case HIGH -> "⚠️";
      case MEDIUM, LOW -> "🔔";
    }).append(" *Atendimento humano necessário*");
    sb.append("\n\n*Cliente:* ").append(customerName == null || customerName.isBlank() ? "(sem nome)" : customerName.strip());
    if (customerPhone != null && !customerPhone.isBlank()) sb.append(" (").append(Log.mask(customerPhone)).append(")");
    sb.append("\n*Categoria:* ").append(categoryInWords(category));
    sb.append("\n*Prioridade:* ").append(priorityInWords(priority));
    sb.append("\n*Motivo").append(reasons.size() > 1 ? "s" : "").append(":* ").append(reasonsInWords(reasons));
    sb.append("\n*Ticket:* ").append(ticketId);
    if (!lastMessages.isEmpty()) {
      sb.append("\n\n*Últimas mensagens:*");
      DateTimeFormatter time = DateTimeFormatter.ofPattern("dd/MM HH:mm").withZone(ZONE);
      for (Line line : lastMessages) {
        sb.append("\n");
        if (line.at() != null) sb.append("[").append(time.format(line.at())).append("] ");
        sb.append(authorInWords(line.author())).append(": ").append(quote(line));
      }
    }
    sb.append("\n\nResponda ao cliente pelo WhatsApp da empresa: quando uma pessoa responde, a IA pausa neste ticket.");
    consoleUrl.ifPresent(url -> sb.append("\nTicket no console: ").append(url));
    return sb.toString();
  }

  /** Seed 5.1.3's category names. */
  public static String categoryInWords(String category) {
    return WireEnum.parse(Category.class, category).map(c -> switch (c) {
      case TECHNICAL -> "Técnico";
      case COMMERCIAL -> "Comercial";
      case SUPPORT -> "Suporte";
      case COMPLAINT -> "Reclamação";
      case PRAISE -> "Elogio";
    }).orElse("Não classificado");
  }

  /** Seed 5.1.4's priority names. */
  public static String priorityInWords(String priority) {
    return WireEnum.parse(Priority.class, priority).map(p -> switch (p) {
      case CRITICAL -> "Crítica";
      case HIGH -> "Alta";
      case MEDIUM -> "Média";
      case LOW -> "Baixa";
    }).orElse("Não definida");
  }

  /** The reasons as a person would say them, each once, in the order raised. */
  public static String reasonsInWords(List<EscalationReason> reasons) {
    if (reasons.isEmpty()) return "não informado";
    return String.join("; ", reasons.stream().map(EscalationReason::words).distinct().toList());
  }

  static String authorInWords(String author) {
    return WireEnum.parse(Author.class, author).map(a -> switch (a) {
      case CUSTOMER -> "Cliente";
      case AI -> "IA";
      case HUMAN -> "Atendente";
      case SYSTEM -> "Sistema";
    }).orElse("?");
  }

  /**
   * A message as the team reads it: its text, or for media its kind and length, what the model heard
   * or saw in quotes ({@code [áudio 0:12] "quero cancelar"}) or that nobody could
   * ({@code [áudio 0:12 não compreendido]}), then the caption. Each text is cut to {@link #QUOTE_CHARS}.
   */
  static String quote(Line line) {
    String text = cut(line.text());
    Optional<MessageType> type = WireEnum.parse(MessageType.class, line.type()).filter(MessageType::isMedia);
    if (type.isEmpty()) return text.isEmpty() ? "[" + kindInWords(line.type()) + "]" : text;
    StringBuilder sb = new StringBuilder("[").append(kindInWords(line.type()));
    Optional<MediaSeen> seen = line.media();
    seen.map(MediaSeen::seconds).filter(s -> s > 0).ifPresent(s -> sb.append(' ').append(s / 60).append(':')
        .append(String.format(Locale.ROOT, "%02d", s % 60)));
    boolean understood = seen.filter(MediaSeen::understood).isPresent();
    if (!understood && seen.map(MediaSeen::unread).isPresent()) {
      // Portuguese agreement: "imagem" and "figurinha" are feminine.
      sb.append(type.get() == MessageType.IMAGE || type.get() == MessageType.STICKER ? " não compreendida" : " não compreendido");
    }
    sb.append(']');
    if (understood) sb.append(" \"").append(cut(seen.get().mediaText())).append('"');
    if (!text.isEmpty()) sb.append(understood ? " — legenda: " : " ").append(text);
    return sb.toString();
  }

  private static String kindInWords(String type) {
    return WireEnum.parse(MessageType.class, type).map(t -> switch (t) {
      case IMAGE -> "imagem";
      case AUDIO -> "áudio";
      case VIDEO -> "vídeo";
      case DOCUMENT -> "documento";
      case STICKER -> "figurinha";
      case LOCATION -> "localização";
      case CONTACT -> "contato";
      case TEXT, OTHER -> "mensagem sem texto";
    }).orElse("mensagem sem texto");
  }

  /** One line of at most {@link #QUOTE_CHARS} code points, line breaks as " / "; empty for none. */
  private static String cut(String raw) {
    String text = raw == null ? "" : raw.strip().replaceAll("\\s*\\n\\s*", " / ");
    if (text.codePointCount(0, text.length()) <= QUOTE_CHARS) return text;
    return text.substring(0, text.offsetByCodePoints(0, QUOTE_CHARS - 1)).stripTrailing() + "…";
  }

  /**
   * The ticket in the Firestore console ({@code (default)} is spelled {@code -default-} in its URLs), or
   * empty for the local project, which has no console.
   */
  public static Optional<String> consoleUrl(String projectId, String database, String ticketId) {
    if (projectId == null || projectId.equals(atende.platform.Settings.DEFAULT_PROJECT)) return Optional.empty();
    String db = "(default)".equals(database) ? "-default-" : database;
    return Optional.of("https://console.cloud.google.com/firestore/databases/" + db + "/data/panel/" + TicketSchema.COLLECTION
        + "/" + ticketId + "?project=" + projectId);
  }
}
