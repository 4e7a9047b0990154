package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.TcpFlags;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The marks of one direction of a connection: which sequence space it has sent, its last ACK and
 * window. Numbers are relative ({@link SequenceSpace}).
 */
final class FlowAnalysis {
  /** Start to end of the sequence ranges sent so far, merged. */
  private final TreeMap<Long, Long> sent = new TreeMap<>();

  private final long reorderWindowNanos;
  private boolean haveNext;
  private long next;
  private long nextAt;
  private boolean haveAck;
  private long lastAck;
  private int lastWindow;
  private int dupAcks;

  /**
   * @param reorderWindowNanos how soon after the segment that sent the highest sequence number a
   *     segment filling a hole below it counts as reordered rather than retransmitted
   */
  FlowAnalysis(long reorderWindowNanos) {
    this.reorderWindowNanos = reorderWindowNanos;
  }

  /** The marks of {@code s}, sent in this direction, and the duplicate-ACK count (0 if none). */
  record Result(Set<Mark> marks, int dupAck) {}

  /**
   * Classifies a segment this direction sent and remembers it.
   *
   * @param seq its relative sequence number
   * @param ack its relative acknowledgment number (in the peer's space)
   * @param peer the opposite direction, for outstanding data and its last window
   */
  Result add(CapturedSegment s, long seq, long ack, FlowAnalysis peer) {
    EnumSet<Mark> marks = EnumSet.noneOf(Mark.class);
    if (s.has(TcpFlags.RST)) {
      marks.add(Mark.RST);
      return new Result(marks, 0);
    }
    long length = s.sequenceLength();
    boolean control = s.has(TcpFlags.SYN) || s.has(TcpFlags.FIN);
    boolean peerWindowZero = peer.haveAck && peer.lastWindow == 0;
    int dup = 0;
    if (haveNext && !control && s.payloadLength() <= 1 && seq == next - 1) {
      // RFC 9293 §3.8.4's keep-alive, "SEG.SEQ = SND.NXT-1"; Linux probes a zero window the same
      // way.
      marks.add(peerWindowZero ? Mark.ZERO_WINDOW_PROBE : Mark.KEEP_ALIVE);
    } else if (length > 0) {
      long end = seq + length;
      if (haveNext) {
        if (peerWindowZero && s.payloadLength() == 1 && seq == next) {
          marks.add(Mark.ZERO_WINDOW_PROBE);
        } else if (covered(seq, end)) {
          marks.add(Mark.RETRANSMISSION);
        } else if (seq < next) {
          // Bytes never seen below the highest ones: either the network reordered them, or the
          // capture missed the original and this is its retransmission. Only timing tells, as
          // in Wireshark: a hole filled within about one round trip was reordering.
          boolean soon = s.timestampNanos() - nextAt < reorderWindowNanos;
          marks.add(soon && !overlaps(seq, end) ? Mark.OUT_OF_ORDER : Mark.RETRANSMISSION);
        } else if (seq > next) {
          marks.add(Mark.PREVIOUS_NOT_CAPTURED);
        }
      }
      remember(seq, end, s.timestampNanos());
    } else {
      if (!haveNext) {
        haveNext = true;
        next = seq;
        nextAt = s.timestampNanos();
      }
      if (s.has(TcpFlags.ACK) && haveAck && ack == lastAck) {
        if (s.window() == lastWindow && peer.haveNext && peer.next > ack) {
          dup = ++dupAcks;
          marks.add(Mark.DUP_ACK);
        } else if (s.window() != lastWindow) {
          marks.add(Mark.WINDOW_UPDATE);
        }
      }
    }
    if (s.window() == 0 && !control) {
      marks.add(Mark.ZERO_WINDOW);
    }
    if (s.has(TcpFlags.ACK)) {
      if (!haveAck || ack != lastAck) {
        dupAcks = 0;
      }
      haveAck = true;
      lastAck = ack;
      lastWindow = s.window();
    }
    return new Result(marks, dup);
  }

  private void remember(long start, long end, long at) {
    if (!haveNext || end > next) {
      next = end;
      nextAt = at;
    }
    haveNext = true;
    Map.Entry<Long, Long> below = sent.floorEntry(start);
    if (below != null && below.getValue() >= start) {
      start = below.getKey();
      end = Math.max(end, below.getValue());
    }
    for (Map.Entry<Long, Long> e = sent.ceilingEntry(start);
        e != null && e.getKey() <= end;
        e = sent.ceilingEntry(start)) {
      end = Math.max(end, e.getValue());
      sent.remove(e.getKey());
    }
    sent.put(start, end);
  }

  private boolean covered(long start, long end) {
    Map.Entry<Long, Long> e = sent.floorEntry(start);
    return e != null && e.getValue() >= end;
  }

  private boolean overlaps(long start, long end) {
    Map.Entry<Long, Long> e = sent.lowerEntry(end);
    return e != null && e.getValue() > start;
  }
}
