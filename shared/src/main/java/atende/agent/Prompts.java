package atende.agent;

import atende.platform.WireEnum;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seed's four prompts (5.1.7) and the generation settings of the one Gemini call that does all four
 * jobs. Stored in Firestore {@code config/prompts} under the field names below, edited in the console;
 * {@link #DEFAULTS} (pt-BR, {@code default-prompts.json}) seeds that document and backs every field a
 * console edit leaves missing or invalid.
 *
 * <p>{@code answerTokens} (field {@code maxOutputTokens}) is the room for the JSON answer alone: the
 * request adds the thinking level's own room on top, because Gemini 3 spends thinking tokens from the
 * same budget. {@code temperature} is sent only when an operator sets one: the Gemini 3 guide keeps the
 * default 1.0 and warns that lower values can make the model loop.
 */
public record Prompts(
    String classification,
    String responseGeneration,
    String escalationCheck,
    String followUp,
    String version,
    Optional<Double> temperature,
    ThinkingLevel thinkingLevel,
    int answerTokens) {

  public static final String CLASSIFICATION = "classification";
  public static final String RESPONSE_GENERATION = "response_generation";
  public static final String ESCALATION_CHECK = "escalation_check";
  public static final String FOLLOW_UP = "follow_up";
  public static final String VERSION = "version";
  public static final String TEMPERATURE = "temperature";
  public static final String THINKING_LEVEL = "thinkingLevel";
  public static final String MAX_OUTPUT_TOKENS = "maxOutputTokens";
  /** When the document was created with the defaults. */
  public static final String CREATED_AT = "createdAt";

  /** A console paste of a whole manual would crowd out the conversation and the knowledge. */
  static final int MAX_PROMPT_CHARS = 4000;
  /** Below this the JSON decision (reply included) cannot fit, so every turn would be cut. */
  static final int MIN_OUTPUT_TOKENS = 256;
  static final int MAX_OUTPUT_TOKENS_LIMIT = 65_536;

  public static final Prompts DEFAULTS = loadDefaults();

  /** Prompts read from stored fields, and the names of the fields that fell back to the defaults. */
  public record Parsed(Prompts prompts, List<String> fellBack) {}

  /**
   * Reads stored fields (a Firestore document or JSON), taking each missing or invalid field from
   * {@code fallback}, so one bad console edit costs that field only.
   */
  public static Parsed parse(Map<String, ?> fields, Prompts fallback) {
    List<String> fellBack = new ArrayList<>();
    Reader r = new Reader(fields, fellBack);
    Prompts prompts = new Prompts(
        r.field(CLASSIFICATION, Prompts::promptText, fallback.classification()),
        r.field(RESPONSE_GENERATION, Prompts::promptText, fallback.responseGeneration()),
        r.field(ESCALATION_CHECK, Prompts::promptText, fallback.escalationCheck()),
        r.field(FOLLOW_UP, Prompts::promptText, fallback.followUp()),
        r.field(VERSION, Prompts::versionText, fallback.version()),
        r.optional(TEMPERATURE, Prompts::temperatureValue, fallback.temperature()),
        r.field(THINKING_LEVEL, raw -> raw instanceof String s ? WireEnum.parse(ThinkingLevel.class, s).orElse(null) : null,
            fallback.thinkingLevel()),
        r.field(MAX_OUTPUT_TOKENS, Prompts::maxTokensValue, fallback.answerTokens()));
    return new Parsed(prompts, List.copyOf(fellBack));
  }

  /** The stored form, as written to {@code config/prompts}. */
  public Map<String, Object> toFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(VERSION, version);
    fields.put(CLASSIFICATION, classification);
    fields.put(RESPONSE_GENERATION, responseGeneration);
    fields.put(ESCALATION_CHECK, escalationCheck);
    fields.put(FOLLOW_UP, followUp);
    temperature.ifPresent(t -> fields.put(TEMPERATURE, t));
    fields.put(THINKING_LEVEL, thinkingLevel.wire());
    fields.put(MAX_OUTPUT_TOKENS, answerTokens);
    return fields;
  }

  private record Reader(Map<String, ?> fields, List<String> fellBack) {
    /** The converted field, or the fallback when it is absent or the converter rejects it (null). */
    <T> T field(String name, Function<Object, T> convert, T fallback) {
      Object raw = fields.get(name);
      T value = raw == null ? null : convert.apply(raw);
      if (value != null) return value;
      fellBack.add(name);
      return fallback;
    }

    /** A setting whose absence means "the model's default": only an invalid value falls back. */
    <T> Optional<T> optional(String name, Function<Object, T> convert, Optional<T> fallback) {
      Object raw = fields.get(name);
      if (raw == null) return Optional.empty();
      T value = convert.apply(raw);
      if (value != null) return Optional.of(value);
      fellBack.add(name);
      return fallback;
    }
  }

  private static String promptText(Object raw) {
    return raw instanceof String s && !s.isBlank() && s.length() <= MAX_PROMPT_CHARS ? s.strip() : null;
  }

  private static String versionText(Object raw) {
    // A console user may type the version as a number.
    if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return String.valueOf(n.longValue());
    return raw instanceof String s && !s.isBlank() && s.length() <= 100 ? s.strip() : null;
  }

  private static Double temperatureValue(Object raw) {
    return raw instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 2 ? n.doubleValue() : null;
  }

  private static Integer maxTokensValue(Object raw) {
    if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) return null;
    long v = n.longValue();
    return v >= MIN_OUTPUT_TOKENS && v <= MAX_OUTPUT_TOKENS_LIMIT ? (int) v : null;
  }

  private static Prompts loadDefaults() {
    try (InputStream in = Prompts.class.getResourceAsStream("default-prompts.json")) {
      if (in == null) throw new IllegalStateException("default-prompts.json is missing from the classpath");
      Map<String, Object> fields = new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() {});
      // Placeholders only to detect gaps: the shipped defaults must be complete and valid.
      Parsed parsed = parse(fields, new Prompts("", "", "", "", "", Optional.empty(), ThinkingLevel.LOW, 0));
      if (!parsed.fellBack().isEmpty()) {
        throw new IllegalStateException("default-prompts.json has missing or invalid fields: " + parsed.fellBack());
      }
      return parsed.prompts();
    } catch (IOException e) {
      throw new IllegalStateException("default-prompts.json is unreadable", e);
    }
  }
}
