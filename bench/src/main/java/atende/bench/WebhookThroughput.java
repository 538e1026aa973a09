package atende.bench;

import static atende.platform.Firestores.await;

import atende.functions.EvolutionWebhook;
import atende.local.Emulator;
import atende.local.Keys;
import atende.local.FunctionHost;
import atende.local.LocalStack;
import atende.local.Payloads;
import atende.platform.Firestores;
import atende.platform.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Warm throughput and latency of the webhook alone: {@code EvolutionWebhook} under the Functions
 * Framework invoker in this JVM, on the local Firestore emulator, fed real {@code messages.upsert}
 * bodies (distinct key ids, one instance per run, {@value #CUSTOMERS} customers so tickets get reused
 * like real traffic) by a fixed number of concurrent senders. No {@code ProcessMessage} and no local
 * Eventarc: this measures storing a message, not the AI turn. Under load the latency is mostly the
 * emulator's queue (docs/reference/gcp.md), so the baseline is a bare Firestore {@code create()}
 * of a small document with the same client, on the same emulator, at the same concurrency and count,
 * measured in the same run; the result is the ratio of the medians.
 *
 * <p>Run: {@code dev/bench webhook [n] [concurrency]} (defaults 2000 and 32). Exits 1 if any answer is
 * not a 200 with status {@code stored}.
 */
public final class WebhookThroughput {
  private static final int WARMUP = 100;
  private static final int CUSTOMERS = 200;
  private static final int SHOWN_FAILURES = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Held so the levels stick: the invoker and its Jetty log every start and stop at INFO. */
  private static final List<Logger> QUIET = List.of(Logger.getLogger("org.eclipse.jetty"),
      Logger.getLogger("com.google.cloud.functions.invoker"));

  /** One unit of work; returns null when it went as expected, else what went wrong. */
  private interface Call {
    String run(int i) throws Exception;
  }

  /** Latencies in nanoseconds, the wall time of the whole batch, and what failed. */
  private record Result(long[] nanos, long wallNanos, List<String> failures) {
    double ms(double quantile) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int rank = (int) Math.ceil(quantile * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    double perSecond() {
      return nanos.length / (wallNanos / 1e9);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    Emulator emulator = Emulator.shared();
    String token = "bench-token";
    Settings settings = LocalStack.settings(Map.of("FIRESTORE_EMULATOR_HOST", emulator.host(), "ATENDE_WEBHOOK_TOKEN", token));
    FunctionHost host = FunctionHost.http(new EvolutionWebhook(settings), 0);
    URI url = host.url().resolve("/webhook/evolution");
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    Firestore db = Firestores.client(settings); // the very client the webhook uses

    String run = Keys.suffix();
    String instance = "bench-" + run;
    // Warm-up phones are not among the measured customers, so the run still meets each of them first.
    Set<String> tickets = ConcurrentHashMap.newKeySet();
    Set<String> warmTickets = ConcurrentHashMap.newKeySet();
    Call warmWebhook = i -> post(http, url, token, instance, run + "W", i, "5511970000000", WARMUP / 2, warmTickets);
    Call webhook = i -> post(http, url, token, instance, run + "M", i, "5511980000000", CUSTOMERS, tickets);
    Call create = i -> {
      await(db.collection("benchCreates").document(run + "-" + i).create(Map.of("n", i, "run", run)));
      return null;
    };

    drive(WARMUP, concurrency, warmWebhook);
    drive(WARMUP, concurrency, i -> create.run(n + i));
    Result baseline = drive(n, concurrency, create);
    Result measured = drive(n, concurrency, webhook);

    System.out.printf("webhook throughput, %d messages.upsert at concurrency %d (after %d warm-up requests each; in-process"
        + " invoker, Firestore emulator)%n", n, concurrency, WARMUP);
    System.out.printf("  %d customers: %d first messages (new customer + ticket), %d from returning customers;"
        + " stored into %d tickets%n", Math.min(n, CUSTOMERS), Math.min(n, CUSTOMERS), Math.max(0, n - CUSTOMERS),
        tickets.size());
    System.out.println("  per message (Intake/TicketStore, one after another): returning customer 3 reads (messageKeys,"
        + " customer, ticket) + 3 writes (message, messageKeys, ticket update) = 6 round trips; new customer 3 reads"
        + " + 6 writes (+ customer create, ticket create, customer update) = 9; instances/{instance} read once per 30 s");
    line("bare create() (baseline)", baseline, "creates");
    line("EvolutionWebhook (store)", measured, "msgs");
    double ratio = measured.ms(0.50) / baseline.ms(0.50);
    System.out.printf("  ratio webhook p50 / create p50 : %.2f   (goal <= 2: %s)%n", ratio, ratio <= 2 ? "met" : "missed");
    System.out.printf("  webhook p99 < 100 ms           : %s   (p99 %.1f ms)%n", measured.ms(0.99) < 100 ? "yes" : "no",
        measured.ms(0.99));

    List<String> failures = new ArrayList<>(measured.failures());
    failures.addAll(baseline.failures());
    if (!failures.isEmpty()) {
      System.out.printf("  FAILED: %d of %d webhook answers were not 200 \"stored\", %d of %d creates failed; first ones:%n",
          measured.failures().size(), n, baseline.failures().size(), n);
      failures.stream().limit(SHOWN_FAILURES).forEach(f -> System.out.println("    " + f));
    }
    host.close();
    emulator.close();
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static void line(String label, Result result, String unit) {
    System.out.printf("  %s : p50 %6.1f ms   p99 %6.1f ms   max %6.1f ms   %6.0f %s/s%n", label, result.ms(0.50),
        result.ms(0.99), result.ms(1.0), result.perSecond(), unit);
  }

  /** Message {@code i} of a run: a unique key id, from one of {@code customers} phones; collects its ticket. */
  private static String post(HttpClient http, URI url, String token, String instance, String keyPrefix, int i,
      String phoneBase, int customers, Set<String> tickets) throws Exception {
    String phone = String.valueOf(Long.parseLong(phoneBase) + i % customers);
    String key = "3EB0" + keyPrefix.toUpperCase() + String.format("%08d", i);
    String body = Payloads.customerText(instance, key, phone, "Cliente " + (i % customers), "Olá, preciso de ajuda #" + i);
    HttpRequest request = HttpRequest.newBuilder(url)
        .header("x-atende-token", token)
        .header("content-type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 200) {
      JsonNode answer = JSON.readTree(response.body());
      if ("stored".equals(answer.path("status").asText())) {
        tickets.add(answer.path("ticketId").asText());
        return null;
      }
    }
    return "message " + i + " (" + key + "): " + response.statusCode() + " " + response.body();
  }

  /** Runs calls 0..n-1 on {@code concurrency} virtual threads, each taking the next index when done. */
  private static Result drive(int n, int concurrency, Call call) throws InterruptedException {
    long[] nanos = new long[n];
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> senders = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      senders.add(Thread.ofVirtual().name("sender-" + t).start(() -> {
        for (int i; (i = next.getAndIncrement()) < n; ) {
          long begin = System.nanoTime();
          String failure;
          try {
            failure = call.run(i);
          } catch (Exception e) {
            failure = "call " + i + ": " + e;
          }
          nanos[i] = System.nanoTime() - begin;
          if (failure != null) failures.add(failure);
        }
      }));
    }
    for (Thread sender : senders) sender.join();
    return new Result(nanos, System.nanoTime() - start, List.copyOf(failures));
  }
}
