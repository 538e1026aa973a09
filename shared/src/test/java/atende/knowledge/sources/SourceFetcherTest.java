package atende.knowledge.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against a real HTTP server on loopback: the pages live at {@code docs.example}, which the injected
 * resolver points at 127.0.0.1, so names go through the fetcher's checking Dns as in production.
 */
class SourceFetcherTest {
  private static final long MIB = 1024 * 1024;
  private static final FetchPolicy LOCAL = new FetchPolicy(true, 5 * MIB, Duration.ofSeconds(10), 3);

  private HttpServer server;
  private ExecutorService threads;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, String> requestHeaders = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final Resolver resolver = new Resolver();
  private final AtomicLong endlessBytesWritten = new AtomicLong();
  private final CountDownLatch endlessDone = new CountDownLatch(1);
  private int port;

  /** Answers names from a table and records every name it was asked. */
  private static final class Resolver implements Dns {
    final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
      asked.add(host);
      List<InetAddress> addresses = names.get(host);
      if (addresses == null) throw new UnknownHostException(host);
      return addresses;
    }

    void map(String host, String... literals) throws UnknownHostException {
      List<InetAddress> addresses = new ArrayList<>();
      for (String literal : literals) addresses.add(InetAddress.getByName(literal));
      names.put(host, addresses);
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    threads = Executors.newCachedThreadPool();
    server = HttpServer.create(new InetSocketAddress(0), 0);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getPath());
      exchange.getRequestHeaders().forEach((name, values) -> requestHeaders.put(name.toLowerCase(), values.getFirst()));
      try {
        handle(exchange);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    server.start();
    port = server.getAddress().getPort();
    resolver.map("docs.example", "127.0.0.1");
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException, InterruptedException {
    String path = exchange.getRequestURI().getPath();
    switch (path) {
      case "/page", "/final", "/secret" -> send(exchange, 200, "text/html; charset=utf-8", "<h1>Planos</h1>");
      case "/r1" -> redirect(exchange, 302, "/r2");
      case "/r2" -> redirect(exchange, 301, "http://docs.example:" + port + "/sub/r3");
      case "/sub/r3" -> redirect(exchange, 307, "../final");
      case "/to-metadata" -> redirect(exchange, 302, "http://169.254.169.254/computeMetadata/v1/");
      case "/to-zero" -> redirect(exchange, 302, "http://0.0.0.0:" + port + "/secret");
      case "/to-inside" -> redirect(exchange, 302, "http://inside.example:" + port + "/secret?token=SECRET");
      case "/to-ftp" -> redirect(exchange, 302, "ftp://docs.example/file.txt");
      case "/png" -> send(exchange, 200, "image/png", "\u0089PNG");
      case "/file.pdf", "/download" -> send(exchange, 200, "application/octet-stream", "%PDF-1.7");
      case "/untyped.md" -> send(exchange, 200, null, "# Planos");
      case "/missing" -> send(exchange, 404, "text/html", "not here");
      case "/busy" -> send(exchange, 503, "text/html", "later");
      case "/throttled" -> send(exchange, 429, "text/html", "slow down");
      case "/huge" -> {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0); // chunked: the size is only known by reading
        try (OutputStream body = exchange.getResponseBody()) {
          byte[] chunk = new byte[64 * 1024];
          for (long sent = 0; sent < 6 * MIB; sent += chunk.length) body.write(chunk);
        }
      }
      case "/endless" -> {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
          byte[] chunk = new byte[64 * 1024];
          for (long sent = 0; sent < 512 * MIB; sent += chunk.length) {
            body.write(chunk);
            endlessBytesWritten.addAndGet(chunk.length);
          }
        } finally {
          endlessDone.countDown();
        }
      }
      case "/declared-huge" -> {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 100 * MIB);
        exchange.getResponseBody().write("start".getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
        release.await(10, TimeUnit.SECONDS);
      }
      case "/stall-before-headers" -> release.await(10, TimeUnit.SECONDS);
      case "/stall-in-body" -> {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().write("first part".getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
        release.await(10, TimeUnit.SECONDS);
      }
      default -> {
        if (path.startsWith("/loop/")) {
          int n = Integer.parseInt(path.substring("/loop/".length()));
          redirect(exchange, 302, "/loop/" + (n + 1));
        } else {
          send(exchange, 404, "text/plain", "unknown");
        }
      }
    }
  }

  private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (contentType != null) exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void redirect(HttpExchange exchange, int code, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(code, -1);
  }

  private String docs(String pathAndQuery) {
    return "http://docs.example:" + port + pathAndQuery;
  }

  private FetchResult fetch(String url) {
    return new SourceFetcher(LOCAL, resolver).fetch(url);
  }

  private static String refusal(FetchResult result) {
    assertThat(result).isInstanceOf(FetchResult.Refused.class);
    return ((FetchResult.Refused) result).reason();
  }

  private static FetchResult.Failed failure(FetchResult result) {
    assertThat(result).isInstanceOf(FetchResult.Failed.class);
    return (FetchResult.Failed) result;
  }

  @Test
  void aPageIsFetchedWithItsContentTypeThroughTheResolver() {
    FetchResult result = fetch(docs("/page"));

    assertThat(result).isInstanceOf(FetchResult.Fetched.class);
    FetchResult.Fetched page = (FetchResult.Fetched) result;
    assertThat(page.finalUrl()).isEqualTo(URI.create(docs("/page")));
    assertThat(page.mediaType()).isEqualTo("text/html; charset=utf-8");
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("<h1>Planos</h1>");
    assertThat(resolver.asked).containsExactly("docs.example");
    assertThat(requestHeaders.get("user-agent")).contains("Atende");
    assertThat(requestHeaders.get("accept")).contains("text/html", "application/pdf", "text/markdown", "text/csv");
  }

  @Test
  void aChainOfThreeRedirectsIsFollowedRelativeAndAbsolute() {
    FetchResult result = fetch(docs("/r1"));

    assertThat(result).isInstanceOf(FetchResult.Fetched.class);
    assertThat(((FetchResult.Fetched) result).finalUrl()).isEqualTo(URI.create(docs("/final")));
    assertThat(requests).containsExactly("/r1", "/r2", "/sub/r3", "/final");
  }

  @Test
  void theFourthRedirectIsRefusedWithoutBeingFollowed() {
    String reason = refusal(fetch(docs("/loop/1")));

    assertThat(reason).isEqualTo("refused: docs.example redirects more than 3 times; use the address the page finally opens at");
    assertThat(requests).containsExactly("/loop/1", "/loop/2", "/loop/3", "/loop/4");
  }

  @Test
  void aRedirectToTheMetadataServerIsRefusedBeforeAnyConnection() {
    String reason = refusal(fetch(docs("/to-metadata")));

    assertThat(reason).isEqualTo(
        "refused: docs.example redirects to an address that is not allowed: the metadata server is never fetched");
    assertThat(resolver.asked).containsExactly("docs.example");
    assertThat(requests).containsExactly("/to-metadata");
  }

  @Test
  void aRedirectToAForbiddenAddressThatWouldAnswerMakesNoRequestThere() throws Exception {
    // 0.0.0.0 reaches this machine's own listeners on Linux, so a fetcher that connected would hit /secret.
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress("0.0.0.0", port), 1000);
    } catch (IOException e) {
      assumeThat(e).as("0.0.0.0 is not reachable here, so the proof below would prove nothing").isNull();
    }
    resolver.map("inside.example", "0.0.0.0");

    String literal = refusal(fetch(docs("/to-zero")));
    String named = refusal(fetch(docs("/to-inside")));

    assertThat(literal).isEqualTo("refused: docs.example redirects to an address that is not allowed: "
        + "0.0.0.0 is an unspecified (\"this network\") address");
    assertThat(named).isEqualTo("refused: docs.example redirects to an address that is not allowed: "
        + "inside.example resolves to 0.0.0.0, an unspecified (\"this network\") address");
    assertThat(resolver.asked).contains("inside.example");
    assertThat(requests).containsExactly("/to-zero", "/to-inside");
  }

  @Test
  void aRedirectToAnotherSchemeIsRefused() {
    assertThat(refusal(fetch(docs("/to-ftp")))).isEqualTo(
        "refused: docs.example redirects to an address that is not allowed: only http and https addresses are fetched, not ftp:");
  }

  @Test
  void aNameResolvingToAPrivateAddressIsRefused() throws Exception {
    resolver.map("evil.example", "10.0.0.7");
    resolver.map("mixed.example", "8.8.8.8", "192.168.0.10");

    assertThat(refusal(fetch("https://evil.example/docs")))
        .isEqualTo("refused: evil.example resolves to 10.0.0.7, a private address");
    assertThat(refusal(fetch("https://mixed.example/docs")))
        .isEqualTo("refused: mixed.example resolves to 192.168.0.10, a private address");
  }

  @Test
  void aNameResolvingToTheMetadataServerIsRefused() throws Exception {
    resolver.map("evil.example", "169.254.169.254");

    assertThat(refusal(fetch("http://evil.example/computeMetadata/v1/"))).isEqualTo("refused: the metadata server is never fetched");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0.0.0.0          | 0.0.0.0 is an unspecified (\"this network\") address",
      "0.1.2.3          | 0.1.2.3 is an unspecified (\"this network\") address",
      "10.1.2.3         | 10.1.2.3 is a private address",
      "100.64.0.1       | 100.64.0.1 is a shared (carrier-grade NAT) address",
      "100.127.255.254  | 100.127.255.254 is a shared (carrier-grade NAT) address",
      "127.0.0.1        | 127.0.0.1 is a loopback address",
      "127.255.0.9      | 127.255.0.9 is a loopback address",
      "169.254.1.1      | 169.254.1.1 is a link-local address",
      "169.254.169.254  | the metadata server is never fetched",
      "172.16.0.1       | 172.16.0.1 is a private address",
      "172.31.255.255   | 172.31.255.255 is a private address",
      "192.0.0.8        | 192.0.0.8 is an IETF protocol address",
      "192.0.2.1        | 192.0.2.1 is a documentation address",
      "192.168.1.1      | 192.168.1.1 is a private address",
      "198.18.0.1       | 198.18.0.1 is a benchmarking address",
      "198.19.255.255   | 198.19.255.255 is a benchmarking address",
      "224.0.0.1        | 224.0.0.1 is a multicast address",
      "239.255.255.250  | 239.255.255.250 is a multicast address",
      "240.0.0.1        | 240.0.0.1 is a reserved address",
      "255.255.255.255  | 255.255.255.255 is the broadcast address",
      "[::]             | :: is an unspecified address",
      "[::1]            | ::1 is a loopback address",
      "[fe80::1]        | fe80::1 is a link-local address",
      "[febf::1]        | febf::1 is a link-local address",
      "[fc00::1]        | fc00::1 is a private (unique-local) address",
      "[fd20:ce::254]   | fd20:ce::254 is a private (unique-local) address",
      "[ff02::1]        | ff02::1 is a multicast address",
      "[2001:db8::1]    | 2001:db8::1 is a documentation address",
      "[2001::1]        | 2001::1 is an IETF protocol address (Teredo, benchmarking, ORCHID)",
      "[100::1]         | 100::1 is a discard-only address",
      "[4000::1]        | 4000::1 is a reserved address",
      // IPv4-mapped (OkHttp canonicalises it to the IPv4 literal), compatible, NAT64 and 6to4.
      "[::ffff:10.0.0.7]        | 10.0.0.7 is a private address",
      "[::ffff:169.254.169.254] | the metadata server is never fetched",
      "[::ffff:127.0.0.1]       | 127.0.0.1 is a loopback address",
      "[::10.0.0.7]             | ::a00:7 is an address embedding 10.0.0.7, a private address",
      "[64:ff9b::10.0.0.7]      | 64:ff9b::a00:7 is an address embedding 10.0.0.7, a private address",
      "[64:ff9b::a9fe:a9fe]     | 64:ff9b::a9fe:a9fe is an address embedding 169.254.169.254, a link-local address",
      "[64:ff9b:1::1]           | 64:ff9b:1::1 is a local NAT64 address",
      "[2002:a00:7::1]          | 2002:a00:7::1 is an address embedding 10.0.0.7, a private address",
      "[2002:7f00:1::1]         | 2002:7f00:1::1 is an address embedding 127.0.0.1, a loopback address",
      // Numeric hosts other than a plain dotted quad mean different addresses to different parsers.
      "2130706433       | 2130706433 is not a valid IPv4 address",
      "0177.0.0.1       | 0177.0.0.1 is not a valid IPv4 address",
      "127.1            | 127.1 is not a valid IPv4 address",
  })
  void everyAddressThatIsNotGloballyRoutableIsRefusedWithoutAConnection(String host, String why) {
    FetchPolicy production = new FetchPolicy(false, 5 * MIB, Duration.ofMillis(500), 3);

    FetchResult result = new SourceFetcher(production, resolver).fetch("http://" + host + ":" + port + "/page?key=SECRET");

    assertThat(refusal(result)).isEqualTo("refused: " + why);
    assertThat(resolver.asked).isEmpty();
    assertThat(requests).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.0",
      "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0",
      "198.17.255.255", "198.20.0.0", "223.255.255.255", "2606:4700:4700::1111", "2800:3f0:4001:800::200e",
      "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
  void globallyRoutableAddressesBesideTheForbiddenRangesAreAllowed(String literal) throws Exception {
    assertThat(ForbiddenAddresses.refusalOfResolved("docs.example", InetAddress.getByName(literal), false)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.Google.Internal./",
      "http://metadata/computeMetadata/v1/instance/service-accounts/default/token"})
  void theMetadataServerIsRefusedByNameWithoutResolvingIt(String url) {
    assertThat(refusal(fetch(url))).isEqualTo("refused: the metadata server is never fetched");
    assertThat(resolver.asked).isEmpty();
  }

  @Test
  void loopbackIsRefusedWhenThePolicyDoesNotAllowIt() {
    SourceFetcher production = new SourceFetcher(new FetchPolicy(false, 5 * MIB, Duration.ofSeconds(2), 3), resolver);

    assertThat(refusal(production.fetch(docs("/page"))))
        .isEqualTo("refused: docs.example resolves to 127.0.0.1, a loopback address");
    assertThat(refusal(production.fetch("http://127.0.0.1:" + port + "/page")))
        .isEqualTo("refused: 127.0.0.1 is a loopback address");
    assertThat(requests).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "file:///etc/passwd                    | only http and https addresses are fetched, not file:",
      "ftp://docs.example/manual.pdf         | only http and https addresses are fetched, not ftp:",
      "gopher://docs.example/1               | only http and https addresses are fetched, not gopher:",
      "javascript:alert(1)                   | only http and https addresses are fetched, not javascript:",
      "data:text/html,<h1>hi</h1>            | only http and https addresses are fetched, not data:",
      "docs.example/page                     | the address must start with https:// or http://",
      "http://                               | this is not a valid web address",
  })
  void onlyHttpAndHttpsAreFetched(String url, String why) {
    assertThat(refusal(fetch(url))).isEqualTo("refused: " + why);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://admin:hunter2@docs.example:%d/page", "http://admin@docs.example:%d/page"})
  void aUrlWithCredentialsIsRefusedWithoutEchoingThem(String template) {
    String reason = refusal(fetch(template.formatted(port)));

    assertThat(reason).isEqualTo("refused: docs.example is given with a user name or password; only public pages are fetched");
    assertThat(requests).isEmpty();
  }

  @Test
  void aBodyOverTheCapIsRefused() {
    assertThat(refusal(fetch(docs("/huge")))).isEqualTo(
        "refused: docs.example sends a file over the 5 MiB limit; split it or paste the part that matters as text");
  }

  @Test
  void anEndlessBodyIsReadNoFurtherThanTheCap() throws InterruptedException {
    FetchResult result = fetch(docs("/endless"));

    assertThat(result).isInstanceOf(FetchResult.Refused.class);
    assertThat(endlessDone.await(5, TimeUnit.SECONDS)).as("the server saw the client hang up").isTrue();
    // What the server wrote is the 5 MiB read plus what the two loopback socket buffers held (tcp_rmem
    // and tcp_wmem maxima here: 32 MiB and 4 MiB); reading the whole body would have taken 512 MiB.
    assertThat(endlessBytesWritten.get()).isLessThan(48 * MIB);
  }

  @Test
  void aDeclaredLengthOverTheCapIsRefusedBeforeReadingTheBody() {
    long started = System.nanoTime();

    String reason = refusal(fetch(docs("/declared-huge")));

    assertThat(reason).isEqualTo(
        "refused: docs.example sends a 100 MiB file, over the 5 MiB limit; split it or paste the part that matters as text");
    // The server sends 5 bytes of the 100 MiB and then waits; reading would have run into the 10 s timeout.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/stall-before-headers", "/stall-in-body"})
  void aServerThatStallsIsCutByTheTimeout(String path) {
    SourceFetcher impatient = new SourceFetcher(new FetchPolicy(true, 5 * MIB, Duration.ofMillis(500), 3), resolver);
    long started = System.nanoTime();

    FetchResult.Failed failed = failure(impatient.fetch(docs(path)));

    assertThat(failed.reason()).isEqualTo("docs.example did not answer within 500 ms; it will be tried again");
    assertThat(failed.retryable()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void contentTypesThatAreNotDocumentsAreRefused() {
    assertThat(refusal(fetch(docs("/png"))))
        .isEqualTo("refused: docs.example sent image/png, which is not a web page, PDF, text, Markdown or CSV file");
    assertThat(refusal(fetch(docs("/download")))).isEqualTo(
        "refused: docs.example sent application/octet-stream, which is not a web page, PDF, text, Markdown or CSV file");
  }

  @Test
  void anUnlabelledFileIsAcceptedByItsExtension() {
    FetchResult pdf = fetch(docs("/file.pdf"));
    FetchResult markdown = fetch(docs("/untyped.md"));

    assertThat(pdf).isInstanceOf(FetchResult.Fetched.class);
    assertThat(((FetchResult.Fetched) pdf).mediaType()).isEqualTo("application/octet-stream");
    assertThat(markdown).isInstanceOf(FetchResult.Fetched.class);
    assertThat(((FetchResult.Fetched) markdown).mediaType()).isEqualTo("application/octet-stream");
  }

  @Test
  void httpErrorsFailRetryableOnlyWhenTheServerMayRecover() {
    FetchResult.Failed missing = failure(fetch(docs("/missing?token=SECRET")));
    FetchResult.Failed busy = failure(fetch(docs("/busy")));
    FetchResult.Failed throttled = failure(fetch(docs("/throttled")));

    assertThat(missing).isEqualTo(new FetchResult.Failed("docs.example answered 404 Not Found; check the address", false));
    assertThat(busy).isEqualTo(new FetchResult.Failed("docs.example answered 503 Service Unavailable; it will be tried again", true));
    assertThat(throttled.retryable()).isTrue();
  }

  @Test
  void aNameThatDoesNotResolveFailsRetryably() {
    assertThat(failure(fetch("https://nowhere.example/docs?token=SECRET")))
        .isEqualTo(new FetchResult.Failed("could not find nowhere.example; check the address", true));
  }

  @Test
  void aClosedPortFailsRetryably() throws IOException {
    int closed;
    try (var socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThat(failure(fetch("http://docs.example:" + closed + "/page")))
        .isEqualTo(new FetchResult.Failed("could not connect to docs.example; it will be tried again", true));
  }
}
