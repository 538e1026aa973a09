package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fake thinks like Gemini 3, by default, as seen through the real google-genai client: a request
 * that names no thinking level and leaves a small output budget gets its answer cut, as the real model
 * cuts it. This is the behaviour that a fake which never thought once hid from every other test.
 */
class FakeVertexTest {
  static final String MODEL = "gemini-3.5-flash";
  static FakeVertex vertex;
  static Client client;

  @BeforeAll
  static void start() {
    vertex = new FakeVertex();
    client = Client.builder().vertexAI(true).apiKey("test-key")
        .httpOptions(HttpOptions.builder().baseUrl(vertex.url().toString())
            .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    vertex.close();
  }

  private static GenerateContentResponse ask(GenerateContentConfig config) {
    return client.models.generateContent(MODEL, List.of(Content.builder().role("user")
        .parts(List.of(Part.fromText("Qual o horário de atendimento de vocês?"))).build()), config);
  }

  private static String answerText(GenerateContentResponse response) {
    return response.candidates().orElseThrow().get(0).content().flatMap(Content::parts).orElse(List.of()).stream()
        .filter(p -> !p.thought().orElse(false)).map(p -> p.text().orElse("")).reduce("", String::concat);
  }

  private static FinishReason.Known finish(GenerateContentResponse response) {
    return response.candidates().orElseThrow().get(0).finishReason().orElseThrow().knownEnum();
  }

  @Test
  void withoutAThinkingConfigASmallBudgetIsSpentOnThinkingAndTheAnswerIsCut() {
    GenerateContentResponse response = ask(GenerateContentConfig.builder().responseMimeType("application/json")
        .maxOutputTokens(1000).build());

    assertThat(finish(response)).isEqualTo(FinishReason.Known.MAX_TOKENS);
    assertThat(answerText(response)).as("MEDIUM thinking used all 1000 tokens").isEmpty();
    assertThat(response.usageMetadata().orElseThrow().thoughtsTokenCount()).contains(1000);
  }

  @Test
  void aLowLevelWithRoomForTheAnswerIsAnsweredWhole() {
    GenerateContentResponse response = ask(GenerateContentConfig.builder().responseMimeType("application/json")
        .thinkingConfig(ThinkingConfig.builder().thinkingLevel("LOW").build()).maxOutputTokens(1000 + 4096).build());

    assertThat(finish(response)).isEqualTo(FinishReason.Known.STOP);
    assertThat(answerText(response)).startsWith("{").endsWith("}");
    var usage = response.usageMetadata().orElseThrow();
    assertThat(usage.thoughtsTokenCount()).contains(FakeVertex.DEFAULT_THOUGHTS.get("LOW"));
    assertThat(usage.totalTokenCount().orElseThrow())
        .isEqualTo(usage.promptTokenCount().orElseThrow() + usage.candidatesTokenCount().orElseThrow() + usage.thoughtsTokenCount().orElseThrow());
  }

  @Test
  void roomForPartOfTheAnswerGivesAPartialText() {
    int thinking = FakeVertex.DEFAULT_THOUGHTS.get("MINIMAL");
    GenerateContentResponse response = ask(GenerateContentConfig.builder()
        .thinkingConfig(ThinkingConfig.builder().thinkingLevel("MINIMAL").build()).maxOutputTokens(thinking + 20).build());

    assertThat(finish(response)).isEqualTo(FinishReason.Known.MAX_TOKENS);
    assertThat(answerText(response)).hasSize(20 * FakeVertex.CHARS_PER_ANSWER_TOKEN).startsWith("{");
    assertThat(response.usageMetadata().orElseThrow().candidatesTokenCount()).contains(20);
  }

  @Test
  void aThinkingBudgetIsSpentWholeAndNoBudgetMeansTheModelsLimit() {
    GenerateContentResponse response = ask(GenerateContentConfig.builder()
        .thinkingConfig(ThinkingConfig.builder().thinkingBudget(3000).build()).build());

    assertThat(finish(response)).isEqualTo(FinishReason.Known.STOP);
    assertThat(response.usageMetadata().orElseThrow().thoughtsTokenCount()).contains(3000);
  }

  @Test
  void aLevelAndABudgetTogetherAreRejectedAsVertexDoes() {
    assertThatThrownBy(() -> ask(GenerateContentConfig.builder()
        .thinkingConfig(ThinkingConfig.builder().thinkingLevel("LOW").thinkingBudget(512).build()).build()))
        .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void includeThoughtsAddsAThoughtPartBeforeTheSignedAnswer() {
    GenerateContentResponse response = ask(GenerateContentConfig.builder()
        .thinkingConfig(ThinkingConfig.builder().thinkingLevel("LOW").includeThoughts(true).build()).build());

    List<Part> parts = response.candidates().orElseThrow().get(0).content().orElseThrow().parts().orElseThrow();
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).thought()).contains(true);
    assertThat(parts.get(1).thought()).isEmpty();
    assertThat(parts.get(1).thoughtSignature()).isPresent();
  }
}
