package io.jtcp.io.pcap.trace;

import io.jtcp.core.fsm.TcpState;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One line of a connection's ladder: a captured segment with its numbers made relative, its window
 * scaled, what each side's state is once it has passed, and its marks.
 *
 * @param segment the segment as captured (absolute numbers, raw window)
 * @param fromLeft whether the left-hand side of the ladder sent it
 * @param seq the sequence number relative to the sender's initial sequence number (the SYN's
 *     number; without a SYN, one below the first number seen), so that data starts at 1
 * @param ack the acknowledgment number relative to the receiver's initial sequence number;
 *     meaningful only when the segment has ACK set
 * @param sack the SACK blocks relative to the receiver's initial sequence number
 * @param window the window in bytes: the field shifted by the sender's scale when both SYNs carried
 *     window scale (RFC 7323 §2.3), otherwise the field as sent
 * @param leftState the left side's state after the segment, or null if nothing seen tells
 * @param rightState the right side's state after the segment, or null if nothing seen tells
 * @param marks what is notable about the segment
 * @param dupAckCount for a {@link Mark#DUP_ACK}, which duplicate it is (1 for the first), else 0
 */
public record TracedSegment(
    CapturedSegment segment,
    boolean fromLeft,
    long seq,
    long ack,
    List<SeqRange> sack,
    long window,
    @Nullable TcpState leftState,
    @Nullable TcpState rightState,
    Set<Mark> marks,
    int dupAckCount) {

  public TracedSegment {
    sack = List.copyOf(sack);
    marks = Set.copyOf(marks);
  }

  /** The sender's state after the segment. */
  public @Nullable TcpState senderState() {
    return fromLeft ? leftState : rightState;
  }

  /** The receiver's state after the segment. */
  public @Nullable TcpState receiverState() {
    return fromLeft ? rightState : leftState;
  }
}
