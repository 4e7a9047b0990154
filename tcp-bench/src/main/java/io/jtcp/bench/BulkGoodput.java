package io.jtcp.bench;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.engine.Connection;
import io.jtcp.core.engine.Listener;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Bulk goodput of one connection: a client stack pushes data to a server stack over an {@link
 * InMemoryLinkPair} (no delay, loss or bandwidth limit) for a wall-clock window, and the figure is
 * the bytes the server's application read over that window. In the same run, when {@code iperf3} is
 * on the PATH, the Linux kernel does the same on 127.0.0.1 ({@code iperf3 -M MSS}) and the output
 * carries both and their ratio. Not a JMH benchmark: it is a whole transfer, measured over
 * wall-clock time after a warm-up; {@link BulkTransferBenchmark} is the per-segment JMH view.
 *
 * <p>The MSS sets the link MTU (MSS + 40: the stack announces MTU less the IPv4 and TCP headers),
 * and both ends negotiate timestamps as Linux does, so a full segment carries MSS − 12 bytes (1448
 * for MSS 1460), like the kernel's. The link is a {@linkplain InMemoryLinkPair#loopback loopback}
 * pair, as 127.0.0.1 is for the kernel: checksums offloaded, and packets of up to 64 KB carried
 * whole, each holding many such segments ({@code iperf3 -M 1460} on lo sends 65,226-byte packets of
 * 45 segments). {@code --no-offload} sends a packet per segment instead, and the kernel then runs
 * in a network namespace of its own whose lo has TSO, GSO and GRO turned off (root only). Figures
 * per segment are per MSS − 12 bytes read, whatever the packets were, as the kernel's are.
 *
 * <p>{@code --mode threads} (the default) drives each stack on its own thread, as the real-time
 * runtime does ({@code io.jtcp.core.runtime.EventLoop}, one thread per stack), with the
 * application's writes and reads made on that stack's thread between polls; the threads spin
 * instead of parking (yielding after {@value #IDLE_SPINS} idle rounds), since on a busy link there
 * is always work. {@code --mode single} drives both stacks from one thread alternately, as {@link
 * HandshakeRate} does. Either way the engine is called directly, so neither the runtime's command
 * queue nor its park/unpark wake-ups are measured.
 *
 * <p>By default neither SO_SNDBUF nor SO_RCVBUF is set, so both ends auto-tune their buffers up to
 * {@code tcp_wmem}/{@code tcp_rmem} max as Linux does, and as iperf3's sockets do; {@code --sndbuf}
 * and {@code --rcvbuf} fix them instead (which, as on Linux, turns auto-tuning off). The link's
 * ring holds 256 frames per direction, Linux's default TX ring, unless {@code --ring} says
 * otherwise; the sending stack waits for room in it instead of overrunning it, so it does not drop
 * (drops and retransmissions are reported anyway).
 *
 * <p>The received stream is checked against what was sent (a random pattern), so a fast wrong
 * answer fails instead of being reported. Over the window the program also reports the heap the
 * stack threads allocated ({@code ThreadMXBean.getThreadAllocatedBytes}) per data segment, the
 * garbage collections, and the stack threads' CPU time, as a share of the window (below 100% means
 * something else had the cores) and per data segment; for the kernel it reports the iperf3
 * processes' CPU use from iperf3's own JSON. {@code --interval S} also prints jtcp's goodput,
 * allocation and GCs every S seconds of the window (on standard error with {@code --json}).
 *
 * <pre>
 * java -cp tcp-bench/target/benchmarks.jar io.jtcp.bench.BulkGoodput [--seconds S] [--mss N]
 *     [--mode threads|single] [--warmup S] [--sndbuf BYTES] [--rcvbuf BYTES] [--ring FRAMES]
 *     [--interval S] [--checksums] [--no-offload] [--no-kernel] [--json]
 * </pre>
 */
public final class BulkGoodput {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final int PORT = 5001;

  /** Bytes per write and per read, iperf3's default TCP block (128 KiB). */
  private static final int BLOCK = 128 * 1024;

  /**
   * The stream repeats a random pattern of this period, a prime above {@link #BLOCK} so that it
   * never lines up with segment or block boundaries; a reordered, duplicated or corrupted byte
   * shows.
   */
  private static final int PERIOD = 131_101;

  private static final String USAGE =
      "usage: BulkGoodput [--seconds S] [--mss N] [--connections N] [--mode threads|single]"
          + " [--warmup S]"
          + " [--sndbuf BYTES] [--rcvbuf BYTES] [--ring FRAMES] [--interval S] [--checksums]"
          + " [--no-offload]"
          + " [--no-kernel] [--json]";

  /** The largest MSS iperf3 accepts for -M. */
  static final int IPERF_MAX_MSS = 9216;

  private BulkGoodput() {}

  /** What the command line asked for. */
  record Options(
      double seconds,
      double warmup,
      int mss,
      int connections,
      String mode,
      int sndbuf,
      int rcvbuf,
      int ring,
      double interval,
      boolean checksums,
      boolean offload,
      boolean kernel,
      boolean json) {}

  public static void main(String[] args) throws Exception {
    double seconds = 10;
    double warmup = 3;
    int mss = 1460;
    int connections = 1;
    String mode = "threads";
    int sndbuf = 0;
    int rcvbuf = 0;
    int ring = 0;
    double interval = 0;
    boolean checksums = false;
    boolean offload = true;
    boolean kernel = true;
    boolean json = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--seconds" -> seconds = Double.parseDouble(value(args, ++i));
          case "--warmup" -> warmup = Double.parseDouble(value(args, ++i));
          case "--mss" -> mss = Integer.parseInt(value(args, ++i));
          case "--connections" -> connections = Integer.parseInt(value(args, ++i));
          case "--mode" -> mode = value(args, ++i);
          case "--sndbuf" -> sndbuf = Integer.parseInt(value(args, ++i));
          case "--rcvbuf" -> rcvbuf = Integer.parseInt(value(args, ++i));
          case "--ring" -> ring = Integer.parseInt(value(args, ++i));
          case "--interval" -> interval = Double.parseDouble(value(args, ++i));
          case "--checksums" -> checksums = true;
          case "--no-offload" -> offload = false;
          case "--no-kernel" -> kernel = false;
          case "--json" -> json = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (!(seconds > 0) || warmup < 0 || interval < 0) {
        throw new IllegalArgumentException("--seconds must be > 0, --warmup and --interval >= 0");
      }
      if (mss < 88 || mss > 65495) {
        throw new IllegalArgumentException("--mss must be in [88, 65495]; got " + mss);
      }
      if (sndbuf != 0 && sndbuf < 2048 || rcvbuf != 0 && rcvbuf < 2048) {
        throw new IllegalArgumentException(
            "--sndbuf and --rcvbuf are 0 (auto-tuned) or at least 2048 bytes");
      }
      if (connections < 1 || connections > 1024) {
        throw new IllegalArgumentException(
            "--connections must be in [1, 1024]; got " + connections);
      }
      if (ring < 0) {
        throw new IllegalArgumentException("--ring is 0 (the default, 256) or a frame count");
      }
      if (!mode.equals("threads") && !mode.equals("single")) {
        throw new IllegalArgumentException("--mode is threads or single; got " + mode);
      }
    } catch (NumberFormatException e) {
      System.err.println("not a number: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Options o =
        new Options(
            seconds,
            warmup,
            mss,
            connections,
            mode,
            sndbuf,
            rcvbuf,
            ring,
            interval,
            checksums,
            offload,
            kernel,
            json);
    String load = loadAverage();
    JtcpResult j = jtcp(o);
    KernelResult k = o.kernel() ? kernel(o) : KernelResult.skipped("not run (--no-kernel)");
    print(o, load, j, k);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  // ---- Output
  // ------------------------------------------------------------------------------------------------

  private static void print(Options o, String load, JtcpResult j, KernelResult k) {
    double ratio = k.bps() > 0 ? j.bps() / k.bps() : Double.NaN;
    if (o.json()) {
      StringBuilder s = new StringBuilder("{");
      s.append(
          String.format(
              Locale.ROOT,
              "\"connections\":%d,\"mss\":%d,\"payload_per_segment\":%d,\"seconds\":%.3f,\"mode\":\"%s\","
                  + "\"sndbuf\":%d,\"rcvbuf\":%d,\"ring\":%d,\"bytes\":%d,\"goodput_bps\":%.0f,"
                  + "\"segments\":%d,\"packets\":%d,\"acks\":%d,\"link_drops\":%d,\"retransmissions\":%d,"
                  + "\"alloc_bytes_per_segment\":%.2f,\"gc_count\":%d,\"cpu_per_thread\":%.3f,"
                  + "\"cpu_ns_per_segment\":%.1f,\"load_average\":\"%s\",\"checksums\":"
                  + (o.checksums() ? "true," : "false,")
                  + "\"segmentation_offload\":"
                  + (o.offload() && !o.checksums() ? "true," : "false,"),
              o.connections(),
              o.mss(),
              j.sendMss(),
              j.nanos() / 1e9,
              o.mode(),
              o.sndbuf(),
              o.rcvbuf(),
              j.ring(),
              j.bytes(),
              j.bps(),
              j.segments(),
              j.packets(),
              j.acks(),
              j.drops(),
              j.retransmissions(),
              j.allocPerSegment(),
              j.gcs(),
              j.cpuShare(),
              j.cpuPerSegment(),
              load));
      if (k.bps() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "\"kernel_goodput_bps\":%.0f,\"kernel_seconds\":%d,\"kernel_retransmits\":%d,"
                    + "\"kernel_cpu_client\":%.3f,\"kernel_cpu_server\":%.3f,"
                    + "\"kernel_cpu_ns_per_segment\":%.1f,\"ratio\":%.3f}",
                k.bps(),
                k.seconds(),
                k.retransmits(),
                k.clientCpu(),
                k.serverCpu(),
                k.cpuPerSegment(j.sendMss()),
                ratio));
      } else {
        s.append("\"kernel_goodput_bps\":null,\"ratio\":null,\"kernel\":\"")
            .append(k.note().replace("\\", "\\\\").replace("\"", "\\\""))
            .append("\"}");
      }
      System.out.println(s);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "bulk transfer, %s, MSS %d (%d payload bytes per segment with timestamps),"
            + " load average %s before the run%n",
        o.connections() == 1 ? "one connection" : o.connections() + " connections",
        o.mss(),
        j.sendMss(),
        load);
    System.out.printf(
        Locale.ROOT,
        "  jtcp, in-memory link (%s), %s: %.2f Gbit/s over %.1f s after a %.1f s warm-up%n",
        o.checksums()
            ? "TCP checksums computed, packets of one segment"
            : o.offload()
                ? "checksum and segmentation offload, as on Linux's lo"
                : "checksums offloaded, packets of one segment",
        o.mode().equals("threads") ? "a thread per stack" : "both stacks on one thread",
        j.bps() / 1e9,
        j.nanos() / 1e9,
        o.warmup());
    System.out.printf(
        Locale.ROOT,
        "    %,d bytes read, %,d segments' worth in %,d data packets, %,d ACKs, %d link drops,"
            + " %d retransmissions; SO_SNDBUF %s, SO_RCVBUF %s, link ring %d frames%n",
        j.bytes(),
        j.segments(),
        j.packets(),
        j.acks(),
        j.drops(),
        j.retransmissions(),
        o.sndbuf() > 0 ? Integer.toString(o.sndbuf()) : "auto-tuned",
        o.rcvbuf() > 0 ? Integer.toString(o.rcvbuf()) : "auto-tuned",
        j.ring());
    System.out.printf(
        Locale.ROOT,
        "    %.0f bytes allocated per data segment, %d GCs; each stack thread on a CPU %.0f%% of"
            + " the window, %.0f ns of CPU per data segment; cwnd %,d segments at the end%s%n",
        j.allocPerSegment(),
        j.gcs(),
        100 * j.cpuShare(),
        j.cpuPerSegment(),
        j.cwnd() / Math.max(1, j.sendMss() + 12),
        o.connections() > 1 ? " (the first connection)" : "");
    if (k.bps() > 0) {
      System.out.printf(
          Locale.ROOT,
          "  Linux kernel, 127.0.0.1%s, iperf3 %s-P %d -t %d: %.2f Gbit/s%n",
          o.offload() && !o.checksums()
              ? " (lo with TSO and GSO, as by default)"
              : " (lo with TSO, GSO and GRO off, in a namespace of its own)",
          o.mss() <= IPERF_MAX_MSS ? "-M " + o.mss() + " " : "(MTU 65536) ",
          o.connections(),
          k.seconds(),
          k.bps() / 1e9);
      System.out.printf(
          Locale.ROOT,
          "    %d retransmits; iperf3 client on a CPU %.0f%%, server %.0f%% of the test,"
              + " %.0f ns of their CPU per %d bytes%n",
          k.retransmits(),
          k.clientCpu() * 100,
          k.serverCpu() * 100,
          k.cpuPerSegment(j.sendMss()),
          j.sendMss());
      System.out.printf(Locale.ROOT, "  ratio jtcp / kernel: %.2f%n", ratio);
    } else {
      System.out.println("  kernel: " + k.note());
    }
  }

  /** The first three fields of /proc/loadavg, or "unknown". */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  // ---- jtcp
  // --------------------------------------------------------------------------------------------------

  /** What the jtcp run measured over its window. */
  record JtcpResult(
      long bytes,
      long nanos,
      long packets,
      long acks,
      long drops,
      long retransmissions,
      long allocated,
      long cpuNanos,
      int threads,
      long gcs,
      int sendMss,
      int ring,
      long cwnd) {
    double bps() {
      return bytes * 8e9 / nanos;
    }

    /** The average share of the window each stack thread was on a CPU. */
    double cpuShare() {
      return (double) cpuNanos / nanos / threads;
    }

    /**
     * The full segments the bytes read make: with segmentation offload one packet carries many, and
     * the per-segment figures are per {@link #sendMss} bytes, as the kernel's are.
     */
    long segments() {
      return bytes / Math.max(sendMss, 1);
    }

    /** CPU time of all stack threads per data segment, in nanoseconds. */
    double cpuPerSegment() {
      return segments() == 0 ? Double.NaN : (double) cpuNanos / segments();
    }

    double allocPerSegment() {
      return segments() == 0 ? Double.NaN : (double) allocated / segments();
    }
  }

  /** A snapshot of the counters at one end of the window. */
  private record Mark(
      long time, long bytes, long sent, long acked, long allocated, long cpu, long gcs) {}

  /** The stream's bytes: the pattern twice over, so any PERIOD-long slice is contiguous. */
  static byte[] pattern() {
    byte[] p = new byte[2 * PERIOD];
    new Random(42).nextBytes(p);
    System.arraycopy(p, 0, p, PERIOD, PERIOD);
    return p;
  }

  /** The application at the sending end: keeps the send buffer full. */
  static final class Writer {
    private final Connection c;
    private final byte[] pattern;
    private long position;

    Writer(Connection c, byte[] pattern) {
      this.c = c;
      this.pattern = pattern;
    }

    /**
     * Writes blocks until the send buffer is full, as a blocking writer would before it blocks;
     * returns whether anything fitted.
     */
    boolean fill(long now) {
      // A blocking writer sleeps while its send buffer is full, and a non-blocking one waits for
      // the socket to poll writable: neither calls write() on a full buffer. Calling it anyway,
      // for every connection on every round, is work no application does (16 connections).
      if (c.writable() == 0) {
        return false;
      }
      boolean any = false;
      try {
        int n;
        do {
          n = c.write(pattern, (int) (position % PERIOD), BLOCK, now);
          position += n;
          any |= n > 0;
        } while (n == BLOCK);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return any;
    }
  }

  /** The application at the receiving end: reads everything, checks it, counts it. */
  static final class Reader {
    private final Connection c;
    private final byte[] pattern;
    private final byte[] sink = new byte[BLOCK];
    private long position;

    /** Whether to compare what arrives with what was sent (a memory compare per byte). */
    boolean check = true;

    /**
     * Compare one read in this many: 1 during the warm-up, {@value #SPOT_CHECK} in the measured
     * window, where iperf3 on the kernel's side checks nothing and a full compare would cost the
     * receiving thread a pass over every byte. A stream that goes wrong stays wrong, so one read in
     * sixteen still catches it.
     */
    volatile int checkEvery = 1;

    static final int SPOT_CHECK = 16;

    private long reads;

    /** {@link #position}, published for the measuring thread. */
    final AtomicLong received = new AtomicLong();

    Reader(Connection c, byte[] pattern) {
      this.c = c;
      this.pattern = pattern;
    }

    /** Reads until nothing is left; returns whether anything was read. */
    boolean drain(long now) {
      boolean any = false;
      try {
        int n;
        while ((n = c.read(sink, 0, BLOCK, now)) > 0) {
          int off = (int) (position % PERIOD);
          if (check
              && reads++ % checkEvery == 0
              && Arrays.mismatch(sink, 0, n, pattern, off, off + n) >= 0) {
            throw new IllegalStateException(
                "the received stream differs from the sent one near byte " + position);
          }
          position += n;
          any = true;
        }
        if (n < 0) {
          throw new IllegalStateException("end of stream in the middle of the transfer");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (any) {
        received.setRelease(position);
      }
      return any;
    }

    /** Bytes read so far (on the reading thread). */
    long position() {
      return position;
    }
  }

  /** Two stacks on the two ends of a link and one established connection between them. */
  record Pair(Stack client, Stack server, Connection c, Connection s) {}

  /** Two stacks and {@code n} established connections between them, client side and server side. */
  record Pairs(Stack client, Stack server, List<Connection> c, List<Connection> s) {}

  /** Builds two stacks on {@code link} and connects them, driving both from this thread. */
  static Pair connect(InMemoryLinkPair link, SocketOptions opts) throws IOException {
    Pairs p = connect(link, opts, 1);
    return new Pair(p.client(), p.server(), p.c().getFirst(), p.s().getFirst());
  }

  /** {@link #connect(InMemoryLinkPair, SocketOptions)} with {@code n} connections. */
  static Pairs connect(InMemoryLinkPair link, SocketOptions opts, int n) throws IOException {
    long start = System.nanoTime();
    Stack client = stack(CLIENT, link.a(), start);
    Stack server = stack(SERVER, link.b(), start);
    Listener l = server.listen(PORT, Math.max(16, n), opts, start);
    List<Connection> cs = new java.util.ArrayList<>();
    List<Connection> ss = new java.util.ArrayList<>();
    for (int k = 0; k < n; k++) {
      cs.add(client.connect(SERVER, PORT, opts, start));
    }
    for (int i = 0; i < 1000 * n && ss.size() < n; i++) {
      long now = System.nanoTime();
      client.poll(now);
      server.poll(now);
      Connection s;
      while ((s = l.accept()) != null) {
        ss.add(s);
      }
    }
    if (ss.size() < n) {
      throw new IllegalStateException(
          "only " + ss.size() + " of " + n + " handshakes completed: " + cs);
    }
    return new Pairs(client, server, cs, ss);
  }

  static JtcpResult jtcp(Options o) throws Exception {
    int mtu = o.mss() + 40;
    int payload = o.mss() - 12;
    // Linux's default TX ring. The stack waits for room rather than overrunning it
    // (LinkDriver.transmitReady), so it does not drop; a ring sized to the whole window, as the
    // first version of this program had, let a window's worth of frames queue in it and go cold in
    // the cache (-20% goodput, BENCHMARKS.md).
    int ring = o.ring() > 0 ? o.ring() : InMemoryLinkPair.DEFAULT_CAPACITY;
    SocketOptions opts = SocketOptions.DEFAULTS.withBuffers(o.rcvbuf(), o.sndbuf());
    byte[] pattern = pattern();
    // Like the kernel's loopback, the in-memory link offloads checksums unless --checksums.
    // and, as the kernel's loopback does, carries TCP packets of up to 64 KB whole unless
    // --no-offload (segmentation offload: iperf3 -M 1460 on lo sends 65,226-byte packets).
    try (InMemoryLinkPair link =
        new InMemoryLinkPair(ring, mtu, !o.checksums(), o.offload() && !o.checksums())) {
      Pairs p = connect(link, opts, o.connections());
      Stack client = p.client();
      Stack server = p.server();
      Connection c = p.c().getFirst();
      Writer[] writers = p.c().stream().map(x -> new Writer(x, pattern)).toArray(Writer[]::new);
      Reader[] readers = p.s().stream().map(x -> new Reader(x, pattern)).toArray(Reader[]::new);
      Work write =
          now -> {
            boolean any = false;
            for (Writer w : writers) {
              any |= w.fill(now);
            }
            return any;
          };
      Work read =
          now -> {
            boolean any = false;
            for (Reader r : readers) {
              any |= r.drain(now);
            }
            return any;
          };
      Driver d =
          o.mode().equals("threads")
              ? new Driver(loop("jtcp-client", client, write), loop("jtcp-server", server, read))
              : new Driver(
                  loop(
                      "jtcp-both",
                      null,
                      now -> {
                        client.poll(now);
                        boolean w = write.run(now);
                        server.poll(now);
                        return read.run(now) | w;
                      }));
      d.start();
      try {
        d.sleepOrFail((long) (o.warmup() * 1e9));
        for (Reader r : readers) {
          r.checkEvery = Reader.SPOT_CHECK;
        }
        Mark a = mark(readers, link, d);
        Mark b = a;
        long end = a.time() + (long) (o.seconds() * 1e9);
        long step = o.interval() > 0 ? (long) (o.interval() * 1e9) : Long.MAX_VALUE;
        while (b.time() < end) {
          d.sleepOrFail(Math.min(step, end - b.time()));
          Mark m = mark(readers, link, d);
          if (o.interval() > 0) {
            (o.json() ? System.err : System.out)
                .printf(
                    Locale.ROOT,
                    "  %6.1f s  %6.2f Gbit/s  %6.0f B allocated per segment  %d GCs%n",
                    (m.time() - a.time()) / 1e9,
                    (m.bytes() - b.bytes()) * 8.0 / (m.time() - b.time()),
                    (double) (m.allocated() - b.allocated())
                        / Math.max((m.bytes() - b.bytes()) / payload, 1),
                    m.gcs() - b.gcs());
          }
          b = m;
        }
        d.stop();
        TcpInfo info = c.info();
        long retransmissions = 0;
        for (Connection x : p.c()) {
          retransmissions += x.info().retransmissions();
        }
        return new JtcpResult(
            b.bytes() - a.bytes(),
            b.time() - a.time(),
            b.sent() - a.sent(),
            b.acked() - a.acked(),
            link.a().dropped() + link.b().dropped(),
            retransmissions,
            b.allocated() - a.allocated(),
            b.cpu() - a.cpu(),
            d.threads.size(),
            b.gcs() - a.gcs(),
            info.sendMss(),
            ring,
            info.cwnd());
      } finally {
        d.stop();
      }
    }
  }

  private static Stack stack(Ipv4Address address, InMemoryLinkPair.Endpoint end, long now) {
    return new Stack(
        address,
        end,
        Sysctls.LINUX,
        Rfc6528IsnGenerator.random(),
        SynCookies.random(),
        PacketObserver.NONE,
        now);
  }

  private static Mark mark(Reader[] readers, InMemoryLinkPair link, Driver d) {
    long bytes = 0;
    for (Reader r : readers) {
      bytes += r.received.getAcquire();
    }
    long gcs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcs += Math.max(gc.getCollectionCount(), 0);
    }
    long time = System.nanoTime();
    return new Mark(
        time, bytes, link.a().transmitted(), link.b().transmitted(), d.allocated(), d.cpu(), gcs);
  }

  /** Work done between polls, given the time; returns whether anything happened. */
  @FunctionalInterface
  interface Work {
    boolean run(long now);
  }

  /**
   * Idle rounds a stack thread spins before it yields its core: on a machine with as many cores as
   * stack threads, a thread that spins while the other is descheduled only delays it.
   */
  private static final int IDLE_SPINS = 100;

  /** One spinning thread: poll its stack (if any), then do the application's work. */
  private static Thread loop(String name, @Nullable Stack stack, Work work) {
    return Thread.ofPlatform()
        .name(name)
        .daemon()
        .unstarted(
            () -> {
              Thread self = Thread.currentThread();
              int idle = 0;
              while (!self.isInterrupted()) {
                long now = System.nanoTime();
                if (stack != null) {
                  stack.poll(now);
                }
                if (work.run(now)) {
                  idle = 0;
                } else if (++idle < IDLE_SPINS) {
                  Thread.onSpinWait();
                } else {
                  Thread.yield(); // the peer thread may be waiting for this core
                }
              }
            });
  }

  /** The threads of one run, their failures and their allocation. */
  private static final class Driver {
    private final List<Thread> threads;
    private volatile @Nullable Throwable failure;

    Driver(Thread... threads) {
      this.threads = List.of(threads);
      for (Thread t : threads) {
        t.setUncaughtExceptionHandler((th, e) -> failure = e);
      }
    }

    void start() {
      threads.forEach(Thread::start);
    }

    /** Sleeps, then throws what a stack thread threw, if any. */
    void sleepOrFail(long nanos) throws InterruptedException {
      long end = System.nanoTime() + nanos;
      long left;
      while ((left = end - System.nanoTime()) > 0 && failure == null) {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
      }
      Throwable f = failure;
      if (f != null) {
        throw new IllegalStateException("a stack thread failed: " + f, f);
      }
    }

    /** CPU time the threads have used so far, in nanoseconds. */
    long cpu() {
      var mx = ManagementFactory.getThreadMXBean();
      long sum = 0;
      for (Thread t : threads) {
        sum += Math.max(mx.getThreadCpuTime(t.threadId()), 0);
      }
      return sum;
    }

    /** Bytes the threads have allocated so far. */
    long allocated() {
      var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long sum = 0;
      for (Thread t : threads) {
        sum += mx.getThreadAllocatedBytes(t.threadId());
      }
      return sum;
    }

    void stop() throws InterruptedException {
      for (Thread t : threads) {
        t.interrupt();
      }
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  // ---- The kernel: iperf3 on 127.0.0.1
  // ---------------------------------------------------------------

  /** The kernel's figure, or why there is none. */
  record KernelResult(
      double bps, long seconds, long retransmits, double clientCpu, double serverCpu, String note) {
    static KernelResult skipped(String why) {
      return new KernelResult(0, 0, 0, 0, 0, why);
    }

    /**
     * The two iperf3 processes' CPU time (getrusage: user and system, which includes the softirq
     * work done in their context but not what ksoftirqd does) per {@code payload} bytes received.
     */
    double cpuPerSegment(int payload) {
      return (clientCpu + serverCpu) * 1e9 * 8 * payload / bps;
    }
  }

  private static final Pattern RECEIVED =
      Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");
  private static final Pattern RETRANSMITS =
      Pattern.compile("\"sum_sent\"\\s*:\\s*\\{[^}]*?\"retransmits\"\\s*:\\s*([0-9]+)");
  private static final Pattern CLIENT_CPU = Pattern.compile("\"host_total\"\\s*:\\s*([0-9.eE+]+)");
  private static final Pattern SERVER_CPU =
      Pattern.compile("\"remote_total\"\\s*:\\s*([0-9.eE+]+)");

  static KernelResult kernel(Options o) throws Exception {
    if (!onPath("iperf3")) {
      return KernelResult.skipped("iperf3 not installed (apt-get install iperf3)");
    }
    if (o.offload() && !o.checksums()) {
      return iperf3(o, List.of());
    }
    // Without segmentation offload jtcp sends a packet per segment; the fair kernel figure is then
    // that of a loopback device with TSO and GSO off, which only a namespace of its own can have
    // without touching the host's lo.
    if (!"0".equals(run("id", "-u").strip()) || !onPath("ip") || !onPath("ethtool")) {
      return KernelResult.skipped(
          "not run: the comparison without offload needs root, ip and ethtool, to turn TSO and GSO"
              + " off on the loopback device of a network namespace of its own");
    }
    String ns = "jtcp-bench-" + ProcessHandle.current().pid();
    run("ip", "netns", "add", ns);
    try {
      run("ip", "-n", ns, "link", "set", "lo", "up");
      run(
          "ip", "netns", "exec", ns, "ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro",
          "off");
      return iperf3(o, List.of("ip", "netns", "exec", ns));
    } finally {
      run("ip", "netns", "del", ns);
    }
  }

  /** Runs a command to its end and returns its output; an exit status other than 0 throws. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
    return out;
  }

  /** iperf3 on 127.0.0.1, each process started with {@code prefix} (a namespace) before it. */
  private static KernelResult iperf3(Options o, List<String> prefix) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    List<String> serve = new java.util.ArrayList<>(prefix);
    serve.addAll(List.of("iperf3", "-s", "-1", "-B", "127.0.0.1", "-p", Integer.toString(port)));
    Process server =
        new ProcessBuilder(serve)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!awaitListening(port, server, 5_000)) {
        return KernelResult.skipped("iperf3 -s did not start listening on port " + port);
      }
      long seconds = Math.max(1, Math.round(o.seconds())); // iperf3 -t takes whole seconds
      List<String> command = new java.util.ArrayList<>(prefix);
      command.addAll(List.of("iperf3", "-c", "127.0.0.1", "-p", Integer.toString(port)));
      // iperf3 refuses -M above 9216; above that the kernel's own loopback MTU (65536, so MSS
      // 65483 with timestamps) is the comparison, as the issue asks for the 64 KiB MTU run.
      if (o.mss() <= IPERF_MAX_MSS) {
        command.addAll(List.of("-M", Integer.toString(o.mss())));
      }
      command.addAll(
          List.of("-P", Integer.toString(o.connections()), "-t", Long.toString(seconds), "-J"));
      Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = client.waitFor();
      Matcher m = RECEIVED.matcher(out);
      if (rc != 0 || !m.find()) {
        return KernelResult.skipped(
            "iperf3 -c failed (exit " + rc + "): " + out.strip().replaceAll("\\s+", " "));
      }
      return new KernelResult(
          Double.parseDouble(m.group(1)),
          seconds,
          (long) find(RETRANSMITS, out, -1),
          find(CLIENT_CPU, out, Double.NaN) / 100,
          find(SERVER_CPU, out, Double.NaN) / 100,
          "");
    } finally {
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        server.destroy();
      }
    }
  }

  private static double find(Pattern p, String json, double otherwise) {
    Matcher m = p.matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : otherwise;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Waits until {@code port} is in LISTEN state on IPv4 ({@code /proc/net/tcp}, state 0A). */
  private static boolean awaitListening(int port, Process server, long millis)
      throws IOException, InterruptedException {
    String local = String.format(Locale.ROOT, ":%04X ", port);
    // The server's own view: in a namespace of its own it holds sockets /proc/net/tcp does not.
    Path tcp = Path.of("/proc", Long.toString(server.pid()), "net", "tcp");
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < end && server.isAlive()) {
      if (!Files.isReadable(tcp)) {
        Thread.sleep(500); // not Linux: give it a moment and hope
        return server.isAlive();
      }
      for (String line : Files.readAllLines(tcp)) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("0A")) {
          return true;
        }
      }
      Thread.sleep(10);
    }
    return false;
  }
}
