package io.jtcp.core.api;

import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.runtime.EventLoop;
import io.jtcp.core.runtime.StackComponent;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A TCP/IP stack running in real time on its own event-loop thread, with a blocking,
 * virtual-thread-friendly API: {@link #connect}, {@link #listen}, and {@link TcpConnection}'s
 * streams. Calls may come from any thread except the loop's own.
 *
 * <pre>{@code
 * try (TcpStack stack = TcpStack.open(StackConfig.of(Ipv4Address.parse("192.0.2.1")), link)) {
 *   TcpConnection c = stack.connect(Ipv4Address.parse("192.0.2.2"), 80);
 *   c.outputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
 * }
 * }</pre>
 */
public final class TcpStack implements AutoCloseable {
  private final Stack engine;
  private final EventLoop loop;
  private final LinkDriver link;
  private final StackConfig config;

  private TcpStack(Stack engine, EventLoop loop, LinkDriver link, StackConfig config) {
    this.engine = engine;
    this.loop = loop;
    this.link = link;
    this.config = config;
  }

  /** Builds a stack on {@code link} (through Dagger) and starts its event loop. */
  public static TcpStack open(StackConfig config, LinkDriver link) {
    StackComponent c = StackComponent.create(config, link);
    TcpStack stack = new TcpStack(c.engine(), c.loop(), link, config);
    c.loop().start();
    return stack;
  }

  public Ipv4Address address() {
    return engine.address();
  }

  /** Connects with default options; blocks until established or failed. */
  public TcpConnection connect(Ipv4Address host, int port) throws IOException {
    return connect(host, port, SocketOptions.DEFAULTS);
  }

  /**
   * Connects; blocks until the handshake completes, the peer refuses, {@code tcp_syn_retries} runs
   * out, or the connect timeout passes.
   *
   * @throws ConnectionRefusedException the peer answered with a reset
   * @throws ConnectTimeoutException no answer in time (the message says how many SYNs over how
   *     long)
   */
  public TcpConnection connect(Ipv4Address host, int port, SocketOptions options)
      throws IOException {
    Blocking.requireNotIn(loop);
    if (!config.routes(host)) {
      throw new NoRouteException(
          "no route to "
              + host
              + ": it is not in "
              + config.address()
              + "/"
              + config.prefixLength()
              + " and no gateway is configured");
    }
    CompletableFuture<TcpConnection> done = new CompletableFuture<>();
    loop.execute(
        now -> {
          try {
            Connection c = engine.connect(host, port, options, now);
            new TcpConnection(c, loop, done);
          } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return Blocking.await(done, null);
  }

  /** Listens on {@code port} with a backlog of 128 (capped by net.core.somaxconn). */
  public TcpListener listen(int port) throws IOException {
    return listen(port, 128, SocketOptions.DEFAULTS);
  }

  /**
   * Listens on {@code port}.
   *
   * @throws PortInUseException the port has a listener, or connections (SO_REUSEADDR lets TIME-WAIT
   *     ones be)
   */
  public TcpListener listen(int port, int backlog, SocketOptions options) throws IOException {
    Blocking.requireNotIn(loop);
    CompletableFuture<Listener> done = new CompletableFuture<>();
    loop.execute(
        now -> {
          try {
            done.complete(engine.listen(port, backlog, options, now));
          } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return new TcpListener(Blocking.await(done, null), loop);
  }

  /**
   * Stack-wide counters (drops by reason, segments, resets, ...), as {@code nstat} shows Linux's.
   */
  public Map<String, Long> counters() throws IOException {
    return call(() -> engine.counters().snapshot());
  }

  /** A TCP_INFO snapshot of every connection, as {@code ss -ti} lists them. */
  public List<TcpInfo> connections() throws IOException {
    return call(() -> engine.connections().stream().map(Connection::info).toList());
  }

  /**
   * Every connection with its four-tuple and TCP_INFO, taken at one instant, as {@code ss -tin}.
   */
  public List<SocketEntry> sockets() throws IOException {
    return call(
        () ->
            engine.connections().stream()
                .map(
                    c ->
                        new SocketEntry(
                            new Ipv4Address(c.localAddress()),
                            c.localPort(),
                            new Ipv4Address(c.remoteAddress()),
                            c.remotePort(),
                            c.info()))
                .toList());
  }

  private <T> T call(java.util.function.Supplier<T> s) throws IOException {
    Blocking.requireNotIn(loop);
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(now -> f.complete(s.get()));
    return Blocking.await(f, null);
  }

  /**
   * Stops the event loop and closes the link; connections still open are abandoned without a FIN.
   */
  @Override
  public void close() {
    loop.close();
    link.close();
  }
}
