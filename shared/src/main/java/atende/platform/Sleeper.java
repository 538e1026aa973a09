package atende.platform;

import java.time.Duration;

/** Waits: a real sleep in production, replaceable in tests. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
