package io.jtcp.bench;

import io.jtcp.core.api.StackConfig;
import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpListener;
import io.jtcp.core.api.TcpStack;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.IpProtocol;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4View;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;
import io.jtcp.io.tap.TapLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * jtcp against the Linux kernel over a TAP device, beside the kernel talking to itself over a veth
 * pair with the same MTU, and beside the raw frame rate the TAP device sustains with no TCP at all.
 * Everything the kernel does runs in network namespaces this program creates and deletes; jtcp is
 * 192.0.2.2 on the device, the kernel 192.0.2.1, and no packet leaves the namespaces.
 *
 * <ul>
 *   <li>jtcp → kernel: jtcp connects and writes N bytes into {@code socat -u TCP-LISTEN
 *       OPEN:/dev/null}; timed from the connect to the kernel's FIN.
 *   <li>kernel → jtcp: {@code head -c N /dev/zero | socat -u - TCP:…} into a jtcp listener; timed
 *       from the accept to the end of the stream.
 *   <li>kernel → kernel: the same socat pair across a veth pair between two namespaces (MTU 1500;
 *       the kernel keeps TSO/GSO on veth, so it moves 64 KB packets where jtcp moves 1448-byte
 *       ones).
 *   <li>raw TAP, write: 1514-byte frames of an unused EtherType (0x88b5, local experimental)
 *       written as fast as the driver can, which the kernel takes and drops.
 *   <li>raw TAP, echo: the kernel turns every 1514-byte frame straight around (a tc u32 filter
 *       matching everything, action {@code mirred} redirect, on the device's ingress), so each
 *       frame is one write and one read with no protocol work; 128 frames in flight.
 * </ul>
 *
 * Needs root, {@code /dev/net/tun}, iproute2 and socat; run with {@code
 * --enable-native-access=ALL-UNNAMED}.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp tcp-bench/target/benchmarks.jar \
 *     io.jtcp.bench.TapGoodput [--bytes N] [--seconds S]
 * </pre>
 */
public final class TapGoodput {
  private static final String KERNEL = "192.0.2.1";
  private static final String JTCP = "192.0.2.2";
  private static final int FRAME = 1514;

  /** Segments per burst in the offload echo: as many as one 64 KB super-frame holds. */
  private static final int BURST = 44;

  private TapGoodput() {}

  public static void main(String[] args) throws Exception {
    long bytes = 1L << 30;
    int seconds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bytes" -> bytes = Long.parseLong(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--receive-only" -> {
          // For a profiler: only kernel -> jtcp with offload, printed alone.
          System.out.printf(
              Locale.ROOT, "kernel -> jtcp %.2f Gbit/s%n", kernelSends(bytes, true) / 1e9);
          return;
        }
        default -> {
          System.err.println("usage: TapGoodput [--bytes N] [--seconds S] [--receive-only]");
          System.exit(2);
        }
      }
    }
    if (!Files.exists(Path.of("/dev/net/tun")) || !"root".equals(System.getProperty("user.name"))) {
      System.err.println("TapGoodput needs root and /dev/net/tun");
      System.exit(1);
    }
    double send = jtcpSends(bytes, false);
    double receive = kernelSends(bytes, false);
    double sendOffload = jtcpSends(bytes, true);
    double receiveOffload = kernelSends(bytes, true);
    double veth = kernelToKernel(bytes);
    double rawWrite = rawWrite(seconds);
    double echo = rawEcho(seconds);
    double echoOffload = rawEcho(seconds, true);
    double payload = 1448;
    System.out.printf(
        Locale.ROOT,
        "TAP, MTU 1500, %d bytes each way; load average %s%n",
        bytes,
        Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.printf(
        Locale.ROOT,
        "  jtcp -> kernel   %7.2f Gbit/s  %9.0f data frames/s  %.2f of the echo rate%n",
        send / 1e9,
        send / 8 / payload,
        send / 8 / payload / echo);
    System.out.printf(
        Locale.ROOT,
        "  kernel -> jtcp   %7.2f Gbit/s  %9.0f data frames/s  %.2f of the echo rate%n",
        receive / 1e9,
        receive / 8 / payload,
        receive / 8 / payload / echo);
    System.out.printf(
        Locale.ROOT,
        "  with checksum and segmentation offload (IFF_VNET_HDR, TSO4), in 1448-byte frames:%n");
    System.out.printf(
        Locale.ROOT,
        "  jtcp -> kernel   %7.2f Gbit/s  %9.0f data frames/s  %.2f of the echo rate%n",
        sendOffload / 1e9,
        sendOffload / 8 / payload,
        sendOffload / 8 / payload / echo);
    System.out.printf(
        Locale.ROOT,
        "  kernel -> jtcp   %7.2f Gbit/s  %9.0f data frames/s  %.2f of the echo rate%n",
        receiveOffload / 1e9,
        receiveOffload / 8 / payload,
        receiveOffload / 8 / payload / echo);
    System.out.printf(
        Locale.ROOT,
        "  raw TAP echo with offload: %9.0f 1448-byte segments/s in super-frames of %d; jtcp"
            + " reaches %.2f (->) and %.2f (<-) of it%n",
        echoOffload,
        BURST,
        sendOffload / 8 / payload / echoOffload,
        receiveOffload / 8 / payload / echoOffload);
    System.out.printf(Locale.ROOT, "  kernel -> kernel %7.2f Gbit/s over veth%n", veth / 1e9);
    System.out.printf(
        Locale.ROOT,
        "  raw TAP          %9.0f frames/s echoed (each one written and read), %9.0f written"
            + " alone%n",
        echo,
        rawWrite);
  }

  // ---- jtcp over TAP

  /** A TAP device opened here and moved into a fresh namespace, its kernel side configured. */
  private record Tap(Netns ns, TapLink link) implements AutoCloseable {
    static Tap create() throws IOException {
      return create(false);
    }

    static Tap create(boolean offload) throws IOException {
      Netns ns = Netns.create();
      TapLink link = TapLink.open("jtb%d", TapLink.Mode.TAP, offload);
      host("ip", "link", "set", "dev", link.name(), "netns", ns.name);
      ns.run("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/" + link.name() + "/disable_ipv6");
      ns.run("ip", "addr", "add", KERNEL + "/24", "dev", link.name());
      ns.run("ip", "link", "set", link.name(), "up");
      return new Tap(ns, link);
    }

    TcpStack stack() {
      return TcpStack.open(StackConfig.of(Ipv4Address.parse(JTCP)).withSubnet(24, null), link);
    }

    @Override
    public void close() {
      link.close();
      ns.close();
    }
  }

  private static double jtcpSends(long bytes, boolean offload) throws Exception {
    try (Tap tap = Tap.create(offload);
        TcpStack stack = tap.stack()) {
      Process sink =
          tap.ns.start(
              "socat", "-u", "-b", "131072", "TCP-LISTEN:9000,bind=" + KERNEL, "OPEN:/dev/null");
      tap.ns.awaitListening(9000);
      byte[] block = new byte[1 << 20];
      ThreadLocalRandom.current().nextBytes(block);
      long start = System.nanoTime();
      try (TcpConnection c = stack.connect(Ipv4Address.parse(KERNEL), 9000)) {
        OutputStream out = c.outputStream();
        for (long left = bytes; left > 0; left -= block.length) {
          out.write(block, 0, (int) Math.min(block.length, left));
        }
        c.shutdownOutput();
        c.inputStream().transferTo(OutputStream.nullOutputStream());
      }
      long nanos = System.nanoTime() - start;
      sink.waitFor(10, TimeUnit.SECONDS);
      if (offload) {
        System.err.printf(
            Locale.ROOT,
            "  (jtcp -> kernel: %d segments in %d super-frames; %d frames received)%n",
            tap.link.framesTransmitted(),
            tap.link.superFramesTransmitted(),
            tap.link.framesReceived());
      }
      return bytes * 8e9 / nanos;
    }
  }

  private static double kernelSends(long bytes, boolean offload) throws Exception {
    try (Tap tap = Tap.create(offload);
        TcpStack stack = tap.stack();
        TcpListener l = stack.listen(9001)) {
      tap.ns.start(
          "sh",
          "-c",
          "head -c " + bytes + " /dev/zero | socat -u -b 131072 - TCP:" + JTCP + ":9001");
      try (TcpConnection c = l.accept()) {
        long start = System.nanoTime();
        long got = count(c.inputStream());
        long nanos = System.nanoTime() - start;
        if (got != bytes) {
          throw new IllegalStateException("received " + got + " of " + bytes + " bytes");
        }
        return bytes * 8e9 / nanos;
      }
    }
  }

  private static long count(InputStream in) throws IOException {
    byte[] b = new byte[1 << 20];
    long n = 0;
    int r;
    while ((r = in.read(b)) > 0) {
      n += r;
    }
    return n;
  }

  // ---- The kernel over veth

  private static double kernelToKernel(long bytes) throws Exception {
    try (Netns a = Netns.create();
        Netns b = Netns.create()) {
      String va = "jtbva" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000));
      String vb = "jtbvb" + va.substring(5);
      host("ip", "link", "add", va, "netns", a.name, "type", "veth", "peer", vb, "netns", b.name);
      a.run("ip", "addr", "add", KERNEL + "/24", "dev", va);
      b.run("ip", "addr", "add", JTCP + "/24", "dev", vb);
      a.run("ip", "link", "set", va, "up");
      b.run("ip", "link", "set", vb, "up");
      Process sink =
          b.start("socat", "-u", "-b", "131072", "TCP-LISTEN:9000,bind=" + JTCP, "OPEN:/dev/null");
      b.awaitListening(9000);
      long start = System.nanoTime();
      Process source =
          a.start(
              "sh",
              "-c",
              "head -c " + bytes + " /dev/zero | socat -u -b 131072 - TCP:" + JTCP + ":9000");
      if (!sink.waitFor(120, TimeUnit.SECONDS) || source.waitFor() != 0) {
        throw new IllegalStateException("the kernel's transfer over veth failed");
      }
      return bytes * 8e9 / (System.nanoTime() - start);
    }
  }

  // ---- Raw TAP frame rates

  private static double rawWrite(int seconds) throws IOException {
    try (Tap tap = Tap.create()) {
      MacAddress to = tap.link.kernelMacAddress();
      long dst = to == null ? MacAddress.BROADCAST.bits() : to.bits();
      EthernetView eth = new EthernetView();
      long frames = 0;
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        for (int i = 0; i < 256; i++) {
          if (tap.link.transmit(
              FRAME,
              (MemorySegment s, long off, int len) -> {
                eth.writeTo(s, off, len)
                    .destination(dst)
                    .source(0x02_00_00_00_00_02L)
                    .etherType(0x88b5);
                s.asSlice(off + EthernetView.HEADER_LENGTH, len - EthernetView.HEADER_LENGTH)
                    .fill((byte) 0);
              })) {
            frames++;
          }
        }
      }
      return frames * 1e9 / (System.nanoTime() - start);
    }
  }

  /**
   * The frame-echo loop: the kernel turns every frame the driver writes straight around (a tc
   * ingress filter on the device whose action is {@code mirred egress redirect} back to the same
   * device), so each frame is one write and one read through TAP with no protocol work in the
   * kernel. A window of frames is kept in flight; the figure is frames echoed per second.
   */
  private static double rawEcho(int seconds) throws Exception {
    return rawEcho(seconds, false);
  }

  /**
   * The echo loop with offload on: the same device and tc redirect, but the driver is given bursts
   * of {@value #BURST} consecutive 1448-byte TCP segments of one made-up flow (to an address nobody
   * has), which it joins into one super-frame per burst exactly as it does for jtcp; the kernel
   * turns each one around whole and the driver reads it back. The figure is 1448-byte segments
   * echoed per second: the most the device moves, with offload, with no protocol work.
   */
  private static double rawEcho(int seconds, boolean offload) throws Exception {
    try (Tap tap = Tap.create(offload)) {
      String dev = tap.link.name();
      tap.ns.run("tc", "qdisc", "add", "dev", dev, "ingress");
      // u32 matching everything: this kernel has no matchall classifier.
      tap.ns.run(
          "tc",
          "filter",
          "add",
          "dev",
          dev,
          "parent",
          "ffff:",
          "protocol",
          "all",
          "u32",
          "match",
          "u32",
          "0",
          "0",
          "action",
          "mirred",
          "egress",
          "redirect",
          "dev",
          dev);
      EthernetView eth = new EthernetView();
      Ipv4View ip = new Ipv4View();
      TcpView tcp = new TcpView();
      int src = Ipv4Address.parse(JTCP).bits();
      int dst = Ipv4Address.parse("192.0.2.9").bits();
      int[] seq = {0};
      int window = offload ? 8 * BURST : 128;
      double[] back = {0};
      long sent = 0;
      long start = 0;
      double counted = 0;
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      long end = warm + TimeUnit.SECONDS.toNanos(seconds);
      while (true) {
        long now = System.nanoTime();
        if (start == 0 && now >= warm) {
          start = now;
          counted = back[0];
        }
        if (now >= end) {
          break;
        }
        while (sent - back[0] < window) {
          boolean ok;
          if (offload) {
            ok =
                tap.link.transmit(
                    FRAME,
                    (MemorySegment s, long off, int len) -> {
                      eth.writeTo(s, off, len)
                          .destination(0x02_00_00_00_00_09L)
                          .source(0x02_00_00_00_00_02L)
                          .etherType(0x0800);
                      long o = off + EthernetView.HEADER_LENGTH;
                      int ipLength = len - EthernetView.HEADER_LENGTH;
                      s.asSlice(o, ipLength).fill((byte) 0);
                      ip.writeTo(s, o, Ipv4View.MIN_HEADER_LENGTH)
                          .totalLength(ipLength)
                          .flagsAndFragmentOffset(Ipv4View.FLAG_DF, 0)
                          .ttl(64)
                          .protocol(IpProtocol.TCP)
                          .source(src)
                          .destination(dst)
                          .fillChecksum();
                      int tcpLength = ipLength - Ipv4View.MIN_HEADER_LENGTH;
                      tcp.writeTo(
                              s,
                              o + Ipv4View.MIN_HEADER_LENGTH,
                              TcpView.MIN_HEADER_LENGTH,
                              tcpLength)
                          .sourcePort(40000)
                          .destinationPort(9)
                          .sequenceNumber(seq[0])
                          .acknowledgmentNumber(1)
                          .flags(TcpFlags.ACK)
                          .window(1024)
                          .fillChecksum(src, dst);
                      seq[0] += tcpLength - TcpView.MIN_HEADER_LENGTH;
                    });
            if (ok && (sent + 1) % BURST == 0) {
              tap.link.flushTransmit();
            }
          } else {
            ok =
                tap.link.transmit(
                    FRAME,
                    (MemorySegment s, long off, int len) -> {
                      eth.writeTo(s, off, len)
                          .destination(0x02_00_00_00_00_09L)
                          .source(0x02_00_00_00_00_02L)
                          .etherType(0x88b5);
                      s.asSlice(off + EthernetView.HEADER_LENGTH, len - EthernetView.HEADER_LENGTH)
                          .fill((byte) 0);
                    });
          }
          if (!ok) {
            break;
          }
          sent++;
        }
        // With offload, the payload echoed in 1448-byte units (jtcp's segments carry 12 bytes of
        // timestamps; these carry none), so the figure compares with jtcp's data frames.
        int headers =
            EthernetView.HEADER_LENGTH + Ipv4View.MIN_HEADER_LENGTH + TcpView.MIN_HEADER_LENGTH;
        if (tap.link.receive(
                (seg, o, l) ->
                    back[0] += offload ? Math.max(0, l - headers) / 1448.0 : l == FRAME ? 1 : 0,
                64)
            == 0) {
          tap.link.await(1_000_000);
        }
      }
      return (back[0] - counted) * 1e9 / (System.nanoTime() - start);
    }
  }

  // ---- Namespaces

  /** A namespace of this program's own, deleted on close with everything in it. */
  private static final class Netns implements AutoCloseable {
    final String name;
    private final List<Process> started = new ArrayList<>();

    private Netns(String name) {
      this.name = name;
    }

    static Netns create() {
      String name =
          "jtcp-bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      host("ip", "netns", "add", name);
      Netns ns = new Netns(name);
      ns.run("ip", "link", "set", "lo", "up");
      return ns;
    }

    Process start(String... command) {
      List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
      full.addAll(List.of(command));
      try {
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        started.add(p);
        return p;
      } catch (IOException e) {
        throw new IllegalStateException("cannot start " + full, e);
      }
    }

    void run(String... command) {
      Process p = start(command);
      try {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    void awaitListening(int port) throws InterruptedException {
      for (int i = 0; i < 300; i++) {
        Process p = start("sh", "-c", "ss -Hltn 'sport = :" + port + "' | grep -q .");
        if (p.waitFor() == 0) {
          return;
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException("nothing listens on " + port);
    }

    @Override
    public void close() {
      for (Process p : started) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      host("ip", "netns", "del", name);
    }
  }

  private static void host(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
