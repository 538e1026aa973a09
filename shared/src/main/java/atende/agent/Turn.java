package atende.agent;

import atende.conversation.Author;
import atende.evolution.MessageType;
import atende.knowledge.KnowledgeDoc;
import atende.platform.MediaLimits;
import atende.media.StoredMedia;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything an engine may use for one reply: the conversation so far (oldest first, the burst to
 * answer at the end), who the customer is, and the knowledge retrieved for it.
 */
public record Turn(
    String instance,
    String customerName,
    boolean vip,
    int previousTickets,
    List<Line> history,
    List<KnowledgeDoc> knowledge) {

  /**
   * One message of the conversation: {@code id} is the message's id (null where it does not matter),
   * {@code text} its text or, for media, its caption (may be empty), {@code media} its media.
   */
  public record Line(String id, Author author, String text, Instant at, Optional<Media> media) {
    /** A text message. */
    public Line(Author author, String text, Instant at) {
      this(null, author, text, at, Optional.empty());
    }

    public boolean hasText() {
      return text != null && !text.isBlank();
    }

    Line withMedia(Media newMedia) {
      return new Line(id, author, text, at, Optional.of(newMedia));
    }
  }

  /**
   * A voice note, image, sticker, video or document: its type, the MIME type as WhatsApp declared it,
   * where its bytes are when stored, its length, pages and size when known, {@code mediaText} when a
   * turn already understood it, and {@code problem} when this turn cannot give it to the model.
   */
  public record Media(MessageType type, String mimetype, Optional<StoredMedia> stored, Integer seconds, Integer pages,
      Long size, Optional<String> mediaText, Optional<MediaProblem> problem) {

    /** The MIME type as Gemini takes it; empty when Gemini does not take this one ({@link MediaTypes}). */
    public Optional<String> geminiMimeType() {
      return MediaTypes.forGemini(stored.map(StoredMedia::mimetype).filter(m -> !m.isBlank()).orElse(mimetype));
    }

    public boolean understood() {
      return mediaText.isPresent();
    }

    Media storedAt(StoredMedia where) {
      return new Media(type, mimetype, Optional.of(where), seconds, pages, size == null ? where.size() : size, mediaText, problem);
    }

    /** The first limit this media is beyond, or a type Gemini cannot take; empty when it may be sent. */
    public Optional<MediaProblem> beyond(MediaLimits limits) {
      Optional<String> gemini = geminiMimeType();
      if (gemini.isEmpty()) return Optional.of(MediaProblem.UNSUPPORTED_TYPE);
      if (size != null && size > limits.maxBytes()) return Optional.of(MediaProblem.TOO_LARGE);
      if (seconds != null && gemini.get().startsWith("audio/") && seconds > limits.maxAudioSeconds()) return Optional.of(MediaProblem.TOO_LONG);
      if (seconds != null && gemini.get().startsWith("video/") && seconds > limits.maxVideoSeconds()) return Optional.of(MediaProblem.TOO_LONG);
      if (pages != null && gemini.get().equals("application/pdf") && pages > limits.maxPdfPages()) return Optional.of(MediaProblem.TOO_MANY_PAGES);
      return Optional.empty();
    }

    Media unusable(MediaProblem why) {
      return new Media(type, mimetype, stored, seconds, pages, size, mediaText, Optional.of(why));
    }
  }

  public Turn {
    history = List.copyOf(history);
    knowledge = List.copyOf(knowledge);
  }

  /** The customer's messages that this turn answers: those after the last reply. */
  public List<Line> pendingLines() {
    int lastReply = -1;
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).author() != Author.CUSTOMER) lastReply = i;
    }
    return history.subList(lastReply + 1, history.size());
  }

  /** What the pending messages say in words: their texts and captions, and what earlier turns understood of their media. */
  public List<String> pendingCustomerTexts() {
    List<String> texts = new ArrayList<>();
    for (Line line : pendingLines()) {
      line.media().flatMap(Media::mediaText).ifPresent(texts::add);
      if (line.hasText()) texts.add(line.text());
    }
    return texts;
  }

  /** What the knowledge base is searched for: the pending messages in words, as one question. */
  public String question() {
    return String.join(" ", pendingCustomerTexts());
  }

  /** This turn with the knowledge retrieved for its question. */
  public Turn withKnowledge(List<KnowledgeDoc> found) {
    return new Turn(instance, customerName, vip, previousTickets, history, found);
  }

  /** The pending messages' media that nobody understood yet. */
  public List<Line> pendingMedia() {
    return pendingLines().stream().filter(l -> l.media().filter(m -> !m.understood()).isPresent()).toList();
  }

  /** Customer media in the conversation that no turn understood (this one's pending media included). */
  public List<Line> customerMediaNotUnderstood() {
    return history.stream().filter(l -> l.author() == Author.CUSTOMER && l.media().filter(m -> !m.understood()).isPresent()).toList();
  }
}
