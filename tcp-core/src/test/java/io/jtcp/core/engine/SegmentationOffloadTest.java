package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.engine.RecordingLink.Packet;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Segmentation offload ({@link io.jtcp.core.spi.LinkDriver#segmentationOffload()}): over a link
 * that carries TCP packets of up to 65,535 bytes whole, the client sends many MSS-sized segments
 * per packet, as Linux does over lo with TSO/GSO. A {@link RecordingLink} on each end records every
 * packet, and the tests check what the engine promises: the stream arrives intact; no packet
 * exceeds 65,535 bytes; a packet carries whole segments unless it ends where the queued data ends
 * (and Nagle lets that short piece go); it carries at most half the largest window the peer
 * announced, no more than cwnd allows, and, with a pacing congestion control, about 1 ms at its
 * rate; retransmissions are single segments; {@code segmentsOut} counts segments, not packets. One
 * thread drives both stacks on a virtual clock.
 */
class SegmentationOffloadTest {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final long US = 1_000L;

  /** Virtual time per round of polls. */
  private static final long STEP = 10 * US;

  /** The payload of one segment at MTU 1500 with timestamps: 1500 − 20 − 20 − 12. */
  private static final int SEGMENT = 1448;

  /** The largest IPv4 packet. */
  private static final int LARGEST_PACKET = 65_535;

  /** Linux's initial window, in segments (RFC 6928). */
  private static final int INITIAL_WINDOW = 10;

  private static Stack stack(Ipv4Address address, RecordingLink end, int isn) {
    return FixedIsnStacks.on(address, end, isn);
  }

  private static byte[] data(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /**
   * A client and a server stack over one pair, both ends recording into one trace; the client
   * writes, the server reads.
   */
  private static final class Pair implements AutoCloseable {
    final InMemoryLinkPair link;
    final List<Packet> trace = new ArrayList<>();
    final RecordingLink clientEnd;
    final RecordingLink serverEnd;
    final Stack client;
    final Stack server;
    final Connection c;
    final Connection s;
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    private final byte[] buf = new byte[64 * 1024];
    long now;

    /** Bytes the client's writes accepted. */
    long written;

    boolean eof;

    Pair(InMemoryLinkPair link, SocketOptions clientOptions, SocketOptions serverOptions)
        throws IOException {
      this(link, clientOptions, serverOptions, p -> false, null, -1);
    }

    Pair(
        InMemoryLinkPair link,
        SocketOptions clientOptions,
        SocketOptions serverOptions,
        Predicate<Packet> lose,
        @Nullable CongestionControlFactory congestion,
        int declaredOffload)
        throws IOException {
      this.link = link;
      clientEnd =
          new RecordingLink(link.a(), "client", trace)
              .queued(() -> written)
              .lose(lose)
              .declareOffload(declaredOffload);
      serverEnd = new RecordingLink(link.b(), "server", trace).declareOffload(declaredOffload);
      client = stack(CLIENT, clientEnd, 100);
      server = stack(SERVER, serverEnd, 300);
      if (congestion != null) {
        client.setCongestionControl(congestion);
      }
      Listener l = server.listen(80, 4, serverOptions, 0);
      c = client.connect(SERVER, 80, clientOptions, now);
      Connection accepted = null;
      for (int i = 0; i < 10 && accepted == null; i++) {
        now += STEP;
        client.poll(now);
        server.poll(now);
        accepted = l.accept();
      }
      assertNotNull(accepted, "handshake");
      s = accepted;
    }

    /** Writes what the send buffer takes; packets sent meanwhile record what is queued after. */
    int write(byte[] data, int off, int len) throws IOException {
      int mark = trace.size();
      int n = c.write(data, off, len, now);
      written += n;
      for (int i = mark; i < trace.size(); i++) {
        Packet p = trace.get(i);
        if (p.out() && p.end().equals("client")) {
          trace.set(i, p.withQueued(written));
        }
      }
      return n;
    }

    /** Reads up to {@code limit} bytes at the server; how many. */
    int read(int limit) throws IOException {
      int total = 0;
      int n;
      while (total < limit && (n = s.read(buf, 0, Math.min(buf.length, limit - total), now)) != 0) {
        if (n < 0) {
          eof = true;
          break;
        }
        got.write(buf, 0, n);
        total += n;
      }
      return total;
    }

    /** One round: the clock moves on and each stack is polled. */
    void poll() {
      now += STEP;
      client.poll(now);
      server.poll(now);
    }

    /**
     * Moves {@code data} to the server: writes of {@code chunks} (in turn, round-robin) while the
     * send buffer takes them, reads every {@code readEvery} rounds of up to {@code readLimit}
     * bytes, and a FIN after the data with {@code shutdown}. When a round that read moved nothing
     * at all, the clock jumps to the next timer (a delayed ACK, a persist or retransmission timer).
     */
    void transfer(byte[] data, int[] chunks, int readEvery, int readLimit, boolean shutdown)
        throws IOException {
      int chunk = 0;
      boolean shut = false;
      for (int round = 0; round < 2_000_000; round++) {
        if (got.size() == data.length && (!shutdown || eof)) {
          return;
        }
        int mark = trace.size();
        now += STEP;
        client.poll(now);
        int n = 0;
        if (written < data.length) {
          int len = (int) Math.min(chunks[chunk], data.length - written);
          n = write(data, (int) written, len);
          if (n > 0) {
            chunk = (chunk + 1) % chunks.length;
          }
        } else if (shutdown && !shut) {
          c.shutdownOutput(now);
          shut = true;
          n = 1;
        }
        server.poll(now);
        if (round % readEvery == 0) {
          n += read(readLimit);
          if (n == 0 && trace.size() == mark && !eof) {
            long next = Math.min(client.nextDeadline(), server.nextDeadline());
            if (next == Pollable.NO_DEADLINE) {
              fail("the transfer stalled with no timer armed after " + got.size() + " bytes");
            }
            now = Math.max(now, next - STEP);
          }
        }
      }
      fail("the transfer did not finish: " + got.size() + " of " + data.length + " bytes");
    }

    /** The client's initial sequence number, from its SYN. */
    int iss() {
      for (Packet p : trace) {
        if (p.out() && p.end().equals("client") && p.has(TcpFlags.SYN)) {
          return p.seq();
        }
      }
      throw new AssertionError("no SYN from the client");
    }

    /** Where in the stream a client packet's data starts. */
    long offset(Packet p) {
      return Integer.toUnsignedLong(p.seq() - iss() - 1);
    }

    /** Data packets the client sent, lost ones included, in order. */
    List<Packet> clientData() {
      List<Packet> out = new ArrayList<>();
      for (Packet p : trace) {
        if (p.out() && p.end().equals("client") && p.payload() > 0) {
          out.add(p);
        }
      }
      return out;
    }

    /** The data packets of {@link #clientData()} that carry new data (not retransmissions). */
    List<Packet> newData() {
      List<Packet> out = new ArrayList<>();
      long sent = 0;
      for (Packet p : clientData()) {
        long start = offset(p);
        if (start >= sent) {
          out.add(p);
          sent = start + p.payload();
        }
      }
      return out;
    }

    /** The data packets of {@link #clientData()} that resend data sent before. */
    List<Packet> retransmissions() {
      List<Packet> out = new ArrayList<>();
      long sent = 0;
      for (Packet p : clientData()) {
        long start = offset(p);
        if (start < sent) {
          out.add(p);
        }
        sent = Math.max(sent, start + p.payload());
      }
      return out;
    }

    /** The server's window shift: its SYN-ACK's window-scale option if the client's SYN had one. */
    int serverShift() {
      int clientOffered = -1;
      for (Packet p : trace) {
        if (!p.out() || !p.has(TcpFlags.SYN)) {
          continue;
        }
        if (p.end().equals("client")) {
          clientOffered = p.windowScale();
        } else if (clientOffered >= 0 && p.windowScale() >= 0) {
          return Math.min(p.windowScale(), 14);
        } else {
          return 0;
        }
      }
      throw new AssertionError("no SYN-ACK from the server");
    }

    /** A server packet's window in bytes: unscaled on a SYN-ACK (RFC 7323 §2.2). */
    long windowBytes(Packet p) {
      return p.has(TcpFlags.SYN) ? p.window() : (long) p.window() << serverShift();
    }

    /** Every packet either end sent fits in one IPv4 packet. */
    void assertNoPacketTooLarge() {
      for (Packet p : trace) {
        assertTrue(
            p.totalLength() <= LARGEST_PACKET, () -> "a packet larger than IPv4 allows: " + p);
      }
    }

    /**
     * Each new-data packet carries whole segments, unless it ends where the data queued when it
     * went out ends; with {@code shortToo} false, only packets of more than one segment are held to
     * this (a shorter one may also be what a small window lets go, RFC 9293 §3.8.6.2.1).
     */
    void assertWholeSegments(int segment, boolean shortToo) {
      for (Packet p : newData()) {
        if (!shortToo && p.payload() <= segment) {
          continue;
        }
        long end = offset(p) + p.payload();
        assertTrue(
            p.payload() % segment == 0 || end == p.queued(),
            () ->
                "a packet with a piece of a segment that is not the end of what was queued: "
                    + p
                    + " (data ends at "
                    + end
                    + ")");
      }
    }

    /**
     * No new-data packet carries more than half the largest window the server had announced before
     * it went out (Linux's tcp_bound_to_half_wnd), or one segment when that is less.
     */
    void assertHalfTheLargestWindow(int segment) {
      Set<Packet> resent = Collections.newSetFromMap(new IdentityHashMap<>());
      resent.addAll(retransmissions());
      long largest = 0;
      for (Packet p : trace) {
        if (p.out() && p.end().equals("server")) {
          largest = Math.max(largest, windowBytes(p));
        } else if (p.out()
            && p.end().equals("client")
            && p.payload() > segment
            && !resent.contains(p)) {
          long half = largest / 2;
          assertTrue(
              p.payload() <= Math.max(half, segment),
              "a packet of more than half the largest window announced (" + largest + "): " + p);
        }
      }
    }

    /** {@code segmentsOut} counts each packet as the segments of one MSS it carries. */
    void assertSegmentsCounted() {
      int mss = c.info().sendMss();
      long segments = 0;
      for (Packet p : trace) {
        if (p.out() && p.end().equals("client")) {
          segments += Math.max(1, (p.payload() + mss - 1) / mss);
        }
      }
      assertEquals(segments, c.info().segmentsOut(), "segmentsOut counts MSS-sized segments");
    }

    @Override
    public void close() {
      link.close();
    }
  }

  private static final int[] BIG_WRITES = {64 * 1024};

  /** 1 MiB in 64 KiB writes over {@code link}, read as it arrives. */
  private static Pair bulk(InMemoryLinkPair link, byte[] data) throws IOException {
    Pair p = new Pair(link, SocketOptions.DEFAULTS, SocketOptions.DEFAULTS);
    p.transfer(data, BIG_WRITES, 1, Integer.MAX_VALUE, false);
    assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
    assertEquals(0, link.a().dropped(), "no data packet was sent into a full ring");
    assertEquals(0, link.b().dropped(), "no ACK was sent into a full ring");
    assertEquals(0, p.c.info().retransmissions(), "nothing was lost, so nothing is resent");
    assertEquals(SEGMENT, p.c.info().sendMss(), "MSS 1460 less 12 bytes of timestamps");
    return p;
  }

  @Test
  void loopbackBulkTransfer_sendsManySegmentsPerPacket() throws IOException {
    byte[] data = data(1 << 20, 1);
    try (Pair p = bulk(InMemoryLinkPair.loopback(256, 1500), data)) {
      List<Packet> packets = p.clientData();
      int multi = 0;
      int largest = 0;
      for (Packet d : packets) {
        multi += d.payload() > SEGMENT ? 1 : 0;
        largest = Math.max(largest, d.payload());
      }
      assertTrue(multi > 0, "some packets carry more than one segment; largest " + largest);
      assertTrue(
          packets.size() < data.length / SEGMENT,
          "fewer packets (" + packets.size() + ") than segments of data");
      p.assertNoPacketTooLarge();
      p.assertWholeSegments(SEGMENT, true);

      // The first flight: what the client sent before any ACK of data reached it.
      int iss = p.iss();
      long firstFlight = 0;
      int firstFlightMulti = 0;
      for (Packet q : p.trace) {
        if (!q.out() && q.end().equals("client") && q.has(TcpFlags.ACK) && q.ack() - iss - 1 > 0) {
          break;
        }
        if (q.out() && q.end().equals("client") && q.payload() > 0) {
          firstFlight += q.payload();
          firstFlightMulti += q.payload() > SEGMENT ? 1 : 0;
        }
      }
      assertTrue(
          firstFlight <= (long) INITIAL_WINDOW * SEGMENT,
          "the first flight (" + firstFlight + " bytes) exceeds the initial window");
      assertTrue(firstFlight > 0, "the client sent data before the first ACK");
      assertTrue(firstFlightMulti > 0, "the first flight went in packets of several segments");

      assertTrue(
          p.c.info().segmentsOut() >= data.length / SEGMENT,
          "segmentsOut ("
              + p.c.info().segmentsOut()
              + ") counts segments, at least bytes / MSS = "
              + data.length / SEGMENT);
      p.assertSegmentsCounted();
    }
  }

  @Test
  void withoutOffload_everyPacketFitsTheMtu() throws IOException {
    byte[] data = data(1 << 20, 2);
    try (Pair p = bulk(new InMemoryLinkPair(256, 1500), data)) {
      for (Packet q : p.trace) {
        assertTrue(q.totalLength() <= 1500, () -> "a packet larger than the MTU: " + q);
        assertTrue(q.payload() <= SEGMENT, () -> "a packet of more than one segment: " + q);
      }
      assertTrue(
          p.clientData().size() >= data.length / SEGMENT,
          "one packet per segment of data at least");
      p.assertWholeSegments(SEGMENT, true);
      p.assertSegmentsCounted();
    }
  }

  @Test
  void packetsCarryAtMostHalfThePeersLargestWindow() throws IOException {
    // 16 KiB: an unscaled window; 96 KiB: one the server scales (shift > 0).
    for (int buffer : new int[] {16_384, 98_304}) {
      byte[] data = data(1 << 20, buffer);
      SocketOptions server = SocketOptions.DEFAULTS.withBuffers(buffer, 0);
      try (Pair p =
          new Pair(InMemoryLinkPair.loopback(256, 1500), SocketOptions.DEFAULTS, server)) {
        p.transfer(data, BIG_WRITES, 1, Integer.MAX_VALUE, false);
        assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
        if (buffer > 65_535) {
          assertTrue(p.serverShift() > 0, "the server scales its window");
        }
        long largestWindow = 0;
        for (Packet q : p.trace) {
          if (q.out() && q.end().equals("server")) {
            largestWindow = Math.max(largestWindow, p.windowBytes(q));
          }
        }
        p.assertHalfTheLargestWindow(SEGMENT);
        // The bound is what limits the largest packets: they carry as many whole segments as half
        // the window holds (cwnd and the window itself would allow more), and no more.
        long bound = largestWindow / 2 - largestWindow / 2 % SEGMENT;
        int largest = 0;
        for (Packet q : p.clientData()) {
          largest = Math.max(largest, q.payload());
        }
        assertTrue(bound > SEGMENT, "half the window (" + largestWindow + ") holds two segments");
        assertEquals(
            bound,
            largest,
            "the largest packet fills half the largest window (" + largestWindow + ")");
        p.assertNoPacketTooLarge();
        p.assertWholeSegments(SEGMENT, false);
        assertEquals(0, p.c.info().retransmissions(), "nothing was lost, so nothing is resent");
      }
    }
  }

  /**
   * 100 bytes go first, then 3·MSS + 100 while those are unacknowledged: the three whole segments
   * go in one packet, and with Nagle the 100-byte tail waits for the ACK of the first short segment
   * (Minshall); with TCP_NODELAY it rides in the same packet.
   */
  private static void tailBehindAShortSegment(boolean noDelay) throws IOException {
    SocketOptions options = SocketOptions.DEFAULTS.toBuilder().noDelay(noDelay).build();
    int second = 3 * SEGMENT + 100;
    byte[] data = data(100 + second, 4);
    try (Pair p = new Pair(InMemoryLinkPair.loopback(256, 1500), options, SocketOptions.DEFAULTS)) {
      p.client.poll(p.now);
      assertEquals(100, p.write(data, 0, 100), "the first write fits");
      p.client.poll(p.now);
      List<Packet> sent = p.clientData();
      assertEquals(1, sent.size(), "the 100 bytes go at once: " + sent);
      assertEquals(100, sent.get(0).payload());

      assertEquals(second, p.write(data, 100, second), "the second write fits");
      p.now += STEP;
      p.client.poll(p.now); // the server is not polled: nothing is acknowledged yet
      sent = p.clientData();
      assertEquals(2, sent.size(), "one more packet before any ACK: " + sent);
      Packet big = sent.get(1);
      assertEquals(100, p.offset(big));
      if (noDelay) {
        assertEquals(second, big.payload(), "with TCP_NODELAY the tail rides along");
      } else {
        assertEquals(3 * SEGMENT, big.payload(), "with Nagle the tail waits for the ACK");
      }

      for (int i = 0; i < 100_000 && p.got.size() < data.length; i++) {
        p.poll();
        p.read(Integer.MAX_VALUE);
      }
      assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
      List<Packet> all = p.clientData();
      assertEquals(noDelay ? 2 : 3, all.size(), "data packets: " + all);
      if (!noDelay) {
        Packet tail = all.get(2);
        assertEquals(100 + 3 * SEGMENT, p.offset(tail), "the tail follows the whole segments");
        assertEquals(100, tail.payload());
        int iss = p.iss();
        boolean acked = false;
        for (Packet q : p.trace) {
          if (q == tail) {
            break;
          }
          if (!q.out() && q.end().equals("client") && q.ack() - (iss + 1 + 100) >= 0) {
            acked = true;
          }
        }
        assertTrue(acked, "the tail went only after the first 100 bytes were acknowledged");
      }
    }
  }

  @Test
  void nagle_holdsTheShortTailBackUntilTheAck() throws IOException {
    tailBehindAShortSegment(false);
  }

  @Test
  void noDelay_letsTheShortTailRideAlong() throws IOException {
    tailBehindAShortSegment(true);
  }

  /**
   * A data packet of several segments is lost (the third one): the transfer still completes, and
   * every retransmission is one segment at most, as Linux resends from its retransmit queue one MSS
   * at a time.
   */
  @Test
  void lostLargePacket_isResentInSegmentsOfOneMss() throws IOException {
    byte[] data = data(512 * 1024, 5);
    int[] large = {0};
    Predicate<Packet> thirdLarge = q -> q.payload() > SEGMENT && ++large[0] == 3;
    try (Pair p =
        new Pair(
            InMemoryLinkPair.loopback(256, 1500),
            SocketOptions.DEFAULTS,
            SocketOptions.DEFAULTS,
            thirdLarge,
            null,
            -1)) {
      p.transfer(data, BIG_WRITES, 1, Integer.MAX_VALUE, false);
      assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
      List<Packet> lost = new ArrayList<>();
      for (Packet q : p.trace) {
        if (q.lost()) {
          lost.add(q);
        }
      }
      assertEquals(1, lost.size(), "one packet was lost: " + lost);
      assertTrue(lost.get(0).payload() > SEGMENT, "the lost packet was a large one");
      List<Packet> resent = p.retransmissions();
      assertTrue(!resent.isEmpty(), "the lost data was resent");
      assertTrue(p.c.info().retransmissions() > 0, "the client counts its retransmissions");
      for (Packet q : resent) {
        assertTrue(q.payload() <= SEGMENT, () -> "a retransmission of more than one MSS: " + q);
      }
      p.assertNoPacketTooLarge();
      p.assertSegmentsCounted();
    }
  }

  /**
   * With a congestion control that paces, a packet carries about 1 ms at the pacing rate (bytes per
   * 1.024 ms, Linux's tcp_tso_autosize), but at least two segments.
   */
  @Test
  void pacing_boundsPacketsToAboutAMillisecondAtTheRate() throws IOException {
    for (long rate : new long[] {1_000_000, 20_000_000}) {
      byte[] data = data(256 * 1024, rate);
      List<PacedWindow> created = new ArrayList<>();
      try (Pair p =
          new Pair(
              InMemoryLinkPair.loopback(256, 1500),
              SocketOptions.DEFAULTS,
              SocketOptions.DEFAULTS,
              q -> false,
              PacedWindow.factory(40, rate, created),
              -1)) {
        p.transfer(data, BIG_WRITES, 1, Integer.MAX_VALUE, false);
        assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
        long goal = pacingGoal(rate, SEGMENT);
        int largest = 0;
        for (Packet q : p.clientData()) {
          largest = Math.max(largest, q.payload());
        }
        assertTrue(largest > SEGMENT, "several segments per packet at " + rate + " B/s");
        assertTrue(
            largest <= goal,
            "at " + rate + " B/s no packet exceeds " + goal + " bytes; largest " + largest);
      }
    }
  }

  /**
   * A link that declares a smaller segmentation-offload limit than the pair carries gets packets up
   * to that limit, headers included (5,812 is 20 bytes more than four segments' data, so four
   * segments and their headers would not fit); one that declares more than 65,535 bytes, packets of
   * at most 65,535; one that declares less than its MTU, packets that fit the MTU. The client
   * writes 1 MiB at once into a send buffer that takes it, so that the link is what limits.
   */
  @Test
  void declaredLimit_boundsThePacketSize() throws IOException {
    for (int declared : new int[] {9_000, 5_812, 3_000, 1_000_000, 1_000}) {
      byte[] data = data(1 << 20, declared);
      try (Pair p =
          new Pair(
              InMemoryLinkPair.loopback(256, 1500),
              SocketOptions.DEFAULTS.withBuffers(0, 4 << 20),
              SocketOptions.DEFAULTS,
              q -> false,
              null,
              declared)) {
        p.transfer(data, new int[] {1 << 20}, 1, Integer.MAX_VALUE, false);
        assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
        int limit = packetLimit(declared, 1500);
        int largest = 0;
        for (Packet q : p.trace) {
          largest = Math.max(largest, q.totalLength());
        }
        assertTrue(
            largest <= limit,
            "declaring " + declared + ", no packet exceeds " + limit + "; largest " + largest);
        if (declared > 1500) {
          assertTrue(largest > 1500, "declaring " + declared + ", packets beyond the MTU go");
        }
        p.assertWholeSegments(SEGMENT, true);
      }
    }
  }

  /**
   * The largest packet a link of this MTU that declares {@code declared} bytes of offload takes.
   */
  private static int packetLimit(int declared, int mtu) {
    int whole = Math.min(declared, LARGEST_PACKET);
    return whole > mtu ? whole : mtu;
  }

  /**
   * The most data a packet carries at a pacing rate: the bytes of 1.024 ms at the rate, at least
   * two segments, in whole segments (Linux's tcp_tso_autosize).
   */
  private static long pacingGoal(long rate, int segment) {
    long goal = Math.max(rate >> 10, 2L * segment);
    return goal - goal % segment;
  }

  // ---- The property

  /**
   * A transfer: its size, the application's write sizes (in turn), the server's receive buffer (0:
   * the default), TCP_NODELAY, how many rounds apart the server reads and how much at a time,
   * whether a FIN follows the data, the frames the link holds in flight each way, its MTU and the
   * segmentation offload its ends declare (-1: the 65,535 bytes of a loopback pair), and the
   * client's pacing rate in bytes per second (0: Reno, which does not pace; else a fixed window of
   * {@code window} segments paced at that rate).
   */
  record Scenario(
      int size,
      List<Integer> writes,
      int receiveBuffer,
      boolean noDelay,
      int readEvery,
      int readLimit,
      boolean shutdown,
      int capacity,
      int mtu,
      int declaredOffload,
      long paceRate,
      int window,
      long seed) {}

  private static final Gen<Integer> WRITE =
      Gens.frequency(
          Gens.weighted(2, Gens.ints(1, 2_000)),
          Gens.weighted(3, Gens.ints(1, 70_000)),
          Gens.weighted(1, Gens.oneOf(SEGMENT, 2 * SEGMENT, 10 * SEGMENT, 65_536)));

  private static final Gen<Scenario> SCENARIO =
      src -> {
        int size = src.bool(0.2) ? src.intIn(1, 10_000) : src.intIn(1, 400_000);
        List<Integer> writes = Gens.lists(WRITE, 1, 6).generate(src);
        int receiveBuffer =
            src.bool(0.3) ? 0 : Gens.oneOf(2_048, 4_096, 8_192, 16_384, 65_536).generate(src);
        if (receiveBuffer > 0 && src.bool(0.3)) {
          receiveBuffer = src.intIn(2_048, 200_000);
        }
        boolean noDelay = src.bool();
        int readEvery = src.bool(0.5) ? 1 : src.intIn(1, 20);
        int readLimit = src.bool(0.6) ? Integer.MAX_VALUE : src.intIn(1, 20_000);
        boolean shutdown = src.bool();
        int capacity = src.bool(0.7) ? 256 : Gens.oneOf(1, 2, 4, 16).generate(src);
        int mtu = src.bool(0.5) ? 1500 : Gens.oneOf(576, 4_000, 9_000, 16_384).generate(src);
        int declared =
            src.bool(0.7) ? -1 : Gens.oneOf(9_000, 5_812, 3_000, 1_000_000).generate(src);
        long paceRate = src.bool(0.7) ? 0 : src.longIn(2_000_000, 200_000_000);
        int window = src.intIn(4, 60);
        return new Scenario(
            size,
            writes,
            receiveBuffer,
            noDelay,
            readEvery,
            readLimit,
            shutdown,
            capacity,
            mtu,
            declared,
            paceRate,
            window,
            src.longIn(0, Long.MAX_VALUE));
      };

  private static void holds(Scenario sc) throws IOException {
    byte[] data = data(sc.size(), sc.seed());
    SocketOptions client = SocketOptions.DEFAULTS.toBuilder().noDelay(sc.noDelay()).build();
    SocketOptions server = SocketOptions.DEFAULTS.withBuffers(sc.receiveBuffer(), 0);
    int[] writes = sc.writes().stream().mapToInt(Integer::intValue).toArray();
    @Nullable CongestionControlFactory paced =
        sc.paceRate() == 0
            ? null
            : PacedWindow.factory(sc.window(), sc.paceRate(), new ArrayList<>());
    try (Pair p =
        new Pair(
            InMemoryLinkPair.loopback(sc.capacity(), sc.mtu()),
            client,
            server,
            q -> false,
            paced,
            sc.declaredOffload())) {
      p.transfer(data, writes, sc.readEvery(), sc.readLimit(), sc.shutdown());
      assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
      assertEquals(sc.shutdown(), p.eof, "end-of-stream exactly after a shutdown");
      assertEquals(0, p.link.a().dropped(), "no data packet was sent into a full ring");
      assertEquals(0, p.link.b().dropped(), "no ACK was sent into a full ring");
      assertEquals(0, p.clientEnd.ringDrops() + p.serverEnd.ringDrops(), "no ring drops");
      assertEquals(0, p.c.info().retransmissions(), "nothing was lost, so nothing is resent");
      assertTrue(p.retransmissions().isEmpty(), () -> "resent data: " + p.retransmissions());
      int segment = p.c.info().sendMss();
      int limit =
          packetLimit(sc.declaredOffload() < 0 ? LARGEST_PACKET : sc.declaredOffload(), sc.mtu());
      for (Packet q : p.trace) {
        assertTrue(q.totalLength() <= limit, () -> "a packet larger than " + limit + ": " + q);
      }
      p.assertWholeSegments(segment, false);
      p.assertHalfTheLargestWindow(segment);
      if (sc.paceRate() > 0) {
        long goal = pacingGoal(sc.paceRate(), segment);
        for (Packet q : p.newData()) {
          assertTrue(
              q.payload() <= Math.max(goal, segment),
              () -> "a packet of more than 1 ms at the pacing rate (" + goal + "): " + q);
        }
      }
      p.assertSegmentsCounted();
    }
  }

  /**
   * Random transfers over a loopback pair. Whatever the sizes, buffers, reading pace, Nagle, MTU,
   * declared offload and pacing: the stream arrives intact (with end-of-stream after a shutdown);
   * nothing is dropped or resent; no packet exceeds the link's limit; a packet of more than one
   * segment carries whole segments unless it ends at the end of what was queued, at most half the
   * largest window the server announced and, when paced, about 1 ms at the rate; {@code
   * segmentsOut} counts segments. (A packet of less than one segment may also be what a small
   * window lets go, RFC 9293 §3.8.6.2.1, as without offload.) 1000 scenarios take a few seconds;
   * -Djtcp.tries=N runs more.
   */
  @Test
  void randomTransfers_arriveIntactInWholeSegments() {
    Property.forAll(SCENARIO)
        .tries(Integer.getInteger(Property.TRIES_PROPERTY, 1000))
        .check(SegmentationOffloadTest::holds);
  }

  /** Which client data packets and which server packets a lossy run loses, by their order. */
  record Lossy(Scenario transfer, List<Boolean> dataLost, List<Boolean> acksLost) {}

  private static final Gen<Lossy> LOSSY =
      src ->
          new Lossy(
              SCENARIO.generate(src),
              Gens.lists(
                      Gens.frequency(
                          Gens.weighted(8, Gens.constant(false)),
                          Gens.weighted(2, Gens.constant(true))),
                      0,
                      60)
                  .generate(src),
              Gens.lists(
                      Gens.frequency(
                          Gens.weighted(9, Gens.constant(false)),
                          Gens.weighted(1, Gens.constant(true))),
                      0,
                      60)
                  .generate(src));

  private static void holdsThroughLoss(Lossy l) throws IOException {
    Scenario sc = l.transfer();
    byte[] data = data(sc.size(), sc.seed());
    SocketOptions client = SocketOptions.DEFAULTS.toBuilder().noDelay(sc.noDelay()).build();
    SocketOptions server = SocketOptions.DEFAULTS.withBuffers(sc.receiveBuffer(), 0);
    int[] writes = sc.writes().stream().mapToInt(Integer::intValue).toArray();
    int[] dataIndex = {0};
    Predicate<Packet> lose =
        q ->
            q.payload() > 0
                && dataIndex[0] < l.dataLost().size()
                && l.dataLost().get(dataIndex[0]++);
    try (Pair p =
        new Pair(
            InMemoryLinkPair.loopback(sc.capacity(), sc.mtu()),
            client,
            server,
            lose,
            null,
            sc.declaredOffload())) {
      int[] ackIndex = {0};
      p.serverEnd.lose(q -> ackIndex[0] < l.acksLost().size() && l.acksLost().get(ackIndex[0]++));
      p.transfer(data, writes, sc.readEvery(), sc.readLimit(), sc.shutdown());
      assertArrayEquals(data, p.got.toByteArray(), "the stream arrives whole and in order");
      int segment = p.c.info().sendMss();
      for (Packet q : p.retransmissions()) {
        assertTrue(q.payload() <= segment, () -> "a retransmission of more than one MSS: " + q);
      }
      p.assertNoPacketTooLarge();
      p.assertWholeSegments(segment, false);
      p.assertSegmentsCounted();
    }
  }

  /**
   * Random transfers as above (Reno; the pacing knobs are not used) that lose chosen client data
   * packets, large ones among them, and chosen server packets (ACKs): the stream still arrives
   * intact; every retransmission carries one MSS at most, whatever size the packet it repairs had;
   * new data still goes in whole segments (but for the queue's tail) and no packet exceeds 65,535
   * bytes; {@code segmentsOut} counts segments, lost and resent packets included.
   */
  @Test
  void lossyTransfers_resendSingleSegments() {
    Property.forAll(LOSSY)
        .tries(Integer.getInteger(Property.TRIES_PROPERTY, 500))
        .check(SegmentationOffloadTest::holdsThroughLoss);
  }
}
