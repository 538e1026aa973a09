package atende.knowledge.sources;

import atende.platform.Log;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Fetches the URL an operator gave a knowledge source, refusing whatever would let that URL (or a
 * page's redirect) reach inside the network: only http and https, no credentials in the URL, no
 * address that is not globally routable ({@link ForbiddenAddresses}), at most
 * {@link FetchPolicy#maxRedirects()} redirects, each re-checked, and the body, time and content type
 * capped. Names are resolved once, by the client's {@link Dns}, which refuses the call when any
 * address is forbidden; the connection then uses exactly the addresses that were checked, so a name
 * that resolves differently a second time (DNS rebinding) gains nothing. OkHttp never asks the Dns
 * about IP literals, so those are checked here before the call.
 */
public final class SourceFetcher {
  private static final Pattern SCHEME = Pattern.compile("^\\s*([a-zA-Z][a-zA-Z0-9+.-]*):");
  /** The hosts OkHttp connects to without its Dns: okhttp3.internal.canParseAsIpAddress, used by RouteSelector. */
  private static final Pattern IP_LITERAL = Pattern.compile("([0-9a-fA-F]*:[0-9a-fA-F:.]*)|([\\d.]+)");
  private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
  private static final Set<Integer> REDIRECTS = Set.of(300, 301, 302, 303, 307, 308);
  private static final Set<String> CONTENT_TYPES = Set.of("text/html", "application/xhtml+xml", "text/plain",
      "text/markdown", "text/x-markdown", "text/csv", "application/csv", "application/pdf");
  private static final String OCTET_STREAM = "application/octet-stream";
  /** Servers label files they do not know as octet-stream; the extension then says what the operator meant. */
  private static final List<String> OCTET_STREAM_EXTENSIONS = List.of(".pdf", ".md", ".csv", ".txt");
  private static final String ACCEPT = String.join(", ", "text/html", "application/xhtml+xml", "application/pdf",
      "text/markdown", "text/x-markdown", "text/plain", "text/csv", "application/csv", OCTET_STREAM + ";q=0.1");
  private static final String USER_AGENT = "Atende-KnowledgeSync/1.0 (reads pages an operator added to the knowledge base)";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final long KIB = 1024;

  private final FetchPolicy policy;
  private final Dns resolver;
  private final OkHttpClient client;

  public SourceFetcher(FetchPolicy policy) {
    this(policy, Dns.SYSTEM);
  }

  /** {@code resolver} answers the addresses of a name; every one is checked before any is used. */
  public SourceFetcher(FetchPolicy policy, Dns resolver) {
    this.policy = policy;
    this.resolver = resolver;
    Duration connect = policy.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? policy.timeout() : CONNECT_TIMEOUT;
    this.client = new OkHttpClient.Builder()
        .dns(this::checkedLookup)
        // Through a proxy, the proxy would resolve the host and the checked addresses would mean nothing.
        .proxy(Proxy.NO_PROXY)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(connect)
        .readTimeout(policy.timeout())
        .callTimeout(policy.timeout())
        .build();
  }

  /** Fetches {@code url} as an operator typed it; never throws for anything the URL or the server does. */
  public FetchResult fetch(String url) {
    long started = System.nanoTime();
    Hops hops = new Hops();
    FetchResult result = follow(url, started + policy.timeout().toNanos(), hops);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    switch (result) {
      case FetchResult.Fetched f -> Log.info("knowledge.fetch", "host", hops.firstHost, "finalHost", f.finalUrl().getHost(),
          "redirects", hops.redirects, "mediaType", f.mediaType(), "bytes", f.body().length, "ms", ms);
      case FetchResult.Refused r -> Log.warn("knowledge.fetch_refused", "host", hops.firstHost, "redirects", hops.redirects,
          "reason", r.reason(), "ms", ms);
      case FetchResult.Failed f -> Log.warn("knowledge.fetch_failed", "host", hops.firstHost, "redirects", hops.redirects,
          "reason", f.reason(), "retryable", f.retryable(), "ms", ms);
    }
    return result;
  }

  /** What the log line needs from the redirect loop. */
  private static final class Hops {
    String firstHost;
    int redirects;
  }

  private FetchResult follow(String text, long deadline, Hops hops) {
    HttpUrl url;
    try {
      url = checkedUrl(text, null);
    } catch (Refusal refusal) {
      return new FetchResult.Refused("refused: " + refusal.getMessage());
    }
    hops.firstHost = url.host();
    HttpUrl redirectedFrom = null;
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) return timedOut(url.host());
      Request request = new Request.Builder().url(url).header("User-Agent", USER_AGENT).header("Accept", ACCEPT).build();
      Call call = client.newCall(request);
      call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
      try (Response response = call.execute()) {
        int code = response.code();
        if (REDIRECTS.contains(code)) {
          String location = response.header("Location");
          if (location == null) return new FetchResult.Failed(url.host() + " answered " + status(response)
              + " without saying where to go", false);
          if (hops.redirects == policy.maxRedirects()) return new FetchResult.Refused("refused: " + hops.firstHost
              + " redirects more than " + policy.maxRedirects() + " times; use the address the page finally opens at");
          HttpUrl next;
          try {
            next = checkedUrl(location, url);
          } catch (Refusal refusal) {
            return new FetchResult.Refused(redirectRefused(url, refusal.getMessage()));
          }
          hops.redirects++;
          redirectedFrom = url;
          url = next;
          continue;
        }
        if (!response.isSuccessful()) {
          boolean retryable = code == 408 || code == 429 || code >= 500;
          return new FetchResult.Failed(url.host() + " answered " + status(response)
              + (retryable ? "; it will be tried again" : "; check the address"), retryable);
        }
        String contentType = response.header("Content-Type");
        // RFC 9110 8.3: without a Content-Type the recipient may treat the content as octet-stream.
        String mediaType = contentType == null || contentType.isBlank() ? OCTET_STREAM : contentType;
        checkContentType(url, mediaType);
        return new FetchResult.Fetched(url.uri(), mediaType, cappedBody(url, call, response.body()));
      } catch (Refusal refusal) {
        return new FetchResult.Refused("refused: " + refusal.getMessage());
      } catch (IOException e) {
        RefusedLookup refused = refusedLookup(e);
        if (refused != null) {
          return new FetchResult.Refused(redirectedFrom == null ? "refused: " + refused.getMessage()
              : redirectRefused(redirectedFrom, refused.getMessage()));
        }
        return failed(url.host(), e);
      }
    }
  }

  private static String redirectRefused(HttpUrl from, String why) {
    return "refused: " + from.host() + " redirects to an address that is not allowed: " + why;
  }

  /**
   * The URL as OkHttp will use it, once its scheme, credentials and (for IP literals and the
   * metadata server's names) host are allowed; a relative {@code text} resolves against {@code base}.
   */
  private HttpUrl checkedUrl(String text, HttpUrl base) throws Refusal {
    Matcher scheme = SCHEME.matcher(text);
    if (scheme.find()) {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      if (!name.equals("http") && !name.equals("https")) {
        throw new Refusal("only http and https addresses are fetched, not " + name + ":");
      }
    } else if (base == null) {
      throw new Refusal("the address must start with https:// or http://");
    }
    HttpUrl url = base == null ? HttpUrl.parse(text.strip()) : base.resolve(text.strip());
    if (url == null) throw new Refusal("this is not a valid web address");
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new Refusal(url.host() + " is given with a user name or password; only public pages are fetched");
    }
    String host = url.host();
    Optional<String> byName = ForbiddenAddresses.refusalByName(host);
    if (byName.isPresent()) throw new Refusal(byName.get());
    if (IP_LITERAL.matcher(host).matches()) {
      Optional<String> why = ForbiddenAddresses.refusalOfLiteral(host, literal(host), policy.allowLoopback());
      if (why.isPresent()) throw new Refusal(why.get());
    }
    return url;
  }

  /**
   * The address OkHttp will connect to for a literal host. HttpUrl has validated IPv6 literals; a
   * numeric host that is not a plain dotted quad ("2130706433", "0x7f.1", "010.0.0.1") is read
   * differently by different parsers, so it is refused rather than guessed.
   */
  private static InetAddress literal(String host) throws Refusal {
    try {
      if (host.contains(":")) return InetAddress.getByName(host);
      Matcher quad = DOTTED_QUAD.matcher(host);
      if (!quad.matches()) throw new Refusal(host + " is not a valid IPv4 address");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(quad.group(i + 1));
        if (part > 255) throw new Refusal(host + " is not a valid IPv4 address");
        bytes[i] = (byte) part;
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new Refusal(host + " is not a valid IP address");
    }
  }

  /** The client's Dns: the resolver's answer, all of it allowed, or no connection at all. */
  private List<InetAddress> checkedLookup(String host) throws UnknownHostException {
    Optional<String> byName = ForbiddenAddresses.refusalByName(host);
    if (byName.isPresent()) throw new RefusedLookup(byName.get());
    List<InetAddress> addresses = List.copyOf(resolver.lookup(host));
    for (InetAddress address : addresses) {
      Optional<String> why = ForbiddenAddresses.refusalOfResolved(host, address, policy.allowLoopback());
      if (why.isPresent()) throw new RefusedLookup(why.get());
    }
    return addresses;
  }

  private void checkContentType(HttpUrl url, String contentType) throws Refusal {
    MediaType parsed = MediaType.parse(contentType);
    String essence = parsed == null ? contentType.strip() : parsed.type() + "/" + parsed.subtype();
    if (CONTENT_TYPES.contains(essence)) return;
    String path = url.encodedPath().toLowerCase(Locale.ROOT);
    if (essence.equals(OCTET_STREAM) && OCTET_STREAM_EXTENSIONS.stream().anyMatch(path::endsWith)) return;
    throw new Refusal(url.host() + " sent " + essence + ", which is not a web page, PDF, text, Markdown or CSV file");
  }

  /** The body, read up to the cap and no further: a larger one is refused, never buffered whole. */
  private byte[] cappedBody(HttpUrl url, Call call, ResponseBody body) throws IOException, Refusal {
    long declared = body.contentLength();
    if (declared > policy.maxBytes()) {
      call.cancel();
      throw new Refusal(url.host() + " sends a " + size(declared) + " file, over the " + size(policy.maxBytes())
          + " limit; split it or paste the part that matters as text");
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    while (source.read(buffer, 8 * KIB) != -1) {
      if (buffer.size() > policy.maxBytes()) {
        // Closing would first drain the rest of the body; cancelling drops the connection at once.
        call.cancel();
        throw new Refusal(url.host() + " sends a file over the " + size(policy.maxBytes())
            + " limit; split it or paste the part that matters as text");
      }
    }
    return buffer.readByteArray();
  }

  private FetchResult failed(String host, IOException e) {
    return switch (e) {
      case UnknownHostException u -> new FetchResult.Failed("could not find " + host + "; check the address", true);
      case InterruptedIOException timeout -> timedOut(host);
      case SSLException ssl -> new FetchResult.Failed(host + " has an HTTPS certificate or connection that was not accepted", false);
      case ConnectException c -> new FetchResult.Failed("could not connect to " + host + "; it will be tried again", true);
      default -> new FetchResult.Failed("the connection to " + host + " failed; it will be tried again", true);
    };
  }

  private FetchResult timedOut(String host) {
    return new FetchResult.Failed(host + " did not answer within " + duration(policy.timeout()) + "; it will be tried again", true);
  }

  /** OkHttp may wrap or attach the Dns's exception; the refusal is found wherever it ended up. */
  private static RefusedLookup refusedLookup(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RefusedLookup refused) return refused;
      for (Throwable suppressed : t.getSuppressed()) {
        RefusedLookup found = refusedLookup(suppressed);
        if (found != null) return found;
      }
    }
    return null;
  }

  private static String status(Response response) {
    return response.message().isBlank() ? String.valueOf(response.code()) : response.code() + " " + response.message();
  }

  private static String size(long bytes) {
    if (bytes % (KIB * KIB) == 0) return bytes / (KIB * KIB) + " MiB";
    if (bytes >= KIB * KIB) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (KIB * KIB));
    if (bytes % KIB == 0) return bytes / KIB + " KiB";
    return bytes + " bytes";
  }

  private static String duration(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  /** The URL (or the page it led to) is not allowed; the message is the operator's reason, without "refused: ". */
  private static final class Refusal extends Exception {
    Refusal(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * A name whose addresses are not allowed: an UnknownHostException because that is what a
   * {@link Dns} may throw, so OkHttp gives up on the name without connecting.
   */
  private static final class RefusedLookup extends UnknownHostException {
    RefusedLookup(String reason) {
      super(reason);
    }
  }
}
