package io.jtcp.io.pcap.trace;

import io.jtcp.core.fsm.TcpState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One TCP connection of a capture, ready to draw as a ladder.
 *
 * @param number its number in the capture, from 1, in order of first appearance
 * @param left the side drawn on the left: the client when the opening was captured
 * @param right the other side
 * @param opening how much of the opening was captured
 * @param leftInitial the left side's state before the first segment, null if unknown
 * @param rightInitial the right side's state before the first segment, null if unknown
 * @param leftWindowScale the shift the left side's SYN offered, -1 if none was seen
 * @param rightWindowScale the shift the right side's SYN offered, -1 if none was seen
 * @param segments its segments in capture order
 */
public record ConnectionTrace(
    int number,
    Endpoint left,
    Endpoint right,
    Opening opening,
    @Nullable TcpState leftInitial,
    @Nullable TcpState rightInitial,
    int leftWindowScale,
    int rightWindowScale,
    List<TracedSegment> segments) {

  public ConnectionTrace {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a connection has at least one segment");
    }
  }

  /** Whether windows are shown in bytes, scaled: both SYNs carried window scale (RFC 7323). */
  public boolean windowsScaled() {
    return leftWindowScale >= 0 && rightWindowScale >= 0;
  }

  /** When its first segment was captured, nanoseconds since the epoch. */
  public long startNanos() {
    return segments.getFirst().segment().timestampNanos();
  }

  /** When its last segment was captured, nanoseconds since the epoch. */
  public long endNanos() {
    return segments.getLast().segment().timestampNanos();
  }

  /** The left side's state after the last segment. */
  public @Nullable TcpState leftFinal() {
    return segments.getLast().leftState();
  }

  /** The right side's state after the last segment. */
  public @Nullable TcpState rightFinal() {
    return segments.getLast().rightState();
  }
}
