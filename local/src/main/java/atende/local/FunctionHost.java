package atende.local;

import com.google.cloud.functions.invoker.runner.Invoker;
import java.net.URI;

/** One function class served by the Functions Framework invoker, in this JVM, on its own port. */
public final class FunctionHost implements AutoCloseable {
  private final Invoker invoker;
  private final URI url;

  private FunctionHost(Invoker invoker, int port) {
    this.invoker = invoker;
    this.url = URI.create("http://127.0.0.1:" + port + "/");
  }

  /** {@code signature} is the invoker's: {@code http} or {@code cloudevent}. Port 0 picks a free one. */
  public static FunctionHost start(String target, String signature, int port) {
    try {
      int actual = port > 0 ? port : Emulator.freePort();
      Invoker invoker = new Invoker(actual, target, signature, FunctionHost.class.getClassLoader());
      invoker.startTestServer();
      return new FunctionHost(invoker, actual);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start " + target + ": " + e.getMessage(), e);
    }
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
}
