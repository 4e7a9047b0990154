package io.jtcp.bench;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Connections per second: handshake, optionally a small request, and close (the server closes
 * first, so TIME-WAIT sits on the server side and client ports are not exhausted), for two jtcp
 * engines on an in-memory link and, in the same run, for the Linux kernel on 127.0.0.1 through
 * blocking {@code java.net} sockets. Both sides run on one thread, so the comparison is one core's
 * worth of protocol work each. Not a JMH benchmark: each round is a whole conversation, and the
 * figure is completed conversations over wall-clock time after a warm-up.
 *
 * <pre>
 * java -cp tcp-bench/target/benchmarks.jar io.jtcp.bench.HandshakeRate [--seconds S] [--bytes N] [--json]
 * </pre>
 */
public final class HandshakeRate {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final int PORT = 80;

  private HandshakeRate() {}

  public static void main(String[] args) throws Exception {
    double seconds = 5;
    int bytes = 0;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--bytes" -> bytes = Integer.parseInt(args[++i]);
        case "--json" -> json = true;
        default -> {
          System.err.println("usage: HandshakeRate [--seconds S] [--bytes N] [--json]");
          System.exit(2);
        }
      }
    }
    long window = (long) (seconds * 1e9);
    byte[] payload = new byte[bytes];
    // Warm up both (JIT, kernel caches), then measure each for the same wall-clock window.
    jtcp(payload, window / 3);
    kernel(payload, window / 3);
    Result j = jtcp(payload, window);
    Result k = kernel(payload, window);
    double ratio = j.rate() / k.rate();
    if (json) {
      System.out.printf(
          Locale.ROOT,
          "{\"bytes\":%d,\"seconds\":%.1f,\"jtcp_conn_per_s\":%.0f,\"kernel_conn_per_s\":%.0f,\"ratio\":%.2f}%n",
          bytes,
          seconds,
          j.rate(),
          k.rate(),
          ratio);
    } else {
      System.out.printf(
          Locale.ROOT,
          "handshake%s + close, one thread, %.1f s each%n",
          bytes > 0 ? " + " + bytes + " B request" : "",
          seconds);
      System.out.printf(
          Locale.ROOT,
          "  jtcp (in-memory link)   %,12.0f connections/s  (%,d in %.2f s)%n",
          j.rate(),
          j.count(),
          j.nanos() / 1e9);
      System.out.printf(
          Locale.ROOT,
          "  Linux kernel (127.0.0.1) %,11.0f connections/s  (%,d in %.2f s)%n",
          k.rate(),
          k.count(),
          k.nanos() / 1e9);
      System.out.printf(Locale.ROOT, "  ratio jtcp / kernel     %12.2f%n", ratio);
    }
  }

  record Result(long count, long nanos) {
    double rate() {
      return count * 1e9 / nanos;
    }
  }

  // ---- jtcp: two engines, one thread, a direct link
  // ------------------------------------------------------------

  static Result jtcp(byte[] payload, long window) throws IOException {
    Wire wire = new Wire();
    long start = System.nanoTime();
    Stack client =
        new Stack(
            CLIENT,
            wire.a,
            Sysctls.LINUX,
            Rfc6528IsnGenerator.random(),
            SynCookies.random(),
            PacketObserver.NONE,
            start);
    Stack server =
        new Stack(
            SERVER,
            wire.b,
            Sysctls.LINUX,
            Rfc6528IsnGenerator.random(),
            SynCookies.random(),
            PacketObserver.NONE,
            start);
    Listener l = server.listen(PORT, 4096, SocketOptions.DEFAULTS, start);
    byte[] sink = new byte[Math.max(payload.length, 1)];
    long count = 0;
    long now = start;
    while (now - start < window) {
      Connection c = client.connect(SERVER, PORT, SocketOptions.DEFAULTS, now);
      pump(wire, client, server, now);
      Connection s = l.accept();
      if (s == null) {
        throw new IllegalStateException("the handshake did not complete: " + c);
      }
      if (payload.length > 0) {
        c.write(payload, 0, payload.length, now);
        pump(wire, client, server, now);
        int got = 0;
        while (got < payload.length) {
          int n = s.read(sink, 0, sink.length, now);
          if (n <= 0) {
            throw new IllegalStateException("the request did not arrive: " + s);
          }
          got += n;
        }
      }
      s.close(now);
      pump(wire, client, server, now);
      c.close(now);
      pump(wire, client, server, now);
      count++;
      now = System.nanoTime();
    }
    return new Result(count, now - start);
  }

  private static void pump(Wire wire, Stack client, Stack server, long now) {
    while (!wire.a.inbox.isEmpty() || !wire.b.inbox.isEmpty()) {
      server.poll(now);
      client.poll(now);
    }
  }

  /** Two raw-IP link ends joined back to back, single-threaded, with pooled buffers. */
  static final class Wire {
    final End a = new End();
    final End b = new End();

    Wire() {
      a.peer = b;
      b.peer = a;
    }

    static final class End implements LinkDriver {
      private final ArrayDeque<byte[]> free = new ArrayDeque<>();
      final ArrayDeque<byte[]> inbox = new ArrayDeque<>();
      private final ArrayDeque<Integer> lengths = new ArrayDeque<>();
      End peer;

      @Override
      public LinkType linkType() {
        return LinkType.RAW_IP;
      }

      @Override
      public int mtu() {
        return 1500;
      }

      @Override
      public int receive(FrameSink sink, int limit) {
        int n = 0;
        while (n < limit && !inbox.isEmpty()) {
          byte[] frame = inbox.poll();
          int len = lengths.poll();
          sink.onFrame(MemorySegment.ofArray(frame), 0, len);
          peer.free.add(frame);
          n++;
        }
        return n;
      }

      @Override
      public boolean transmit(int length, FrameWriter writer) {
        byte[] frame = free.isEmpty() ? new byte[1500] : free.poll();
        writer.write(MemorySegment.ofArray(frame), 0, length);
        peer.inbox.add(frame);
        peer.lengths.add(length);
        return true;
      }

      @Override
      public void close() {}
    }
  }

  // ---- The kernel: blocking sockets on 127.0.0.1, one thread
  // -----------------------------------------------------

  static Result kernel(byte[] payload, long window) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    byte[] sink = new byte[Math.max(payload.length, 1)];
    try (ServerSocket ss = new ServerSocket(0, 4096, lo)) {
      InetSocketAddress addr = new InetSocketAddress(lo, ss.getLocalPort());
      long start = System.nanoTime();
      long now = start;
      long count = 0;
      while (now - start < window) {
        try (Socket c = new Socket()) {
          c.connect(addr);
          try (Socket s = ss.accept()) {
            if (payload.length > 0) {
              c.getOutputStream().write(payload);
              int got = 0;
              while (got < payload.length) {
                int n = s.getInputStream().read(sink, 0, sink.length);
                if (n < 0) {
                  throw new IOException("the request did not arrive");
                }
                got += n;
              }
            }
          }
        }
        count++;
        now = System.nanoTime();
      }
      return new Result(count, now - start);
    }
  }
}
