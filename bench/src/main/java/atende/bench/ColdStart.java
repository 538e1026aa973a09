package atende.bench;

import atende.local.Emulator;
import atende.local.Keys;
import atende.local.Payloads;
import com.google.cloud.functions.invoker.runner.Invoker;
import java.io.File;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cold start of the webhook as Cloud Functions runs it: a fresh JVM running the Functions Framework
 * invoker on the deployable jar, timed from process start to the first 200 answer to a real payload
 * (so the Firestore write is included). The baseline is a hello-world HttpFunction started the same
 * way in the same run; the result is the ratio of the medians.
 *
 * <p>Run: {@code dev/bench cold-start [runs]}
 */
public final class ColdStart {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path repo = Path.of(System.getProperty("atende.repo", ".")).toAbsolutePath();
    Path deployJar = repo.resolve("functions/target/deployment/atende-functions.jar");
    if (!Files.exists(deployJar)) throw new IllegalStateException("Build first: " + deployJar + " is missing");
    String invokerJar = new File(Invoker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    String benchJar = new File(HelloWorld.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    Emulator emulator = Emulator.shared();
    String token = "bench-token";
    Map<String, String> env = Map.of(
        "FIRESTORE_EMULATOR_HOST", emulator.host(),
        "ATENDE_WEBHOOK_TOKEN", token,
        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

    List<Long> hello = new ArrayList<>();
    List<Long> webhook = new ArrayList<>();
    measure(invokerJar, benchJar, "atende.bench.HelloWorld", env, () -> "{}", "x"); // warm the OS file cache
    measure(invokerJar, deployJar.toString(), "atende.functions.EvolutionWebhook", env, () -> payload(), token);
    for (int i = 0; i < runs; i++) {
      hello.add(measure(invokerJar, benchJar, "atende.bench.HelloWorld", env, () -> "{}", "x"));
      webhook.add(measure(invokerJar, deployJar.toString(), "atende.functions.EvolutionWebhook", env, ColdStart::payload, token));
    }
    long h = median(hello);
    long w = median(webhook);
    System.out.printf("cold start, JVM launch -> first 200 (%d runs each, medians; JAVA_TOOL_OPTIONS as deployed)%n", runs);
    System.out.printf("  hello-world HttpFunction : %5d ms   runs %s%n", h, hello);
    System.out.printf("  EvolutionWebhook (store) : %5d ms   runs %s%n", w, webhook);
    System.out.printf("  ratio webhook / hello    : %.2f   (goal <= 1.50)%n", (double) w / h);
    emulator.close();
  }

  static String payload() {
    String key = Keys.messageKey();
    return Payloads.customerText("bench-coldstart", key, "5511987650000", "Bench", "Olá, preciso de ajuda");
  }

  static long measure(String invokerJar, String classpath, String target, Map<String, String> env,
      java.util.function.Supplier<String> body, String token) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", invokerJar, "--classpath", classpath, "--target", target,
        "--port", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .header("x-atende-token", token)
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body.get()))
        .build();
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      while (true) {
        try {
          HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() == 200) return (System.nanoTime() - start) / 1_000_000;
          throw new IllegalStateException(target + " answered " + response.statusCode() + ": " + response.body());
        } catch (ConnectException | HttpConnectTimeoutException notYet) {
          // Not listening yet, or (on a loaded machine) the connect outlasted the 200 ms timeout.
          Thread.sleep(5);
        }
        if (!process.isAlive()) throw new IllegalStateException(target + " exited with " + process.exitValue());
      }
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
