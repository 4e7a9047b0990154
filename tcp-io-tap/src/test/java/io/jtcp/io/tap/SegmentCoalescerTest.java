package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.Checksum;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver's segmentation offload gives the kernel exactly the segments the engine wrote: cutting
 * every super-frame the coalescer sends as the kernel's tcp_gso_segment() does yields the engine's
 * frames, in order, byte for byte but for the IP ID and checksums and a PSH moved to the end of a
 * super-frame; every checksum the kernel completes or checks is right; no IP packet exceeds 64 KB.
 */
class SegmentCoalescerTest {
  private static final ValueLayout.OfShort NET16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt NET32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final int MSS = 1448;
  private static final int ACK = 0x10;
  private static final int PSH = 0x08;
  private static final int FIN = 0x01;

  /** What the engine sends next, or a flush (the end of a burst). */
  enum Kind {
    DATA,
    SHORT_DATA,
    PURE_ACK,
    FIN,
    ARP,
    GAP,
    FLUSH
  }

  record Step(Kind kind, int flow, boolean push, boolean tick, int shortLength) {}

  private static final Gen<Step> STEP =
      src -> {
        Kind kind =
            Gens.frequency(
                    Gens.weighted(12, Gens.constant(Kind.DATA)),
                    Gens.weighted(2, Gens.constant(Kind.SHORT_DATA)),
                    Gens.weighted(1, Gens.constant(Kind.PURE_ACK)),
                    Gens.weighted(1, Gens.constant(Kind.FIN)),
                    Gens.weighted(1, Gens.constant(Kind.ARP)),
                    Gens.weighted(1, Gens.constant(Kind.GAP)),
                    Gens.weighted(2, Gens.constant(Kind.FLUSH)))
                .generate(src);
        int flow =
            Gens.frequency(Gens.weighted(9, Gens.constant(0)), Gens.weighted(1, Gens.constant(1)))
                .generate(src);
        boolean push = Gens.ints(0, 5).generate(src) == 0;
        boolean tick = Gens.ints(0, 9).generate(src) == 0;
        int shortLength = Gens.ints(1, MSS - 1).generate(src);
        return new Step(kind, flow, push, tick, shortLength);
      };

  @Test
  void cuttingWhatItSendsGivesBackTheEngineFramesOnTap() {
    Property.forAll(Gens.lists(STEP, 1, 120))
        .named("segment coalescing on TAP")
        .tries(300)
        .check(steps -> roundTrip(steps, 14));
  }

  @Test
  void cuttingWhatItSendsGivesBackTheEngineFramesOnTun() {
    Property.forAll(Gens.lists(STEP, 1, 120))
        .named("segment coalescing on TUN")
        .tries(300)
        .check(steps -> roundTrip(steps, 0));
  }

  @Test
  void aBurstOfFullSegmentsBecomesOneSuperFrame() {
    List<Written> out = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      SegmentCoalescer c = new SegmentCoalescer(14, 1514, arena, capture(out));
      Engine engine = new Engine(14);
      for (int i = 0; i < 10; i++) {
        byte[] f = engine.data(0, MSS, 0, false);
        send(c, f);
      }
      assertEquals(0, out.size(), "nothing is written before the burst ends");
      c.flush();
    }
    assertEquals(1, out.size());
    Written w = out.getFirst();
    assertEquals(VirtioNetHeader.GSO_TCPV4, w.gsoType);
    assertEquals(MSS, w.gsoSize);
    assertEquals(10, w.segments);
    assertEquals(14 + 20 + 32 + 10 * MSS, w.frame.length);
  }

  @Test
  void aSuperFrameNeverExceedsTheLargestIpPacket() {
    List<Written> out = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      SegmentCoalescer c = new SegmentCoalescer(0, 1500, arena, capture(out));
      Engine engine = new Engine(0);
      for (int i = 0; i < 200; i++) {
        send(c, engine.data(0, MSS, 0, false));
      }
      c.flush();
    }
    int segments = 0;
    for (Written w : out) {
      assertTrue(w.frame.length <= SegmentCoalescer.MAX_IP_PACKET, "length " + w.frame.length);
      segments += w.segments;
    }
    assertEquals(200, segments);
    assertEquals((200 + 44) / 45, out.size(), "45 segments of 1448 bytes fit in 64 KB");
  }

  // ---- the round trip

  private static void roundTrip(List<Step> steps, int linkHeader) {
    List<byte[]> sent = new ArrayList<>();
    List<Written> out = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      SegmentCoalescer c = new SegmentCoalescer(linkHeader, 1500 + linkHeader, arena, capture(out));
      Engine engine = new Engine(linkHeader);
      for (Step s : steps) {
        if (s.tick) {
          engine.tsval[s.flow]++;
        }
        byte[] f =
            switch (s.kind) {
              case DATA -> engine.data(s.flow, MSS, 0, s.push);
              case SHORT_DATA -> engine.data(s.flow, s.shortLength, 0, s.push);
              case PURE_ACK -> engine.data(s.flow, 0, 0, false);
              case FIN -> engine.data(s.flow, 0, FIN, false);
              case GAP -> {
                engine.seq[s.flow] += 1000;
                yield engine.data(s.flow, MSS, 0, s.push);
              }
              case ARP -> linkHeader == 0 ? null : engine.arp();
              case FLUSH -> null;
            };
        if (f == null) {
          c.flush();
          continue;
        }
        sent.add(f);
        assertTrue(send(c, f), "the output never refuses here");
      }
      c.flush();
    }
    List<byte[]> cut = new ArrayList<>();
    for (Written w : out) {
      assertTrue(w.frame.length - linkHeader <= SegmentCoalescer.MAX_IP_PACKET);
      if (w.gsoType == VirtioNetHeader.GSO_NONE) {
        assertEquals(1, w.segments);
        boolean tcp = w.frame.length > linkHeader + 40 && w.frame[linkHeader + 9] == 6;
        if (tcp) {
          // Sent alone, but with its checksum left to the kernel like every TCP frame.
          checkPartialChecksum(w, linkHeader);
        } else {
          assertEquals(0, VirtioNetHeader.flags(MemorySegment.ofArray(w.header), 0), "ARP: plain");
        }
        cut.add(w.frame);
      } else {
        checkSuperFrameChecksums(w, linkHeader);
        cut.addAll(gsoSegment(w, linkHeader));
      }
    }
    assertEquals(sent.size(), cut.size(), "segments in and out");
    for (int i = 0; i < sent.size(); i++) {
      byte[] want = sent.get(i);
      byte[] got = cut.get(i);
      if (Arrays.equals(want, got)) {
        continue;
      }
      assertEquals(want.length, got.length, "frame " + i + " length");
      byte[] a = masked(want, linkHeader);
      byte[] b = masked(got, linkHeader);
      assertArrayEquals(a, b, "frame " + i + " differs beyond IP ID, checksums and PSH");
      // A PSH may only have moved later, never appeared on a segment the engine sent without it
      // unless that segment ends a super-frame that swallowed a PSH.
      int tcpFlags = linkHeader + 20 + 13;
      if ((got[tcpFlags] & PSH) != 0 && (want[tcpFlags] & PSH) == 0) {
        assertTrue(i > 0, "a PSH out of nowhere on frame " + i);
      }
    }
    // Every PSH the engine sent is at or before a PSH the kernel sees, with nothing in between
    // delivered without one: the last PSH stays last.
    int lastSentPush = lastPush(sent, linkHeader);
    int lastCutPush = lastPush(cut, linkHeader);
    assertTrue(
        lastCutPush >= lastSentPush, "a PSH was lost: " + lastSentPush + " > " + lastCutPush);
  }

  private static int lastPush(List<byte[]> frames, int linkHeader) {
    int last = -1;
    for (int i = 0; i < frames.size(); i++) {
      byte[] f = frames.get(i);
      if (f.length > linkHeader + 33
          && f[linkHeader + 9] == 6
          && (f[linkHeader + 20 + 13] & PSH) != 0) {
        last = i;
      }
    }
    return last;
  }

  /** A copy with the IP ID, both checksums and PSH zeroed. */
  private static byte[] masked(byte[] f, int linkHeader) {
    byte[] m = f.clone();
    int ip = linkHeader;
    m[ip + 4] = m[ip + 5] = 0;
    m[ip + 10] = m[ip + 11] = 0;
    m[ip + 20 + 16] = m[ip + 20 + 17] = 0;
    m[ip + 20 + 13] &= (byte) ~PSH;
    return m;
  }

  private static void checkSuperFrameChecksums(Written w, int linkHeader) {
    MemorySegment s = MemorySegment.ofArray(w.frame);
    assertEquals(
        w.frame.length - linkHeader,
        s.get(NET16, linkHeader + 2) & 0xFFFF,
        "IP total length of the super-frame");
    assertEquals(0, Checksum.of(s, linkHeader, 20), "IP header checksum of the super-frame");
    checkPartialChecksum(w, linkHeader);
  }

  /** NEEDS_CSUM from the TCP header on, and completing it gives a valid checksum. */
  private static void checkPartialChecksum(Written w, int linkHeader) {
    MemorySegment s = MemorySegment.ofArray(w.frame);
    assertEquals(
        VirtioNetHeader.F_NEEDS_CSUM, VirtioNetHeader.flags(MemorySegment.ofArray(w.header), 0));
    assertEquals(linkHeader + 20, w.csumStart);
    assertEquals(VirtioNetHeader.TCP_CHECKSUM_OFFSET, w.csumOffset);
    // Completing the partial checksum, as the kernel would, gives a valid one for the whole.
    byte[] withHeader = new byte[VirtioNetHeader.LENGTH + w.frame.length];
    System.arraycopy(w.header, 0, withHeader, 0, VirtioNetHeader.LENGTH);
    System.arraycopy(w.frame, 0, withHeader, VirtioNetHeader.LENGTH, w.frame.length);
    MemorySegment h = MemorySegment.ofArray(withHeader);
    assertTrue(VirtioNetHeader.completeChecksum(h, 0, w.frame.length));
    int tcpLength = w.frame.length - linkHeader - 20;
    long pseudo =
        Checksum.pseudoHeader(
            s.get(NET32, linkHeader + 12), s.get(NET32, linkHeader + 16), 6, tcpLength);
    assertEquals(
        0,
        Checksum.fold(Checksum.add(pseudo, h, VirtioNetHeader.LENGTH + linkHeader + 20, tcpLength)),
        "the completed TCP checksum");
  }

  /** tcp_gso_segment(), for the test: pieces of gso_size with the first header, fixed up. */
  private static List<byte[]> gsoSegment(Written w, int linkHeader) {
    List<byte[]> pieces = new ArrayList<>();
    int headers = w.hdrLen;
    int payload = w.frame.length - headers;
    MemorySegment src = MemorySegment.ofArray(w.frame);
    int seq = src.get(NET32, linkHeader + 24);
    int flags = w.frame[linkHeader + 33];
    int count = 0;
    for (int off = 0; off < payload; off += w.gsoSize) {
      int n = Math.min(w.gsoSize, payload - off);
      byte[] p = new byte[headers + n];
      System.arraycopy(w.frame, 0, p, 0, headers);
      System.arraycopy(w.frame, headers + off, p, headers, n);
      MemorySegment s = MemorySegment.ofArray(p);
      s.set(NET16, linkHeader + 2, (short) (p.length - linkHeader));
      s.set(NET32, linkHeader + 24, seq + off);
      boolean last = off + n == payload;
      p[linkHeader + 33] = (byte) (last ? flags : flags & ~(PSH | FIN));
      pieces.add(p);
      count++;
    }
    assertEquals(w.segments, count, "segments announced and cut");
    return pieces;
  }

  // ---- plumbing

  record Written(
      byte[] header,
      byte[] frame,
      int segments,
      int gsoType,
      int hdrLen,
      int gsoSize,
      int csumStart,
      int csumOffset) {}

  private static SegmentCoalescer.Output capture(List<Written> out) {
    return (buffer, length, segments) -> {
      byte[] all = buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
      MemorySegment h = MemorySegment.ofArray(all);
      ValueLayout.OfShort u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.nativeOrder());
      out.add(
          new Written(
              Arrays.copyOf(all, VirtioNetHeader.LENGTH),
              Arrays.copyOfRange(all, VirtioNetHeader.LENGTH, length),
              segments,
              VirtioNetHeader.gsoType(h, 0),
              h.get(u16, 2) & 0xFFFF,
              h.get(u16, 4) & 0xFFFF,
              VirtioNetHeader.csumStart(h, 0),
              VirtioNetHeader.csumOffset(h, 0)));
      return true;
    };
  }

  private static boolean send(SegmentCoalescer c, byte[] frame) {
    long at = c.reserve(frame.length);
    MemorySegment.copy(frame, 0, c.buffer(), ValueLayout.JAVA_BYTE, at, frame.length);
    return c.add(frame.length);
  }

  /** Builds frames as the engine would: two flows, timestamps, full checksums, rising IP IDs. */
  private static final class Engine {
    final int linkHeader;
    final int[] seq = {1_000_000, -5};
    final int[] tsval = {77, 1_000};
    int id;

    Engine(int linkHeader) {
      this.linkHeader = linkHeader;
    }

    byte[] data(int flow, int payload, int extraFlags, boolean push) {
      int tcpHeader = 32;
      byte[] f = new byte[linkHeader + 20 + tcpHeader + payload];
      MemorySegment s = MemorySegment.ofArray(f);
      if (linkHeader > 0) {
        s.set(NET32, 0, 0x0200_0000);
        s.set(NET16, 4, (short) 0x0001);
        s.set(NET32, 6, 0x0200_0000);
        s.set(NET16, 10, (short) 0x0002);
        s.set(NET16, 12, (short) 0x0800);
      }
      int ip = linkHeader;
      f[ip] = 0x45;
      s.set(NET16, ip + 2, (short) (20 + tcpHeader + payload));
      s.set(NET16, ip + 4, (short) id++);
      s.set(NET16, ip + 6, (short) 0x4000);
      f[ip + 8] = 64;
      f[ip + 9] = 6;
      s.set(NET32, ip + 12, 0xC000_0202);
      s.set(NET32, ip + 16, 0xC000_0201);
      s.set(NET16, ip + 10, (short) Checksum.of(s, ip, 20));
      int tcp = ip + 20;
      s.set(NET16, tcp, (short) (40_000 + flow));
      s.set(NET16, tcp + 2, (short) 9000);
      s.set(NET32, tcp + 4, seq[flow]);
      s.set(NET32, tcp + 8, 0x1234_5678 + flow);
      f[tcp + 12] = (byte) (tcpHeader / 4 << 4);
      f[tcp + 13] = (byte) (ACK | extraFlags | (push ? PSH : 0));
      s.set(NET16, tcp + 14, (short) 501);
      f[tcp + 20] = 1;
      f[tcp + 21] = 1;
      f[tcp + 22] = 8;
      f[tcp + 23] = 10;
      s.set(NET32, tcp + 24, tsval[flow]);
      s.set(NET32, tcp + 28, 4242);
      for (int i = 0; i < payload; i++) {
        f[tcp + tcpHeader + i] = (byte) (seq[flow] + i);
      }
      long pseudo = Checksum.pseudoHeader(0xC000_0202, 0xC000_0201, 6, tcpHeader + payload);
      s.set(
          NET16,
          tcp + 16,
          (short) Checksum.fold(Checksum.add(pseudo, s, tcp, tcpHeader + payload)));
      seq[flow] += payload + ((extraFlags & FIN) != 0 ? 1 : 0);
      return f;
    }

    byte[] arp() {
      byte[] f = new byte[42];
      MemorySegment s = MemorySegment.ofArray(f);
      s.set(NET32, 0, 0xFFFF_FFFF);
      s.set(NET16, 4, (short) 0xFFFF);
      s.set(NET16, 12, (short) 0x0806);
      f[20] = (byte) id++;
      return f;
    }
  }
}
