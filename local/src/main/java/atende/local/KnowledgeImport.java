package atende.local;

import static atende.platform.Firestores.await;

import atende.knowledge.KnowledgeKind;
import atende.knowledge.sources.Extractors;
import atende.knowledge.sources.FetchPolicy;
import atende.knowledge.sources.KnowledgeSource;
import atende.knowledge.sources.SourceSchema;
import atende.knowledge.sources.SourceStatus;
import atende.knowledge.sources.SourceText;
import atende.knowledge.sources.UnreadableSourceException;
import atende.platform.Firestores;
import atende.platform.Ids;
import atende.platform.Settings;
import atende.platform.WireEnum;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code dev/kb import PATH...} (docs/design.md "Knowledge sources"): local files become
 * {@code knowledgeSources/file-<path>} documents with the file's text as pasted Markdown
 * ({@link SourceText#toMarkdown}), so the same sync that serves the console (SyncKnowledgeSource) chunks
 * them, in the local stack's emulator or in a real project. A file is read here first, so one the sync
 * could not read is refused with the sync's own sentence and nothing is written for it; an unchanged file
 * writes nothing, so it triggers no sync.
 */
public final class KnowledgeImport {

  /** The extensions imported from a directory; anything else there is listed as skipped. */
  static final List<String> EXTENSIONS = List.of("md", "markdown", "txt", "csv", "pdf", "html", "htm");
  /**
   * The largest Markdown stored: a Firestore document holds at most 1 MiB
   * (https://firebase.google.com/docs/firestore/quotas#limits), with room left for the other fields.
   */
  static final int MAX_TEXT_BYTES = 900_000;
  /** Where an imported source came from, {@code file:<path>}, so an operator can tell it from a console one. */
  static final String ORIGIN = "origin";
  static final Duration PATIENCE = Duration.ofSeconds(60);

  /** What every imported source is labelled with. */
  record Labels(String instance, KnowledgeKind kind, List<String> tags) {}

  /** A file to import, {@code name} being its path from the argument that named it (the source's id and origin). */
  record ImportFile(Path path, String name) {
    String sourceId() {
      return "file-" + Ids.slug(name);
    }
  }

  /** What became of one file, in the order the files were found. */
  record Line(String name, String text, boolean failed) {
    @Override
    public String toString() {
      return name + ": " + text;
    }
  }

  private final Firestore db;
  private final PrintStream out;
  private final Duration patience;
  /** What to check when nothing synced a source in time: the local stack, or the deployed function. */
  private final String nothingSyncedHint;

  KnowledgeImport(Firestore db, PrintStream out, Duration patience, String nothingSyncedHint) {
    this.db = db;
    this.out = out;
    this.patience = patience;
    this.nothingSyncedHint = nothingSyncedHint;
  }

  public static void main(String[] args) {
    System.exit(command(args, System::getenv, System.out, System.err));
  }

  /** The command after {@code import}; returns the exit code: 0 all imported, 1 a file failed, 2 a usage error. */
  static int command(String[] args, UnaryOperator<String> env, PrintStream out, PrintStream err) {
    Settings settings = Settings.from(env);
    String hint;
    if (settings.firestoreEmulatorHost().isPresent()) {
      out.println("importing into the Firestore emulator at " + settings.firestoreEmulatorHost().get()
          + " (project " + settings.projectId() + ")");
      hint = "is dev/stack running?";
    } else if (settings.googleCloudProject().isPresent()) {
      out.println("importing into project " + settings.projectId() + " (Application Default Credentials)");
      hint = "is the SyncKnowledgeSource function deployed?";
    } else {
      err.println("""
          dev/kb: no Firestore to import into. Either start dev/stack in another shell and export the
          FIRESTORE_EMULATOR_HOST it prints, or set GOOGLE_CLOUD_PROJECT to import into that project
          with Application Default Credentials (gcloud auth application-default login).""");
      return 2;
    }
    try {
      return new KnowledgeImport(Firestores.client(settings), out, PATIENCE, hint).run(List.of(args), err);
    } catch (RuntimeException e) {
      err.println("dev/kb: Firestore failed: " + e.getMessage()); // unreachable emulator, no credentials, no access
      return 1;
    }
  }

  /** Parses the options and paths and imports; usage errors go to {@code err}. */
  int run(List<String> args, PrintStream err) {
    String instance = null;
    KnowledgeKind kind = KnowledgeKind.FAQ;
    List<String> tags = List.of();
    boolean wait = true;
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      boolean takesValue = Set.of("--instance", "--kind", "--tags").contains(option);
      String value = !takesValue ? null : arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
          : i + 1 < args.size() ? args.get(++i) : null;
      if (takesValue && value == null) return usage(err, option + " needs a value");
      switch (option) {
        case "--instance" -> instance = value;
        case "--kind" -> {
          kind = WireEnum.parse(KnowledgeKind.class, value).orElse(null);
          if (kind == null) {
            return usage(err, "--kind is one of " + Arrays.stream(KnowledgeKind.values()).map(KnowledgeKind::wire)
                .collect(Collectors.joining(", ")) + " (not " + value + ")");
          }
        }
        case "--tags" -> tags = Arrays.stream(value.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        case "--no-wait" -> wait = false;
        default -> {
          if (arg.startsWith("--")) return usage(err, "unknown option " + arg);
          paths.add(arg);
        }
      }
    }
    if (paths.isEmpty()) return usage(err, "name the files or directories to import");
    return importPaths(paths, new Labels(instance, kind, tags), wait);
  }

  private static int usage(PrintStream err, String problem) {
    err.println("dev/kb import: " + problem + " (dev/kb alone prints the usage)");
    return 2;
  }

  /** Imports every file the paths name; returns 0 when each one ended synced (or written, without waiting). */
  int importPaths(List<String> paths, Labels labels, boolean wait) {
    Map<String, Line> report = new LinkedHashMap<>(); // by file, in the order found; null until known
    Map<String, ImportFile> files = new LinkedHashMap<>(); // a file named twice is imported once
    for (String path : paths) find(Path.of(path), files, report);
    Map<ImportFile, Timestamp> written = new LinkedHashMap<>();
    for (ImportFile file : files.values()) {
      try {
        switch (write(file, labels)) {
          case Written.At at -> written.put(file, at.time());
          case Written.Unchanged unchanged -> report.put(file.name(), status(file, unchanged.source(), "unchanged"));
        }
      } catch (Refused refused) {
        report.put(file.name(), new Line(file.name(), refused.getMessage(), true));
      }
    }
    if (wait) {
      awaitSync(written).forEach(line -> report.put(line.name(), line));
    } else {
      written.keySet().forEach(file -> report.put(file.name(), new Line(file.name(), "written to " + path(file), false)));
    }
    report.values().forEach(out::println);
    return report.values().stream().anyMatch(Line::failed) ? 1 : 0;
  }

  /**
   * The importable files {@code path} names, itself or under it, hidden ones left out; what cannot be
   * imported gets its line in the report.
   */
  private static void find(Path path, Map<String, ImportFile> files, Map<String, Line> report) {
    if (!Files.exists(path)) {
      report.put(path.toString(), new Line(path.toString(), "no such file or directory", true));
      return;
    }
    if (!Files.isDirectory(path)) {
      add(path, nameOf(path, path), true, files, report);
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path found : walk.filter(Files::isRegularFile).sorted().toList()) {
        if (!hidden(path.relativize(found))) add(found, nameOf(found, path), false, files, report);
      }
    } catch (IOException e) {
      report.put(path.toString(), new Line(path.toString(), "could not be listed: " + e.getMessage(), true));
    }
  }

  /** A file to import; one that cannot be is a failure when it was named, and skipped when found in a directory. */
  private static void add(Path file, String name, boolean named, Map<String, ImportFile> files, Map<String, Line> report) {
    if (importable(file)) {
      files.put(name, new ImportFile(file, name));
      report.put(name, null);
    } else if (named) {
      report.put(name, new Line(name, "not imported: use a " + String.join(", ", EXTENSIONS) + " file", true));
    } else {
      report.put(name, new Line(name, "skipped (not " + String.join(", ", EXTENSIONS) + ")", false));
    }
  }

  /**
   * A file's name as a source: its path from the current directory, or, outside it, from the folder that
   * holds what was named ({@code dev/kb import /tmp/ajuda} gives {@code ajuda/frete.md}). The same file
   * imported from the same place is the same source.
   */
  static String nameOf(Path file, Path named) {
    Path absolute = file.toAbsolutePath().normalize();
    Path here = Path.of("").toAbsolutePath();
    Path parent = named.toAbsolutePath().normalize().getParent();
    Path base = absolute.startsWith(here) ? here : parent != null ? parent : absolute.getRoot();
    return base.relativize(absolute).toString().replace(absolute.getFileSystem().getSeparator(), "/");
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) return true;
    }
    return false;
  }

  private static boolean importable(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** What {@link #write} did: wrote the source at {@code time}, or found it already as the file says and synced. */
  private sealed interface Written {
    record At(Timestamp time) implements Written {}

    record Unchanged(DocumentSnapshot source) implements Written {}
  }

  /** A file that was not written, and why, in the words the operator needs. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Writes the file's source unless the document already says the same. An unchanged source that no sync
   * has finished (dev/stack was not running then) is asked to sync again with {@code resync: true}, as an
   * operator would.
   */
  private Written write(ImportFile file, Labels labels) throws Refused {
    SourceText text;
    try {
      text = Extractors.extract(Files.readAllBytes(file.path()), null, file.path().getFileName().toString());
    } catch (UnreadableSourceException e) {
      throw new Refused(e.getMessage());
    } catch (IOException e) {
      throw new Refused("could not be read: " + e.getMessage());
    }
    String markdown = text.toMarkdown();
    int size = markdown.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_TEXT_BYTES) {
      throw new Refused("its text is " + size / 1000 + " KB, more than a source document holds (" + MAX_TEXT_BYTES / 1000
          + " KB): split the file, or publish it and add its address as a url source (up to "
          + FetchPolicy.DEFAULT.maxBytes() / (1024 * 1024) + " MB)");
    }
    Map<String, Object> fields = new HashMap<>();
    fields.put(SourceSchema.TEXT, markdown);
    fields.put(SourceSchema.TITLE, text.title().isEmpty() ? file.path().getFileName().toString() : text.title());
    fields.put(SourceSchema.KIND, labels.kind().wire());
    fields.put(SourceSchema.TAGS, labels.tags());
    fields.put(SourceSchema.INSTANCE, labels.instance()); // null clears an earlier import's instance
    fields.put(ORIGIN, "file:" + file.name());

    DocumentSnapshot existing = await(ref(file).get());
    if (existing.exists()) {
      Map<String, Object> merged = new HashMap<>(Objects.requireNonNull(existing.getData()));
      merged.putAll(fields);
      boolean unchanged = KnowledgeSource.of(file.sourceId(), existing.getData()).fingerprint()
          .equals(KnowledgeSource.of(file.sourceId(), merged).fingerprint())
          && fields.get(ORIGIN).equals(existing.getString(ORIGIN));
      if (unchanged) {
        if (finished(existing)) return new Written.Unchanged(existing);
        fields = Map.of(SourceSchema.RESYNC, true);
      }
    }
    return new Written.At(await(ref(file).set(fields, SetOptions.merge())).getUpdateTime());
  }

  /** Whether a sync has settled the source: synced, or disabled by an operator. */
  private static boolean finished(DocumentSnapshot source) {
    String status = source.getString(SourceSchema.STATUS);
    return SourceStatus.SYNCED.wire().equals(status) || SourceStatus.DISABLED.wire().equals(status);
  }

  /**
   * Waits for the sync of each written source: done when the document moved past the write and its status
   * is final. Gives up once no source has moved for {@link #patience}: a running sync marks a source
   * {@code syncing} within seconds.
   */
  private List<Line> awaitSync(Map<ImportFile, Timestamp> written) {
    Map<ImportFile, DocumentSnapshot> done = new LinkedHashMap<>();
    Map<ImportFile, Timestamp> seen = new HashMap<>(written);
    long lastMove = System.nanoTime();
    while (done.size() < written.size() && System.nanoTime() - lastMove < patience.toNanos()) {
      for (Map.Entry<ImportFile, Timestamp> write : written.entrySet()) {
        if (done.containsKey(write.getKey())) continue;
        DocumentSnapshot now = await(ref(write.getKey()).get());
        if (now.getUpdateTime() == null || now.getUpdateTime().equals(seen.get(write.getKey()))) continue;
        seen.put(write.getKey(), now.getUpdateTime());
        lastMove = System.nanoTime();
        String status = now.getString(SourceSchema.STATUS);
        boolean settled = status != null && !SourceStatus.SYNCING.wire().equals(status);
        if (settled && now.getUpdateTime().compareTo(write.getValue()) > 0) {
          done.put(write.getKey(), now);
        }
      }
      pause();
    }
    List<Line> lines = new ArrayList<>();
    for (ImportFile file : written.keySet()) {
      DocumentSnapshot source = done.get(file);
      lines.add(source != null ? status(file, source, null) : new Line(file.name(), "written to " + path(file)
          + "; nothing synced it within " + patience.toSeconds() + " s — " + nothingSyncedHint, true));
    }
    return lines;
  }

  /** The line for a source as its sync left it: status, chunks, and the error when there is one. */
  private static Line status(ImportFile file, DocumentSnapshot source, String note) {
    String status = String.valueOf(source.getString(SourceSchema.STATUS));
    Long chunks = source.getLong(SourceSchema.CHUNKS);
    StringBuilder text = new StringBuilder(status);
    if (chunks != null) text.append(", ").append(chunks).append(chunks == 1 ? " chunk" : " chunks");
    if (note != null) text.append(" (").append(note).append(')');
    String error = source.getString(SourceSchema.ERROR + "." + SourceSchema.ERROR_MESSAGE);
    if (SourceStatus.ERROR.wire().equals(status)) text.append(": ").append(error);
    return new Line(file.name(), text.toString(), SourceStatus.ERROR.wire().equals(status));
  }

  private DocumentReference ref(ImportFile file) {
    return db.collection(SourceSchema.COLLECTION).document(file.sourceId());
  }

  private static String path(ImportFile file) {
    return SourceSchema.COLLECTION + "/" + file.sourceId();
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
