package atende.knowledge.sources;

import static org.assertj.core.api.Assertions.assertThat;

import atende.knowledge.KnowledgeKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which console writes to a source ask for a sync: the operator's fields do, the sync's own writes never. */
class KnowledgeSourceTest {
  static final Map<String, Object> PAGE = Map.of("url", "https://ajuda.exemplo.com.br/frete", "kind", "policy",
      "tags", List.of("frete", "entrega"), "instance", "loja");

  static KnowledgeSource source(Map<String, Object> fields) {
    return KnowledgeSource.of("s1", fields);
  }

  static Map<String, Object> with(Map<String, Object> fields, Object... more) {
    Map<String, Object> out = new HashMap<>(fields);
    for (int i = 0; i < more.length; i += 2) out.put((String) more[i], more[i + 1]);
    return out;
  }

  @Test
  void theDocumentsFieldsAreReadWithTheirDefaults() {
    KnowledgeSource page = source(PAGE);
    assertThat(page.kind()).isEqualTo(KnowledgeKind.POLICY);
    assertThat(page.enabled()).isTrue();
    KnowledgeSource pasted = source(Map.of("text", "  # Frete\nGrátis acima de R$ 199  ", "kind", "recipe", "instance", " "));
    assertThat(pasted.kind()).as("an unknown kind").isEqualTo(KnowledgeKind.FAQ);
    assertThat(pasted.instance()).as("blank = every instance").isNull();
    assertThat(pasted.text()).startsWith("# Frete");
  }

  @Test
  void aSourceNeedsExactlyOneOfUrlAndText() {
    assertThat(source(Map.of("title", "Frete")).problem()).hasValueSatisfying(p -> assertThat(p).contains("url or a text"));
    assertThat(source(with(PAGE, "text", "Frete grátis")).problem()).hasValueSatisfying(p -> assertThat(p).contains("not both"));
    assertThat(source(PAGE).problem()).isEmpty();
  }

  @Test
  void creatingDeletingOrChangingWhatShapesTheChunksAsksForASync() {
    KnowledgeSource page = source(PAGE);
    assertThat(KnowledgeSource.needsSync(null, page)).isTrue();
    assertThat(KnowledgeSource.needsSync(page, null)).isTrue();
    for (Object[] edit : new Object[][] {{"url", "https://ajuda.exemplo.com.br/entrega"}, {"title", "Frete"},
        {"kind", "faq"}, {"tags", List.of("frete")}, {"instance", "outra-loja"}, {"enabled", false}}) {
      assertThat(KnowledgeSource.needsSync(page, source(with(PAGE, edit)))).as("%s changed", edit[0]).isTrue();
    }
  }

  @Test
  void resyncAsksOnlyWhenTurnedOnAndTheSyncsOwnWritesNeverAsk() {
    KnowledgeSource page = source(PAGE);
    KnowledgeSource asked = source(with(PAGE, "resync", true));
    assertThat(KnowledgeSource.needsSync(page, asked)).isTrue();
    assertThat(KnowledgeSource.needsSync(asked, source(with(PAGE, "resync", false, "status", "syncing"))))
        .as("the sync taking the request").isFalse();
    assertThat(KnowledgeSource.needsSync(page, source(with(PAGE, "status", "synced", "chunks", 4L, "syncedAt", "now",
        "error", null, "lastChange", Map.of("written", 4))))).as("the sync reporting").isFalse();
  }
}
