package atende.agent;

import atende.conversation.Author;
import atende.evolution.MessageType;
import atende.media.MediaStorage;
import atende.platform.Log;
import com.google.genai.types.Content;
import com.google.genai.types.MediaModality;
import com.google.genai.types.Part;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conversation as Gemini's {@code contents}: customer lines as {@code user}, our side as
 * {@code model}. The burst's media go into the user turn as parts next to their caption, each after a
 * label ({@code [mídia m1: áudio de 12 s]}) that the response's {@code mediaText} names; media already
 * understood by an earlier turn go as that text, and media that cannot be sent as a note saying so.
 */
final class GeminiRequest {
  /**
   * Whole inline request at most 20 MB (docs/reference/gcp.md, "request ≤ 20 MB"); base64 makes bytes a
   * third larger, and 1 MB is left for the text.
   */
  static final long INLINE_BYTES = (20_000_000L - 1_000_000L) / 4 * 3;
  /**
   * Vertex documents "Maximum number of audio files per prompt: 1" for its Gemini models (Vertex AI
   * "Audio understanding"): a second voice note in one burst is noted, not sent.
   */
  static final int AUDIO_PARTS = 1;

  /** A media part sent: its message, the media and the MIME type Gemini got. */
  record Sent(String messageId, Turn.Media media, String mimeType) {
    MediaModality.Known modality() {
      if (mimeType.startsWith("audio/")) return MediaModality.Known.AUDIO;
      if (mimeType.startsWith("image/")) return MediaModality.Known.IMAGE;
      if (mimeType.startsWith("video/")) return MediaModality.Known.VIDEO;
      return mimeType.equals("text/plain") ? MediaModality.Known.TEXT : MediaModality.Known.DOCUMENT;
    }
  }

  final List<Content> contents = new ArrayList<>();
  /** Label ({@code m1}, ...) to what it labels, in order. */
  final Map<String, Sent> sent = new LinkedHashMap<>();
  private final GeminiEngine.MediaDelivery delivery;
  private String role;
  private List<Part> parts = new ArrayList<>();
  private long inlineLeft = INLINE_BYTES;
  private int audioParts;

  private GeminiRequest(GeminiEngine.MediaDelivery delivery) {
    this.delivery = delivery;
  }

  static GeminiRequest of(Turn turn, GeminiEngine.MediaDelivery delivery) {
    GeminiRequest request = new GeminiRequest(delivery);
    String name = displayName(turn.customerName());
    // The WhatsApp profile name is chosen by the customer, so it is customer text: user role only.
    if (name != null) request.add("user", List.of(Part.fromText("[nome do cliente no WhatsApp: " + name + "]")));
    int pendingFrom = turn.history().size() - turn.pendingLines().size();
    for (int i = 0; i < turn.history().size(); i++) {
      Turn.Line line = turn.history().get(i);
      request.add(line.author() == Author.CUSTOMER ? "user" : "model", request.parts(line, i >= pendingFrom));
    }
    request.flush();
    if (request.contents.isEmpty() || !"user".equals(request.contents.get(request.contents.size() - 1).role().orElse(""))) {
      // A console reprocess may run after our own reply; the model answers a user turn, so end with one.
      request.add("user", List.of(Part.fromText("[sistema] Reavalie a conversa acima e responda conforme as instruções.")));
      request.flush();
    }
    return request;
  }

  /** Consecutive lines of one side become one turn with their parts in order: turns alternate. */
  private void add(String lineRole, List<Part> lineParts) {
    if (lineParts.isEmpty()) return;
    if (!lineRole.equals(role)) flush();
    role = lineRole;
    parts.addAll(lineParts);
  }

  private void flush() {
    if (!parts.isEmpty()) contents.add(Content.builder().role(role).parts(parts).build());
    parts = new ArrayList<>();
  }

  private List<Part> parts(Turn.Line line, boolean pending) {
    String prefix = switch (line.author()) {
      case CUSTOMER, AI -> "";
      case HUMAN -> GeminiEngine.HUMAN_PREFIX;
      case SYSTEM -> GeminiEngine.SYSTEM_PREFIX;
    };
    List<Part> lineParts = new ArrayList<>();
    line.media().ifPresent(media -> {
      // A person's own media (a voice note from the business phone) is never transcribed: only noted.
      if (line.author() != Author.CUSTOMER) lineParts.add(Part.fromText(prefix + "[" + Words.of(media.type()).noun + "]"));
      else lineParts.addAll(customerMedia(line, media, pending));
    });
    if (line.hasText()) lineParts.add(Part.fromText(prefix + line.text()));
    return lineParts;
  }

  private List<Part> customerMedia(Turn.Line line, Turn.Media media, boolean pending) {
    Words words = Words.of(media.type());
    if (media.understood()) {
      return List.of(Part.fromText("[" + words.noun + " do cliente; conteúdo: " + media.mediaText().orElseThrow() + "]"));
    }
    Optional<MediaProblem> problem = media.problem();
    if (pending && problem.isEmpty()) {
      Optional<Sent> sendable = sendable(line, media);
      Optional<Part> part = sendable.flatMap(this::part);
      if (part.isPresent()) {
        String label = "m" + (sent.size() + 1);
        sent.put(label, sendable.get());
        String length = media.seconds() != null && media.seconds() > 0 ? " de " + media.seconds() + " s" : "";
        return List.of(Part.fromText("[mídia " + label + ": " + words.noun + length + " do cliente]"), part.get());
      }
    }
    String why = problem.map(p -> switch (p) {
      case TOO_LONG -> " (longo demais)";
      case TOO_LARGE -> " (grande demais)";
      case TOO_MANY_PAGES -> " (com páginas demais)";
      case UNSUPPORTED_TYPE -> " (formato não suportado)";
      case NOT_FETCHED -> " (o arquivo não pôde ser obtido)";
      case NOT_UNDERSTOOD -> "";
    }).orElse("");
    return List.of(Part.fromText("[o cliente enviou " + words.article + " que não foi possível " + words.verb + why + "]"));
  }

  private Optional<Sent> sendable(Turn.Line line, Turn.Media media) {
    Optional<String> mime = media.geminiMimeType();
    if (mime.isEmpty() || media.stored().isEmpty() || line.id() == null) return Optional.empty();
    if (mime.get().startsWith("audio/") && audioParts >= AUDIO_PARTS) return Optional.empty();
    return Optional.of(new Sent(line.id(), media, mime.get()));
  }

  private Optional<Part> part(Sent sent) {
    var stored = sent.media().stored().orElseThrow();
    Optional<Part> part = switch (delivery) {
      case GeminiEngine.MediaDelivery.ByUri byUri -> Optional.of(Part.fromUri(stored.uri(), sent.mimeType()));
      case GeminiEngine.MediaDelivery.Inline inline -> inline(inline.storage(), sent);
    };
    if (part.isPresent() && sent.modality() == MediaModality.Known.AUDIO) audioParts++;
    return part;
  }

  private Optional<Part> inline(MediaStorage storage, Sent sent) {
    byte[] bytes;
    try {
      bytes = storage.get(sent.media().stored().orElseThrow());
    } catch (RuntimeException e) {
      Log.error("media.read_failed", e, "messageId", sent.messageId());
      return Optional.empty();
    }
    long encoded = (bytes.length + 2L) / 3 * 4;
    if (encoded > inlineLeft) {
      Log.warn("media.inline_budget", "messageId", sent.messageId(), "bytes", bytes.length);
      return Optional.empty();
    }
    inlineLeft -= encoded;
    return Optional.of(Part.fromBytes(bytes, sent.mimeType()));
  }

  /** How the instructions speak of each kind: "áudio", "um áudio", "ouvir". */
  private record Words(String noun, String article, String verb) {
    static Words of(MessageType type) {
      return switch (type) {
        case AUDIO -> new Words("áudio", "um áudio", "ouvir");
        case IMAGE -> new Words("imagem", "uma imagem", "ver");
        case VIDEO -> new Words("vídeo", "um vídeo", "assistir");
        case STICKER -> new Words("figurinha", "uma figurinha", "ver");
        default -> new Words("documento", "um documento", "abrir");
      };
    }
  }

  static String displayName(String name) {
    if (name == null) return null;
    String clean = name.replaceAll("[\\p{Cntrl}\\[\\]]", " ").replaceAll("\\s+", " ").strip();
    if (clean.isEmpty()) return null;
    return clean.length() > 60 ? clean.substring(0, 60) : clean;
  }
}
