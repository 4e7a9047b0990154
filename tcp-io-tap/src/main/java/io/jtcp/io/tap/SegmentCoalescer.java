package io.jtcp.io.tap;

import io.jtcp.core.wire.Checksum;
import io.jtcp.core.wire.Ipv4Tcp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Joins the consecutive TCP segments of one burst into a super-frame the kernel cuts up again:
 * segmentation offload (TSO/GSO) done in the driver, so that the engine keeps sending ordinary
 * MSS-sized segments and the TAP device sees one {@code write(2)} per burst of up to 64 KB instead
 * of one per segment. Through a TAP device every write runs the kernel's receive path in the
 * writer's thread; at MSS-sized frames that per-frame cost, not TCP, bounded jtcp's rate (see
 * BENCHMARKS.md).
 *
 * <p>A segment joins the one before it only when the kernel's segmentation would give it back
 * unchanged (tcp_gso_segment() copies the first header onto every piece, advancing the sequence
 * number): same Ethernet and IP header but for length, ID and checksum; same ports, ACK, window,
 * urgent pointer and options byte for byte (so also the same timestamps); flags ACK or ACK and PSH;
 * its sequence number the next one; every piece but the last exactly as long as the first. Anything
 * else (a SYN, a FIN, an RST, an ACK without data, ARP, ICMP) first sends what is held, then goes
 * alone, so the order of frames never changes.
 *
 * <p>The buffer holds a {@link VirtioNetHeader}, the super-frame being built, and room for one more
 * frame behind it: the engine writes its next segment there in place, and joining it moves only its
 * payload back over its own headers. Nothing is allocated per frame.
 */
final class SegmentCoalescer {

  /** Sends {@code length} bytes of the buffer, the virtio header first, as {@code segments}. */
  interface Output {
    boolean write(MemorySegment buffer, int length, int segments);
  }

  private static final ValueLayout.OfShort NET16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt NET32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private static final int HDR = VirtioNetHeader.LENGTH;
  private static final int IP_HEADER = 20;
  private static final int PROTO_TCP = 6;
  private static final int ACK = 0x10;
  private static final int PSH = 0x08;

  /** The largest IPv4 packet: the total length field is 16 bits. */
  static final int MAX_IP_PACKET = 65_535;

  private final int linkHeader;
  private final Output output;
  private final MemorySegment buffer;

  /** Bytes of the super-frame after the virtio header, 0 when nothing is held. */
  private int held;

  private int segments;
  private int headerLength;
  private int gsoSize;
  private int lastPayload;
  private int nextSeq;

  /**
   * @param linkHeader bytes before the IP header: 14 on TAP, 0 on TUN
   * @param maxFrame the largest frame the engine writes (MTU plus link header)
   */
  SegmentCoalescer(int linkHeader, int maxFrame, Arena arena, Output output) {
    this.linkHeader = linkHeader;
    this.output = output;
    this.buffer = arena.allocate((long) HDR + linkHeader + MAX_IP_PACKET + maxFrame, 64);
  }

  /**
   * Where the engine should write its next frame of {@code length} bytes. Sends what is held first
   * when joining that frame could make an IP packet longer than {@value #MAX_IP_PACKET} bytes.
   */
  long reserve(int length) {
    if (held > 0 && held - linkHeader + length - linkHeader - IP_HEADER > MAX_IP_PACKET) {
      flush();
    }
    return HDR + held;
  }

  MemorySegment buffer() {
    return buffer;
  }

  /**
   * Takes the frame of {@code length} bytes just written at {@link #reserve}'s offset: joins it to
   * the super-frame, holds it as the start of a new one, or sends it alone.
   *
   * @return false only if a frame sent alone was refused by the output; held frames are accounted
   *     for when they are sent
   */
  boolean add(int length) {
    long at = HDR + held;
    int payload = tcpPayload(at, length);
    if (held > 0 && payload > 0 && joins(at, payload)) {
      int headers = length - payload;
      boolean push = (tcpFlags(at) & PSH) != 0;
      // Over the frame's own headers: read nothing from them after this.
      MemorySegment.copy(buffer, at + headers, buffer, HDR + held, payload);
      held += payload;
      segments++;
      nextSeq += payload;
      lastPayload = payload;
      if (push) {
        // tcp_gso_segment() gives the super-frame's PSH to its last piece only, so a PSH on a
        // piece that more data then joins moves to the end: RFC 9293 §3.9.1.1 lets a sender
        // collapse the PSHs of successive SENDs, and the data it marked still arrives at once.
        long flags = HDR + linkHeader + IP_HEADER + 13;
        buffer.set(
            ValueLayout.JAVA_BYTE, flags, (byte) (buffer.get(ValueLayout.JAVA_BYTE, flags) | PSH));
      }
      return true;
    }
    if (held > 0) {
      flush();
      MemorySegment.copy(buffer, at, buffer, HDR, length);
      at = HDR;
    }
    if (payload <= 0) {
      return sendAlone(length);
    }
    held = length;
    segments = 1;
    headerLength = length - payload;
    gsoSize = payload;
    lastPayload = payload;
    nextSeq = seq(at) + payload;
    return true;
  }

  /** Sends what is held, if anything. */
  void flush() {
    if (held == 0) {
      return;
    }
    int length = held;
    int count = segments;
    held = 0;
    segments = 0;
    if (count == 1) {
      sendAlone(length);
      return;
    }
    long ip = HDR + linkHeader;
    int total = length - linkHeader;
    buffer.set(NET16, ip + 2, (short) total);
    buffer.set(NET16, ip + 10, (short) 0);
    buffer.set(NET16, ip + 10, (short) Checksum.of(buffer, ip, IP_HEADER));
    partialChecksum(ip, IP_HEADER, total);
    VirtioNetHeader.writeTcpGso(buffer, 0, headerLength, gsoSize, linkHeader + IP_HEADER);
    output.write(buffer, HDR + length, count);
  }

  /**
   * Sends the frame at the start of the buffer as it is, a TCP one with its checksum left to the
   * kernel (the engine computes none on a link with checksum offload), anything else whole.
   */
  private boolean sendAlone(int length) {
    long ip = HDR + linkHeader;
    int ihl = tcpHeaderOffset(HDR, length);
    if (ihl < 0) {
      VirtioNetHeader.writePlain(buffer, 0);
    } else {
      partialChecksum(ip, ihl, buffer.get(NET16, ip + 2) & 0xFFFF);
      VirtioNetHeader.writeCsumPartial(buffer, 0, linkHeader + ihl);
    }
    return output.write(buffer, HDR + length, 1);
  }

  /**
   * CHECKSUM_PARTIAL: the TCP checksum field holds the pseudo-header sum, not complemented, and the
   * kernel sums from csum_start onwards when it needs a checksum at all (__tcp_v4_send_check() does
   * the same for its own packets; delivered locally, such a packet is never checked).
   */
  private void partialChecksum(long ip, int ihl, int total) {
    int pseudo =
        ~Checksum.fold(
                Checksum.pseudoHeader(
                    buffer.get(NET32, ip + 12), buffer.get(NET32, ip + 16), PROTO_TCP, total - ihl))
            & 0xFFFF;
    buffer.set(NET16, ip + ihl + VirtioNetHeader.TCP_CHECKSUM_OFFSET, (short) pseudo);
  }

  /**
   * The IPv4 header length of the frame at {@code at} if it carries a whole TCP segment (IPv4, not
   * a fragment, protocol 6, lengths consistent), else -1.
   */
  private int tcpHeaderOffset(long at, int length) {
    int ihl = Ipv4Tcp.headerLength(buffer, at, length, linkHeader);
    // The whole frame, and nothing after the IP packet: the kernel cuts by the IP total length.
    return ihl >= 0 && (buffer.get(NET16, at + linkHeader + 2) & 0xFFFF) == length - linkHeader
        ? ihl
        : -1;
  }

  /** Frames held, not yet sent. */
  int heldSegments() {
    return segments;
  }

  /** Forgets what is held, as a closing device drops its queue. */
  int discard() {
    int n = segments;
    held = 0;
    segments = 0;
    return n;
  }

  /**
   * The TCP payload length of the frame at {@code at} if it is a candidate at all (IPv4 without
   * options or fragmentation, TCP with ACK and at most PSH besides: not ECE or CWR, which RFC 3168
   * ties to particular segments), else 0.
   */
  private int tcpPayload(long at, int length) {
    if (tcpHeaderOffset(at, length) != IP_HEADER) {
      return 0;
    }
    long ip = at + linkHeader;
    int tcpHeader = (buffer.get(ValueLayout.JAVA_BYTE, ip + IP_HEADER + 12) >>> 4 & 0xF) * 4;
    int flags = tcpFlags(at);
    if (tcpHeader < 20 || (flags & ~PSH) != ACK) {
      return 0;
    }
    int payload = length - linkHeader - IP_HEADER - tcpHeader;
    return Math.max(payload, 0);
  }

  private boolean joins(long at, int payload) {
    if (lastPayload != gsoSize || payload > gsoSize || seq(at) != nextSeq) {
      return false;
    }
    long first = HDR;
    long ip = linkHeader + 0L;
    long tcp = ip + IP_HEADER;
    int tcpHeader = headerLength - linkHeader - IP_HEADER;
    return same(first, at, 0, linkHeader)
        && same(first, at, ip, 2) // version, IHL, TOS
        && same(first, at, ip + 6, 4) // flags and fragment offset, TTL, protocol
        && same(first, at, ip + 12, 8) // addresses
        && same(first, at, tcp, 4) // ports
        && same(first, at, tcp + 8, 5) // ACK, data offset
        && same(first, at, tcp + 14, 2) // window
        && same(first, at, tcp + 18, tcpHeader - 18); // urgent pointer, options
  }

  private boolean same(long a, long b, long from, long n) {
    return n == 0
        || MemorySegment.mismatch(buffer, a + from, a + from + n, buffer, b + from, b + from + n)
            < 0;
  }

  private int tcpFlags(long frame) {
    return buffer.get(ValueLayout.JAVA_BYTE, frame + linkHeader + IP_HEADER + 13) & 0xFF;
  }

  private int seq(long frame) {
    return buffer.get(NET32, frame + linkHeader + IP_HEADER + 4);
  }
}
