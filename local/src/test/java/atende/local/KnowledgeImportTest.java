package atende.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import atende.knowledge.KnowledgeKind;
import atende.knowledge.sources.Extractors;
import atende.knowledge.sources.SourceText;
import atende.platform.Firestores;
import atende.platform.Ids;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dev/kb import}: files on disk become knowledge sources that the local stack's sync chunks, as the
 * console's would; importing again changes nothing; what cannot be imported is said, and the rest still is.
 */
@Timeout(180)
class KnowledgeImportTest {
  static LocalStack stack;
  static Firestore db;

  @TempDir
  Path temp;

  @BeforeAll
  static void start() {
    stack = LocalStack.start();
    db = stack.firestore();
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  @Test
  void aFolderOfMarkdownCsvHtmlAndPdfIsSyncedEachCsvRowAChunkAndImportingAgainRewritesNothing() throws IOException {
    String folder = "ajuda-" + Keys.suffix();
    Path dir = Files.createDirectories(temp.resolve(folder));
    copyEvaluationSource("frete-e-entrega.md", dir);
    Path csv = copyEvaluationSource("faq-loja-online.csv", dir);
    copyEvaluationSource("ajuda-formas-de-pagamento.html", dir);
    Files.write(Files.createDirectories(dir.resolve("politicas")).resolve("garantia.pdf"), pdf("Garantia",
        "Todos os equipamentos têm garantia de 12 meses contados da entrega.",
        "Para acionar a garantia, abra um chamado com fotos do defeito."));
    Files.writeString(dir.resolve("leia-me.docx"), "not a knowledge file");
    String instance = "kb-import-" + Keys.suffix();

    Run first = run("--instance", instance, "--kind", "faq", "--tags", "loja, ajuda", dir.toString());

    assertThat(first.exit()).as(first.out()).isZero();
    assertThat(first.out()).contains(folder + "/frete-e-entrega.md: synced, ")
        .contains(folder + "/faq-loja-online.csv: synced, ").contains(folder + "/ajuda-formas-de-pagamento.html: synced, ")
        .contains(folder + "/politicas/garantia.pdf: synced, ").contains(folder + "/leia-me.docx: skipped");
    List<String> ids = List.of("frete-e-entrega.md", "faq-loja-online.csv", "ajuda-formas-de-pagamento.html",
        "politicas/garantia.pdf").stream().map(name -> "file-" + Ids.slug(folder + "/" + name)).toList();
    for (String id : ids) {
      DocumentSnapshot source = source(id);
      assertThat(source.getString("status")).isEqualTo("synced");
      assertThat(source.getLong("chunks")).isPositive();
      assertThat(source.getString("origin")).startsWith("file:" + folder + "/");
      assertThat(chunks(id)).hasSize(source.getLong("chunks").intValue())
          .allSatisfy(chunk -> {
            assertThat(chunk.getString("instance")).isEqualTo(instance);
            assertThat(chunk.get("tags")).isEqualTo(List.of("loja", "ajuda"));
            assertThat(chunk.getString("kind")).isEqualTo(KnowledgeKind.FAQ.wire());
          });
    }
    assertThat(source(ids.get(0)).getString("title")).isEqualTo("Frete e prazos de entrega");
    SourceText sheet = Extractors.extract(Files.readAllBytes(csv), null, csv.getFileName().toString());
    assertThat(chunks(ids.get(1))).as("each row of the sheet is a chunk of its own")
        .extracting(c -> c.getString("title"), c -> c.getString("content"))
        .containsExactlyInAnyOrderElementsOf(sheet.sections().stream()
            .map(row -> tuple("faq-loja-online.csv › " + row.headings().getFirst(), row.text()))
            .toList());
    assertThat(chunks(ids.get(3))).extracting(c -> c.getString("content")).anyMatch(c -> c.contains("garantia de 12 meses"));

    Map<String, Timestamp> sourcesBefore = updateTimes(ids);
    Map<String, Timestamp> chunksBefore = chunkUpdateTimes(ids);

    Run again = run("--instance", instance, "--kind", "faq", "--tags", "loja,ajuda", dir.toString());

    assertThat(again.exit()).as(again.out()).isZero();
    assertThat(again.out()).contains(folder + "/frete-e-entrega.md: synced, ").contains("(unchanged)");
    assertThat(updateTimes(ids)).as("no source document is written again").isEqualTo(sourcesBefore);
    assertThat(chunkUpdateTimes(ids)).as("no chunk is written again").isEqualTo(chunksBefore);
  }

  @Test
  void aMissingPathAndUnreadableFilesAreNamedWithTheReasonAndTheOtherFilesAreStillImported() throws IOException {
    String folder = "misto-" + Keys.suffix();
    Path dir = Files.createDirectories(temp.resolve(folder));
    Files.writeString(dir.resolve("horario.md"), "# Horário\n\nAtendemos de segunda a sexta, das 8h às 18h.\n");
    Files.write(dir.resolve("digitalizado.pdf"), PNG);
    Path image = Files.write(temp.resolve("logo.png"), PNG);
    Files.writeString(dir.resolve("manual-inteiro.txt"), "O pedido chega em até 5 dias úteis.\n\n".repeat(30_000));

    Run run = run("--instance", "kb-import-" + Keys.suffix(), dir.toString(), temp.resolve("nao-existe").toString(),
        image.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains(folder + "/horario.md: synced, 1 chunk")
        .contains(folder + "/digitalizado.pdf: the file is not a readable PDF")
        .contains("nao-existe: no such file or directory")
        .contains("logo.png: not imported: use a md, markdown, txt, csv, pdf, html, htm file")
        .contains(folder + "/manual-inteiro.txt: its text is 1169 KB, more than a source document holds (900 KB): "
            + "split the file, or publish it and add its address as a url source (up to 5 MB)");
    assertThat(Firestores.await(db.collection("knowledgeSources")
        .document("file-" + Ids.slug(folder + "/digitalizado.pdf")).get()).exists())
        .as("nothing is written for a file that cannot be read").isFalse();
  }

  @Test
  void withNoSyncRunningTheImportSaysSoAndFails() throws IOException {
    // A project no stack serves: the emulator stores the source, but no trigger syncs it.
    Firestore unserved = Harness.firestore("kb-import-unserved-" + Keys.suffix());
    Path file = Files.writeString(temp.resolve("pix.md"), "# Pix\n\nO Pix é confirmado na hora.\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = new KnowledgeImport(unserved, new PrintStream(out, true, StandardCharsets.UTF_8), Duration.ofSeconds(1),
        "is dev/stack running?").run(List.of(file.toString()), System.err);

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("pix.md: written to knowledgeSources/file-pix.md; nothing synced it within 1 s — is dev/stack running?");

    // Again, unchanged: the source never synced, so it is asked to, as an operator's resync would.
    new KnowledgeImport(unserved, new PrintStream(out, true, StandardCharsets.UTF_8), Duration.ofSeconds(1),
        "is dev/stack running?").run(List.of(file.toString()), System.err);
    assertThat(Firestores.await(unserved.collection("knowledgeSources").document("file-pix.md").get()).getBoolean("resync"))
        .isTrue();
  }

  @Test
  void withoutAnEmulatorOrAProjectTheCommandSaysWhatToSet() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = KnowledgeImport.command(new String[] {"ajuda"}, name -> null, System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("FIRESTORE_EMULATOR_HOST").contains("GOOGLE_CLOUD_PROJECT");
  }

  /** The first bytes of a PNG file: an image, not a document. */
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

  record Run(int exit, String out) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = new KnowledgeImport(db, new PrintStream(out, true, StandardCharsets.UTF_8), Duration.ofSeconds(30),
        "is dev/stack running?").run(List.of(args), System.err);
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }

  private static Path copyEvaluationSource(String name, Path dir) throws IOException {
    try (InputStream in = KnowledgeImportTest.class.getResourceAsStream("/knowledge-eval/sources/" + name)) {
      Path copy = dir.resolve(name);
      Files.write(copy, in.readAllBytes());
      return copy;
    }
  }

  /** A one-page PDF: a title line, then one paragraph per line (Helvetica's WinAnsiEncoding has every Portuguese letter). */
  private static byte[] pdf(String title, String... paragraphs) throws IOException {
    try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDPage page = new PDPage();
      document.addPage(page);
      try (PDPageContentStream content = new PDPageContentStream(document, page)) {
        content.beginText();
        content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        content.setLeading(28); // a blank line's worth between lines: each is a paragraph
        content.newLineAtOffset(56, 720);
        content.showText(title);
        for (String paragraph : paragraphs) {
          content.newLine();
          content.showText(paragraph);
        }
        content.endText();
      }
      document.save(out);
      return out.toByteArray();
    }
  }

  private static DocumentSnapshot source(String id) {
    return Firestores.await(db.collection("knowledgeSources").document(id).get());
  }

  private static List<QueryDocumentSnapshot> chunks(String sourceId) {
    return Firestores.await(db.collection("knowledge").whereEqualTo("sourceId", sourceId).get()).getDocuments();
  }

  private static Map<String, Timestamp> updateTimes(List<String> ids) {
    return ids.stream().collect(Collectors.toMap(id -> id, id -> source(id).getUpdateTime()));
  }

  private static Map<String, Timestamp> chunkUpdateTimes(List<String> ids) {
    return ids.stream().flatMap(id -> chunks(id).stream())
        .collect(Collectors.toMap(QueryDocumentSnapshot::getId, QueryDocumentSnapshot::getUpdateTime));
  }
}
