package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.SackBlock;
import java.util.List;

/**
 * The TCP options of one captured segment that a ladder shows.
 *
 * @param mss the maximum segment size, or -1 if absent
 * @param windowScale the window-scale shift as sent (RFC 7323 §2.3), or -1 if absent
 * @param sackPermitted whether SACK-permitted was sent (RFC 2018)
 * @param timestamps whether the timestamps option was present (RFC 7323 §3)
 * @param tsValue TSval, meaningful only with {@code timestamps}
 * @param tsEchoReply TSecr, meaningful only with {@code timestamps}
 * @param sackBlocks the SACK blocks, absolute sequence numbers, in the order sent
 * @param otherKinds the kinds of the options not listed above (NOP and EOL left out), in order
 */
public record SegmentOptions(
    int mss,
    int windowScale,
    boolean sackPermitted,
    boolean timestamps,
    int tsValue,
    int tsEchoReply,
    List<SackBlock> sackBlocks,
    List<Integer> otherKinds) {
  /** A segment without options. */
  public static final SegmentOptions NONE =
      new SegmentOptions(-1, -1, false, false, 0, 0, List.of(), List.of());

  public SegmentOptions {
    sackBlocks = List.copyOf(sackBlocks);
    otherKinds = List.copyOf(otherKinds);
  }
}
