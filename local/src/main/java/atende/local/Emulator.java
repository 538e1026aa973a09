package atende.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Firestore emulator for local runs and tests: the one named by {@code FIRESTORE_EMULATOR_HOST}
 * (with {@code ATENDE_EMULATOR_EVENTS} for its change stream), or one started from
 * {@code dev/emulator/run.mjs} on a free port and stopped with this JVM.
 */
public final class Emulator implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("READY firestore=(\\S+) events=(\\S+)");
  private static Emulator shared;

  private final String host;
  private final URI events;
  private final Process process;

  private Emulator(String host, URI events, Process process) {
    this.host = host;
    this.events = events;
    this.process = process;
  }

  /** One emulator per JVM, started on first use. */
  public static synchronized Emulator shared() {
    if (shared == null) {
      String external = System.getenv("FIRESTORE_EMULATOR_HOST");
      shared = external != null && !external.isBlank()
          ? new Emulator(external, eventsOf(external), null)
          : start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  private static URI eventsOf(String host) {
    String events = System.getenv("ATENDE_EMULATOR_EVENTS");
    if (events == null || events.isBlank()) {
      throw new IllegalStateException("FIRESTORE_EMULATOR_HOST=" + host + " is set but ATENDE_EMULATOR_EVENTS is not:"
          + " start the emulator with dev/emulator/run.mjs and export the events URL it prints");
    }
    return URI.create(events);
  }

  public static Emulator start() {
    Path repo = Repo.root();
    if (!Files.isDirectory(repo.resolve("dev/node_modules/@firestore-emulator/server"))) {
      throw new IllegalStateException("The Firestore emulator is not installed: run dev/test (or npm ci --prefix dev)");
    }
    try {
      int port = freePort();
      Process process = new ProcessBuilder("node", "dev/emulator/run.mjs", "--port", String.valueOf(port), "--events-port", "0")
          .directory(repo.toFile())
          .redirectErrorStream(true)
          .start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            Matcher m = READY.matcher(line);
            if (m.find()) return m;
          }
        } catch (IOException ignored) {
          // the process died; reported below
        }
        return null;
      });
      Matcher m = ready.get(60, TimeUnit.SECONDS);
      if (m == null) throw new IllegalStateException("The Firestore emulator exited before it was ready");
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) { /* keep the pipe from filling */ }
        } catch (IOException ignored) {
          // process gone
        }
      }, "emulator-output");
      drain.setDaemon(true);
      drain.start();
      return new Emulator(m.group(1), URI.create(m.group(2)), process);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the Firestore emulator: " + e.getMessage(), e);
    }
  }

  public String host() {
    return host;
  }

  public URI events() {
    return events;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
