package io.jtcp.core.api;

import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.ConnectionEvents;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.runtime.EventLoop;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection with blocking, virtual-thread-friendly calls. Each call hands a command to the
 * stack's event loop and parks until the loop answers: a read when data or end-of-stream is there,
 * a write when all of it is in the send buffer.
 */
public final class TcpConnection implements AutoCloseable {
  private final Connection c;
  private final EventLoop loop;
  private final SocketOptions options;

  // Touched on the loop thread only.
  private @Nullable CompletableFuture<TcpConnection> connecting;
  private @Nullable Pending read;
  private @Nullable Pending write;
  private @Nullable CompletableFuture<Void> lingering;

  private final InputStream in = new In();
  private final OutputStream out = new Out();

  /** One blocked call: where its bytes are and how far it got. */
  private static final class Pending {
    final byte[] buf;
    final int off;
    final int len;
    int done;
    final CompletableFuture<Integer> result = new CompletableFuture<>();

    Pending(byte[] buf, int off, int len) {
      this.buf = buf;
      this.off = off;
      this.len = len;
    }
  }

  /** Created on the loop thread, for a connection just opened or just accepted. */
  TcpConnection(Connection c, EventLoop loop, CompletableFuture<TcpConnection> ready) {
    this.c = c;
    this.loop = loop;
    this.options = c.options();
    c.setEvents(new Events());
    if (c.state() == TcpState.SYN_SENT || c.state() == TcpState.SYN_RECEIVED) {
      connecting = ready;
    } else if (c.state() == TcpState.CLOSED && c.error() != null) {
      ready.completeExceptionally(c.error());
    } else {
      ready.complete(this);
    }
  }

  private final class Events implements ConnectionEvents {
    @Override
    public void onEstablished(Connection conn) {
      CompletableFuture<TcpConnection> f = connecting;
      connecting = null;
      if (f != null) {
        f.complete(TcpConnection.this);
      }
    }

    @Override
    public void onReadable(Connection conn) {
      tryRead(loopNow());
    }

    @Override
    public void onWritable(Connection conn) {
      tryWrite(loopNow());
      checkLinger();
    }

    @Override
    public void onClosed(Connection conn, @Nullable IOException error) {
      CompletableFuture<TcpConnection> f = connecting;
      connecting = null;
      if (f != null) {
        f.completeExceptionally(
            error != null
                ? error
                : new NotConnectedException("the connection to " + remote() + " was closed"));
      }
      tryRead(loopNow());
      tryWrite(loopNow());
      checkLinger();
    }
  }

  /**
   * Engine callbacks carry no time: they run inside the loop's iteration, whose time the loop
   * knows.
   */
  private long loopNow() {
    return loop.now();
  }

  private String remote() {
    return Ipv4Address.toString(c.remoteAddress()) + ":" + c.remotePort();
  }

  public Ipv4Address remoteAddress() {
    return new Ipv4Address(c.remoteAddress());
  }

  public int remotePort() {
    return c.remotePort();
  }

  public int localPort() {
    return c.localPort();
  }

  /** Reads into {@code b}: blocks until at least one byte is there, returns -1 at end-of-stream. */
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    Blocking.requireNotIn(loop);
    Pending p = new Pending(b, off, len);
    loop.execute(
        now -> {
          if (read != null) {
            p.result.completeExceptionally(
                new IllegalStateException("another thread is already reading"));
            return;
          }
          read = p;
          tryRead(now);
        });
    Integer n = Blocking.await(p.result, options.receiveTimeout());
    if (n == null) {
      loop.execute(
          now -> {
            if (read == p) {
              read = null;
            }
          });
      throw new ReadTimeoutException(
          "no data from "
              + remote()
              + " within SO_RCVTIMEO "
              + options.receiveTimeout().toMillis()
              + " ms");
    }
    return n;
  }

  private void tryRead(long now) {
    Pending p = read;
    if (p == null) {
      return;
    }
    try {
      int n = c.read(p.buf, p.off, p.len, now);
      if (n == 0 && c.state() == TcpState.CLOSED) {
        n = -1; // aborted locally, or closed after everything was read
      }
      if (n != 0) {
        read = null;
        p.result.complete(n);
      }
    } catch (IOException | RuntimeException e) {
      read = null;
      p.result.completeExceptionally(e);
    }
  }

  /** Writes all of {@code b}, blocking while the send buffer is full. */
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    Blocking.requireNotIn(loop);
    Pending p = new Pending(b, off, len);
    loop.execute(
        now -> {
          if (write != null) {
            p.result.completeExceptionally(
                new IllegalStateException("another thread is already writing"));
            return;
          }
          write = p;
          tryWrite(now);
        });
    Integer n = Blocking.await(p.result, options.sendTimeout());
    if (n == null) {
      loop.execute(
          now -> {
            if (write == p) {
              write = null;
            }
          });
      throw new java.net.SocketTimeoutException(
          "the send buffer to "
              + remote()
              + " stayed full for SO_SNDTIMEO "
              + options.sendTimeout().toMillis()
              + " ms; "
              + p.done
              + " of "
              + len
              + " bytes were queued");
    }
  }

  private void tryWrite(long now) {
    Pending p = write;
    if (p == null) {
      return;
    }
    try {
      if (c.state() == TcpState.CLOSED && c.error() == null) {
        throw new ConnectionClosingException("the connection to " + remote() + " is closed");
      }
      p.done += c.write(p.buf, p.off + p.done, p.len - p.done, now);
      if (p.done == p.len) {
        write = null;
        p.result.complete(p.done);
      }
    } catch (IOException | RuntimeException e) {
      write = null;
      p.result.completeExceptionally(e);
    }
  }

  /**
   * {@code shutdown(SHUT_WR)}: sends FIN after the queued data; reading goes on until the peer's
   * FIN.
   */
  public void shutdownOutput() throws IOException {
    run((now) -> c.shutdownOutput(now));
  }

  /**
   * Closes: FIN after the queued data, or RST with SO_LINGER 0 or unread data. With SO_LINGER above
   * zero it blocks until the peer acknowledged the FIN or the linger time passed, as Linux does.
   */
  @Override
  public void close() throws IOException {
    CompletableFuture<Void> linger = new CompletableFuture<>();
    run(
        now -> {
          c.close(now);
          if (options.lingerSeconds() > 0) {
            lingering = linger;
            checkLinger();
          } else {
            linger.complete(null);
          }
        });
    if (options.lingerSeconds() > 0 && !loop.inLoop()) {
      Blocking.await(linger, Duration.ofSeconds(options.lingerSeconds()));
    }
  }

  private void checkLinger() {
    CompletableFuture<Void> f = lingering;
    TcpState s = c.state();
    if (f != null
        && (s == TcpState.FIN_WAIT_2 || s == TcpState.TIME_WAIT || s == TcpState.CLOSED)) {
      lingering = null;
      f.complete(null);
    }
  }

  /** Aborts: RST to the peer, the connection is gone at once. */
  public void abort() throws IOException {
    run(c::abort);
  }

  /** A TCP_INFO-like snapshot. */
  public TcpInfo info() throws IOException {
    CompletableFuture<TcpInfo> f = new CompletableFuture<>();
    loop.execute(now -> f.complete(c.info()));
    return loop.inLoop() ? f.join() : Blocking.await(f, null);
  }

  public InputStream inputStream() {
    return in;
  }

  public OutputStream outputStream() {
    return out;
  }

  @FunctionalInterface
  private interface Call {
    void run(long now) throws IOException;
  }

  private void run(Call call) throws IOException {
    CompletableFuture<Void> f = new CompletableFuture<>();
    loop.execute(
        now -> {
          try {
            call.run(now);
            f.complete(null);
          } catch (IOException | RuntimeException e) {
            f.completeExceptionally(e);
          }
        });
    if (!loop.inLoop()) {
      Blocking.await(f, null);
    }
  }

  @Override
  public String toString() {
    return "TcpConnection[" + c + "]";
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = TcpConnection.this.read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return TcpConnection.this.read(b, off, len);
    }

    /**
     * Closing the stream closes the connection, as with {@link java.net.Socket#getInputStream()}.
     */
    @Override
    public void close() throws IOException {
      TcpConnection.this.close();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      TcpConnection.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      TcpConnection.this.write(b, off, len);
    }

    /**
     * Closing the stream closes the connection, as with {@link java.net.Socket#getOutputStream()}.
     */
    @Override
    public void close() throws IOException {
      TcpConnection.this.close();
    }
  }
}
