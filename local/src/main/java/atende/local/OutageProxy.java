package atende.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a service (the Firestore emulator) that can be cut: while cut, every open
 * connection is reset and every new one is accepted and reset at once, which a gRPC client sees as
 * Firestore does an outage, {@code UNAVAILABLE}. The fault lives at the wire, so the code under test runs
 * unchanged; its clients are simply given this proxy's address instead of the service's.
 */
public final class OutageProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  /** Proxies {@code host:port}, listening on a free loopback port. */
  public OutageProxy(String targetHostPort) {
    int colon = targetHostPort.lastIndexOf(':');
    target = new InetSocketAddress(targetHostPort.substring(0, colon), Integer.parseInt(targetHostPort.substring(colon + 1)));
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().name("outage-proxy").start(this::accept);
  }

  /** {@code host:port} to hand the clients in place of the service's. */
  public String host() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** From now on, until {@link #restore}, nothing gets through: open connections are reset, new ones too. */
  public void cut() {
    cut = true;
    open.forEach(OutageProxy::reset);
  }

  public void restore() {
    cut = false;
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (cut) {
        reset(client);
        continue;
      }
      try {
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        open.add(client);
        open.add(upstream);
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        reset(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (cut) break;
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side went away: the other follows below
    } finally {
      open.remove(from);
      open.remove(to);
      reset(from);
      reset(to);
    }
  }

  /** Close with an RST (linger 0), as a connection dropped by the network looks to the client. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(OutageProxy::reset);
  }
}
