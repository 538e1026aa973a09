package atende.bench;

import static atende.platform.Firestores.await;

import atende.local.EvolutionStandIn;
import atende.local.FakeVertex;
import atende.local.Keys;
import atende.local.LocalStack;
import atende.local.Payloads;
import atende.local.WebhookClient;
import atende.platform.FirestoreMeter;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole AI turn under load: inbound customer messages go through the local stack (webhook, the
 * Firestore trigger through the local Eventarc, {@code ProcessMessage} with the real google-genai
 * client against a zero-latency Vertex fake, the Outbox to the Evolution stand-in and its echo back to
 * the webhook, escalations through the Pub/Sub stand-in to {@code NotifyEscalation}).
 *
 * <p>Traffic is a realistic chat: each customer sends its messages one after another, each only once
 * the previous one was answered (the reply seen on the Evolution stand-in), and all customers talk at
 * the same time (one virtual thread each). That makes "messages per minute end to end" the rate at
 * which the system answers, not the rate at which it accepts. The benchmark waits on the Evolution
 * stand-in's sends, in memory, rather than polling Firestore, so the Firestore operations it counts
 * ({@link FirestoreMeter}, every client in this JVM) are the system's own.
 *
 * <p>The instance has {@code debounceSeconds: 0}: the debounce is a deliberate wait for a burst to
 * end (seconds of sleeping, no work), which would make the figure measure the setting, not the code.
 * It has one team number in {@code escalationTargets}, as a production instance does, because with
 * five messages per ticket the policy's recurrence rule (3 replies on one subject) escalates every
 * customer's fourth message, and that is part of the real workload.
 *
 * <p>Baseline, measured in the same run: the same number of bare Firestore reads and writes as the
 * measured phase made (document {@code get()} and {@code create()} of small documents, in the same
 * proportion), with the same client, at the same concurrency. The ratio end-to-end time / baseline
 * time says how much of the time is our code and plumbing beyond the storage work it does.
 *
 * <p>Run: {@code dev/bench turn [messages] [customers]} (defaults 500 and 100). Exits 1 unless every
 * message got exactly one reply and ended {@code answered}.
 */
public final class TurnThroughput {
  /**
   * 40 customers x 5 messages: with 20 the JIT was still compiling gRPC, Jetty and the genai client through the
   * whole measured phase (the report shows how much it still compiles).
   */
  /**
   * Warm-up before measuring: the four function hosts in one JVM are a lot of code for the JIT, which
   * still compiled through most of a 12 s phase after 200 messages; 1000 (the default) gets close to
   * the warm instance production keeps. The third argument changes it.
   */
  private static final int WARMUP_CUSTOMERS = 100;
  private static final int DEFAULT_WARMUP_MESSAGES = 1000;
  private static final int BASELINE_WARMUP_OPS = 1000;
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);
  private static final String TEAM = "5511955500000";
  private static final List<String> TEXTS = List.of(
      "Oi, não consigo entrar na minha conta desde ontem",
      "Já tentei trocar a senha e continua igual",
      "Aparece uma mensagem dizendo que o acesso está bloqueado",
      "Estou usando o aplicativo no celular",
      "Obrigado, vou aguardar o retorno de vocês");

  /** The stages between the timestamps of one message: POST, stored, run claimed, reply recorded, reply sent, run finished. */
  private static final List<String> STAGES = List.of(
      "POST -> message stored (webhook)",
      "stored -> run claimed (Eventarc delivery, trigger reads, claim)",
      "claimed -> reply recorded (status, reads, knowledge, model)",
      "recorded -> reply at Evolution (sendText)",
      "reply at Evolution -> run finished (echo, marks, ticket, escalation)");

  /** One inbound message as the benchmark saw it: when it was posted, when its reply was seen, on which ticket. */
  private record Sample(String messageId, String ticketId, Instant posted, long postedNanos, long answeredNanos,
      Instant answered) {}

  /** Counts the stand-in's sends per number; wakes whoever waits for a reply to that number. */
  private static final class Replies implements AutoCloseable {
    private final EvolutionStandIn evolution;
    private final Map<String, Semaphore> waiting = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> seenAt = new ConcurrentHashMap<>();
    private final Thread watcher;
    private volatile boolean closed;
    private int seen;

    Replies(EvolutionStandIn evolution) {
      this.evolution = evolution;
      this.seen = evolution.sent().size();
      this.watcher = Thread.ofPlatform().daemon().name("bench-replies").start(this::watch);
    }

    /** In memory, every millisecond: no Firestore read, so the op count stays the system's own. */
    private void watch() {
      while (!closed) {
        List<EvolutionStandIn.Sent> sent = evolution.sent();
        long now = System.nanoTime();
        for (; seen < sent.size(); seen++) {
          String number = digits(sent.get(seen).number());
          seenAt.computeIfAbsent(number, n -> new ConcurrentLinkedQueue<>()).add(now);
          semaphore(number).release();
        }
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    Semaphore semaphore(String number) {
      return waiting.computeIfAbsent(number, n -> new Semaphore(0));
    }

    /** Waits for the next reply to {@code number}; its detection time, or -1 on timeout. */
    long await(String number, Duration timeout) throws InterruptedException {
      if (!semaphore(number).tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) return -1;
      List<Long> times = List.copyOf(seenAt.get(number));
      return times.get(times.size() - 1 - semaphore(number).availablePermits());
    }

    @Override
    public void close() {
      closed = true;
      watcher.interrupt();
    }
  }

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int customers = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_WARMUP_MESSAGES;
    if (messages < customers || customers < 1) throw new IllegalArgumentException("need messages >= customers >= 1");

    LocalStack stack = LocalStack.withFakeVertex();
    FakeVertex vertex = stack.vertex().recording(false);
    Firestore db = stack.firestore(); // the very client the functions use
    WebhookClient webhook = new WebhookClient(stack.webhookUrl(), stack.token());
    Replies replies = new Replies(stack.evolution());
    String run = Keys.suffix();
    String instance = "bench-" + run;
    String warmInstance = "bench-" + run + "-warm";
    for (String name : List.of(instance, warmInstance)) {
      // The instance's model ceiling (maxModelCallsPerMinute, README "Floods") would answer most turns offline
      // at this rate: the benchmark measures the model path, so the ceiling is lifted (budget slots still count).
      await(db.collection("instances").document(name).set(Map.of("debounceSeconds", 0, "escalationTargets", List.of(TEAM),
          "maxModelCallsPerMinute", 1_000_000)));
    }

    // Warm-up on another instance and other phones, excluded from every figure.
    List<String> warmFailures = chat(webhook, replies, warmInstance, "5511960000000", warmup, Math.min(WARMUP_CUSTOMERS, warmup),
        new ConcurrentLinkedQueue<>());
    Optional<ProcessHandle> emulator = ProcessHandle.current().children()
        .filter(p -> p.info().command().map(c -> c.endsWith("node")).orElse(false)).findFirst();
    settle(stack, emulator);
    if (!warmFailures.isEmpty()) {
      System.out.println("warm-up failed: " + warmFailures.subList(0, Math.min(5, warmFailures.size())));
      shutdown(replies, stack, vertex, 1);
    }
    bare(db, run + "-warm", BASELINE_WARMUP_OPS * 2 / 5, BASELINE_WARMUP_OPS * 3 / 5, customers);

    // Measured phase.
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var jit = ManagementFactory.getCompilationMXBean();
    long jitBefore = jit.getTotalCompilationTime();
    long gcBefore = gcMillis();
    jdk.jfr.Recording jfr = startRecording();
    int callsBefore = vertex.calls();
    long deliveriesBefore = stack.eventarc().delivered();
    FirestoreMeter.Count opsBefore = FirestoreMeter.INSTANCE.count();
    long cpuBefore = os.getProcessCpuTime();
    long emulatorCpuBefore = cpuNanos(emulator);
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    List<String> failures = new ArrayList<>(chat(webhook, replies, instance, "5511980000000", messages, customers, samples));
    long lastReply = samples.stream().mapToLong(Sample::answeredNanos).max().orElse(System.nanoTime());
    Quiet settled = settle(stack, emulator);
    long quiet = settled.at();
    long cpu = settled.cpu() - cpuBefore;
    long emulatorCpu = settled.emulatorCpu() - emulatorCpuBefore;
    FirestoreMeter.Count ops = FirestoreMeter.INSTANCE.count().minus(opsBefore);
    int calls = vertex.calls() - callsBefore;
    long deliveries = stack.eventarc().delivered() - deliveriesBefore;
    long jitMs = jit.getTotalCompilationTime() - jitBefore;
    long gcMs = gcMillis() - gcBefore;
    if (jfr != null) jfr.stop();
    replies.close();

    // Baseline: the same reads and writes, bare, same client and concurrency.
    long baselineCpuBefore = os.getProcessCpuTime();
    long baselineEmulatorBefore = cpuNanos(emulator);
    long baselineNanos = bare(db, run, ops.reads(), ops.writes(), customers);
    double baselineCores = (double) (os.getProcessCpuTime() - baselineCpuBefore) / baselineNanos;
    double baselineEmulatorCores = (double) (cpuNanos(emulator) - baselineEmulatorBefore) / baselineNanos;

    // After every count: what Firestore says about each message, its run and its reply.
    Firestored stored = read(db, samples);
    failures.addAll(stored.failures());
    Map<String, Integer> sendsPerCustomer = new HashMap<>();
    int teamNotices = 0;
    for (EvolutionStandIn.Sent sent : stack.evolution().sent()) {
      String number = digits(sent.number());
      if (number.equals(TEAM)) {
        if (sent.instance().equals(instance)) teamNotices++;
      } else if (sent.instance().equals(instance)) {
        sendsPerCustomer.merge(number, 1, Integer::sum);
      }
    }
    int sends = sendsPerCustomer.values().stream().mapToInt(Integer::intValue).sum();
    for (int c = 0; c < customers; c++) {
      String phone = phone("5511980000000", c);
      int expected = perCustomer(messages, customers, c);
      int got = sendsPerCustomer.getOrDefault(phone, 0);
      if (got != expected) failures.add("customer " + phone + ": " + got + " replies for " + expected + " messages");
    }

    long wall = lastReply - start;
    double minutes = wall / 60e9;
    double perMinute = messages / minutes;
    long[] latencies = samples.stream().mapToLong(s -> s.answeredNanos() - s.postedNanos()).sorted().toArray();
    double modelCalls = (double) calls / messages;
    double ratio = (double) wall / baselineNanos;

    System.out.printf("AI turn throughput: %d inbound messages from %d customers (%d-%d each, one after another, each"
        + " after the previous reply), local stack, zero-latency Vertex fake, debounceSeconds 0 (after %d warm-up"
        + " messages on another instance)%n", messages, customers, messages / customers,
        (messages + customers - 1) / customers, warmup);
    System.out.printf("  end to end           : %d messages in %.2f s -> %.0f messages/min   (goal >= 3000: %s)%n",
        messages, wall / 1e9, perMinute, perMinute >= 3000 ? "met" : "missed");
    System.out.printf("  latency POST -> reply: p50 %.0f ms   p90 %.0f ms   p99 %.0f ms   max %.0f ms%n",
        quantile(latencies, 0.50), quantile(latencies, 0.90), quantile(latencies, 0.99), quantile(latencies, 1.0));
    System.out.printf("  model calls          : %d -> %.2f per inbound message   (goal <= 1.0: %s)%n", calls, modelCalls,
        modelCalls <= 1.0 ? "met" : "missed");
    System.out.printf("  Firestore per message: %.2f reads + %.2f writes = %.2f operations (as billed; the webhook, its"
        + " echo handling, the trigger, the turn and NotifyEscalation; the benchmark itself makes none)%n",
        (double) ops.reads() / messages, (double) ops.writes() / messages, (double) (ops.reads() + ops.writes()) / messages);
    System.out.printf("  trigger deliveries   : %.2f per message (Eventarc CloudEvents for writes to tickets and their"
        + " messages; each one an invocation in production)%n", (double) deliveries / messages);
    System.out.printf("  JVM CPU per message  : %.2f ms (process CPU time until the stack went quiet / messages: our code"
        + " plus the in-JVM invoker, stand-ins, Vertex fake and Eventarc; not the emulator) = %.2f cores busy of %d%n",
        cpu / 1e6 / messages, (double) cpu / (quiet - start), Runtime.getRuntime().availableProcessors());
    System.out.printf("  JIT and GC           : %d ms in JIT compilations (compiler threads, included above), %d ms in GC"
        + " during the measured phase%n", jitMs, gcMs);
    if (emulator.isPresent()) {
      System.out.printf("  emulator CPU         : %.2f ms per message (the Node Firestore emulator) = %.2f cores busy"
          + " (it is single-threaded: 1.0 is saturated)%n", emulatorCpu / 1e6 / messages, (double) emulatorCpu / (quiet - start));
    }
    System.out.printf("  turn (run claimed -> finished): mean %.1f ms  p50 %.1f ms; model (ai.latencyMs) mean %.1f ms%n",
        stored.turnMs().mean(), stored.turnMs().p50(), stored.modelMs().mean());
    System.out.println("  stages, mean ms (from the code's own timestamps; the last overlaps the customer's next message):");
    for (int i = 0; i < STAGES.size(); i++) System.out.printf("    %-62s %6.1f%n", STAGES.get(i), stored.stages()[i]);
    System.out.printf("  replies              : %d to customers (%d expected), %d escalation notices to the team%n", sends,
        messages, teamNotices);
    System.out.printf("  baseline             : %d bare operations (%d get + %d create) at concurrency %d in %.2f s"
        + " (%.0f ops/s; JVM %.2f cores, emulator %.2f cores busy)%n", ops.reads() + ops.writes(), ops.reads(), ops.writes(),
        customers, baselineNanos / 1e9, (ops.reads() + ops.writes()) / (baselineNanos / 1e9), baselineCores,
        baselineEmulatorCores);
    System.out.printf("  ratio end to end / bare storage work: %.2f%n", ratio);
    if (!failures.isEmpty()) {
      System.out.printf("  FAILED: %d problems; first ones:%n", failures.size());
      failures.stream().limit(10).forEach(f -> System.out.println("    " + f));
    }
    shutdown(replies, stack, vertex, failures.isEmpty() ? 0 : 1);
  }

  private static void shutdown(Replies replies, LocalStack stack, FakeVertex vertex, int status) {
    replies.close();
    stack.close();
    System.exit(status);
  }

  private static int perCustomer(int messages, int customers, int c) {
    return messages / customers + (c < messages % customers ? 1 : 0);
  }

  private static String phone(String base, int c) {
    return String.valueOf(Long.parseLong(base) + c);
  }

  private static String digits(String number) {
    int at = number.indexOf('@');
    return at < 0 ? number : number.substring(0, at);
  }

  /**
   * Every customer on its own virtual thread sends its messages one after another, each after the reply
   * to the previous one; returns what went wrong.
   */
  private static List<String> chat(WebhookClient webhook, Replies replies, String instance, String phoneBase, int messages,
      int customers, ConcurrentLinkedQueue<Sample> samples) throws InterruptedException {
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      int customer = c;
      threads.add(Thread.ofVirtual().name("customer-" + c).start(() -> {
        String phone = phone(phoneBase, customer);
        for (int i = 0; i < perCustomer(messages, customers, customer); i++) {
          String key = Keys.messageKey();
          String body = Payloads.customerText(instance, key, phone, "Cliente " + customer, TEXTS.get(i % TEXTS.size()));
          Instant posted = Instant.now();
          long postedNanos = System.nanoTime();
          try {
            WebhookClient.Reply reply = webhook.post(body);
            if (reply.status() != 200 || !"stored".equals(reply.body().path("status").asText())) {
              failures.add(phone + " message " + i + ": webhook answered " + reply.status() + " " + reply.body());
              return;
            }
            long answered = replies.await(phone, REPLY_TIMEOUT);
            if (answered < 0) {
              failures.add(phone + " message " + i + ": no reply within " + REPLY_TIMEOUT.toSeconds() + " s");
              return;
            }
            samples.add(new Sample(key, reply.body().path("ticketId").asText(), posted, postedNanos, answered,
                posted.plusNanos(answered - postedNanos)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (RuntimeException e) {
            failures.add(phone + " message " + i + ": " + e);
            return;
          }
        }
      }));
    }
    for (Thread t : threads) t.join();
    return List.copyOf(failures);
  }

  /** When the stack's last operation happened, and the JVM's and the emulator's CPU time by then. */
  private record Quiet(long at, long cpu, long emulatorCpu) {}

  /**
   * Waits until the stack has finished its work (no trigger delivery in flight and no Firestore
   * operation for 1.5 s: escalation notices go through Pub/Sub, which the local Eventarc does not
   * see); CPU times are sampled when the last operation was seen, so the idle wait is not counted.
   */
  private static Quiet settle(LocalStack stack, Optional<ProcessHandle> emulator) throws InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    FirestoreMeter.Count last = FirestoreMeter.INSTANCE.count();
    Quiet quiet = new Quiet(System.nanoTime(), os.getProcessCpuTime(), cpuNanos(emulator));
    long deadline = quiet.at() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      Thread.sleep(20);
      FirestoreMeter.Count now = FirestoreMeter.INSTANCE.count();
      if (!now.equals(last)) {
        last = now;
        quiet = new Quiet(System.nanoTime(), os.getProcessCpuTime(), cpuNanos(emulator));
      } else if (System.nanoTime() - quiet.at() > Duration.ofMillis(1500).toNanos()
          && stack.eventarc().awaitQuiet(Duration.ZERO, Duration.ofMillis(1))) {
        return quiet;
      }
    }
    throw new IllegalStateException("the stack did not go quiet within 120 s");
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
  }

  /** With {@code ATENDE_BENCH_JFR=file.jfr}, a Flight Recording of the measured phase only, for finding where the time goes. */
  private static jdk.jfr.Recording startRecording() throws Exception {
    String file = System.getenv("ATENDE_BENCH_JFR");
    if (file == null || file.isBlank()) return null;
    jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    recording.setDestination(java.nio.file.Path.of(file));
    recording.start();
    return recording;
  }

  private static long cpuNanos(Optional<ProcessHandle> process) {
    return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
  }

  /**
   * {@code reads} document gets and {@code writes} document creates, spread over {@code concurrency}
   * virtual threads, each interleaving its share in the same proportion; returns the wall time.
   */
  private static long bare(Firestore db, String run, long reads, long writes, int concurrency) throws InterruptedException {
    long total = reads + writes;
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    await(db.collection("benchBare").document(run + "-seed").set(Map.of("run", run)));
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      int thread = t;
      long from = total * t / concurrency;
      long to = total * (t + 1) / concurrency;
      // One small subcollection per thread, as the system keeps a ticket's messages and runs: the emulator
      // copies a collection's whole index to add a document to it, so one flat collection of thousands
      // would measure that emulator artifact, not the storage work.
      var collection = db.collection("benchBare").document(run + "-" + thread).collection("ops");
      threads.add(Thread.ofVirtual().start(() -> {
        var last = db.collection("benchBare").document(run + "-seed");
        for (long k = from; k < to; k++) {
          // Bresenham: op k is a write when the running share of writes steps up.
          boolean write = (k + 1) * writes / total > k * writes / total;
          try {
            if (write) {
              last = collection.document(String.valueOf(k));
              await(last.create(Map.of("run", run, "n", k, "at", Timestamp.now())));
            } else if (!await(last.get()).exists()) {
              failures.add("read " + k + " found nothing");
            }
          } catch (RuntimeException e) {
            failures.add("op " + k + ": " + e);
          }
        }
      }));
    }
    for (Thread t : threads) t.join();
    long elapsed = System.nanoTime() - start;
    if (!failures.isEmpty()) throw new IllegalStateException("baseline failed: " + failures.peek());
    return elapsed;
  }

  private record Stat(double mean, double p50) {
    static Stat of(List<Double> values) {
      if (values.isEmpty()) return new Stat(Double.NaN, Double.NaN);
      double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Stat(Arrays.stream(sorted).average().orElse(Double.NaN), sorted[(sorted.length - 1) / 2]);
    }
  }

  private record Firestored(Stat turnMs, Stat modelMs, double[] stages, List<String> failures) {}

  /**
   * Reads back every measured message, its run and its reply: the final status (must be answered),
   * the turn's duration (run startedAt → finishedAt), the model's latency, and the mean time of each
   * stage, from the code's own timestamps (one clock: the stack runs in this JVM).
   */
  private static Firestored read(Firestore db, ConcurrentLinkedQueue<Sample> samples) {
    List<String> failures = new ArrayList<>();
    Map<String, List<Sample>> byTicket = new HashMap<>();
    for (Sample s : samples) byTicket.computeIfAbsent(s.ticketId(), t -> new ArrayList<>()).add(s);
    List<Double> turn = new ArrayList<>();
    List<Double> model = new ArrayList<>();
    double[] sums = new double[STAGES.size()];
    int[] counts = new int[STAGES.size()];
    for (var entry : byTicket.entrySet()) {
      var ticket = db.collection("tickets").document(entry.getKey());
      Map<String, DocumentSnapshot> messages = new HashMap<>();
      Map<String, DocumentSnapshot> replyTo = new HashMap<>();
      for (QueryDocumentSnapshot m : await(ticket.collection("messages").get()).getDocuments()) {
        messages.put(m.getId(), m);
        if ("ai".equals(m.getString("author")) && m.getString("replyTo") != null) replyTo.put(m.getString("replyTo"), m);
      }
      Map<String, DocumentSnapshot> runs = new HashMap<>();
      for (QueryDocumentSnapshot r : await(ticket.collection("runs").get()).getDocuments()) runs.put(r.getString("messageId"), r);
      for (Sample s : entry.getValue()) {
        DocumentSnapshot m = messages.get(s.messageId());
        DocumentSnapshot r = runs.get(s.messageId());
        DocumentSnapshot out = replyTo.get(s.messageId());
        if (m == null || r == null || out == null) {
          failures.add(s.messageId() + ": message, run or reply missing in Firestore");
          continue;
        }
        if (!"answered".equals(m.getString("status"))) failures.add(s.messageId() + ": status " + m.getString("status"));
        Long modelMs = m.getLong("ai.latencyMs");
        if (modelMs != null) model.add(modelMs.doubleValue());
        Instant[] marks = {s.posted(), at(m, "createdAt"), at(r, "startedAt"), at(out, "createdAt"), s.answered(),
            at(r, "finishedAt")};
        if (marks[2] != null && marks[5] != null) turn.add(Duration.between(marks[2], marks[5]).toNanos() / 1e6);
        for (int i = 0; i < STAGES.size(); i++) {
          Instant from = marks[i];
          Instant to = marks[i + 1];
          if (from == null || to == null) continue;
          sums[i] += Duration.between(from, to).toNanos() / 1e6;
          counts[i]++;
        }
      }
    }
    double[] stages = new double[STAGES.size()];
    for (int i = 0; i < stages.length; i++) stages[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
    return new Firestored(Stat.of(turn), Stat.of(model), stages, failures);
  }

  private static Instant at(DocumentSnapshot doc, String field) {
    Timestamp t = doc.getTimestamp(field);
    return t == null ? null : Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static double quantile(long[] sortedNanos, double q) {
    if (sortedNanos.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(q * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }
}
