package atende.local;

import com.google.cloud.functions.CloudEventsFunction;
import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import com.google.cloud.functions.invoker.runner.Invoker;
import io.cloudevents.CloudEvent;
import java.net.URI;

/**
 * One function instance served by the Functions Framework invoker, in this JVM, on its own port.
 *
 * <p>The invoker only builds a function from its class's no-arg constructor, which deployed reads the
 * environment. Here the caller builds the function with its stack's settings instead, and the invoker
 * constructs {@link Http} or {@link CloudEvents}, which take that instance over from the starting
 * thread: no process-wide configuration, so several stacks can run in one JVM at once.
 */
public final class FunctionHost implements AutoCloseable {
  /** The function being started on this thread, while the invoker constructs its stand-in class. */
  private static final ThreadLocal<Object> STARTING = new ThreadLocal<>();

  private final Invoker invoker;
  private final URI url;

  private FunctionHost(Invoker invoker, int port) {
    this.invoker = invoker;
    this.url = URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Port 0 picks a free one. */
  public static FunctionHost http(HttpFunction function, int port) {
    return start(function, Http.class, "http", port);
  }

  /** Port 0 picks a free one. */
  public static FunctionHost cloudEvents(CloudEventsFunction function, int port) {
    return start(function, CloudEvents.class, "cloudevent", port);
  }

  private static FunctionHost start(Object function, Class<?> target, String signature, int port) {
    STARTING.set(function);
    try {
      int actual = port > 0 ? port : Emulator.freePort();
      Invoker invoker = new Invoker(actual, target.getName(), signature, FunctionHost.class.getClassLoader());
      invoker.startTestServer();
      return new FunctionHost(invoker, actual);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start " + function.getClass().getName() + ": " + e.getMessage(), e);
    } finally {
      STARTING.remove();
    }
  }

  private static <T> T starting(Class<T> type) {
    Object function = STARTING.get();
    if (function == null) throw new IllegalStateException("only FunctionHost constructs " + type.getSimpleName() + " functions");
    return type.cast(function);
  }

  public URI url() {
    return url;
  }

  @Override
  public void close() {
    try {
      invoker.stopServer();
    } catch (Exception ignored) {
      // stopping anyway
    }
  }

  /** What the invoker constructs for {@link #http}: the caller's function, unchanged. */
  public static final class Http implements HttpFunction {
    private final HttpFunction function = starting(HttpFunction.class);

    @Override
    public void service(HttpRequest request, HttpResponse response) throws Exception {
      function.service(request, response);
    }
  }

  /** What the invoker constructs for {@link #cloudEvents}: the caller's function, unchanged. */
  public static final class CloudEvents implements CloudEventsFunction {
    private final CloudEventsFunction function = starting(CloudEventsFunction.class);

    @Override
    public void accept(CloudEvent event) throws Exception {
      function.accept(event);
    }
  }
}
