package io.jtcp.io.pcap.trace;

import io.jtcp.core.wire.TcpFlags;

/**
 * One TCP segment as a capture holds it, decoded from its IPv4 packet.
 *
 * @param frame the record's number in the file, from 1, as Wireshark and tcpdump count them
 * @param timestampNanos the capture time, nanoseconds since the Unix epoch
 * @param source who sent it
 * @param destination who it was sent to
 * @param seq the sequence number as sent
 * @param ack the acknowledgment number as sent (meaningful only with ACK set)
 * @param flags the twelve control bits ({@link TcpFlags})
 * @param window the 16-bit window field, unscaled
 * @param payloadLength the data bytes the segment carried on the wire, from the IPv4 total length
 *     (so a capture cut short by its snap length still counts them)
 * @param options the options
 * @param payloadCut whether the capture kept fewer payload bytes than the segment carried
 */
public record CapturedSegment(
    int frame,
    long timestampNanos,
    Endpoint source,
    Endpoint destination,
    int seq,
    int ack,
    int flags,
    int window,
    int payloadLength,
    SegmentOptions options,
    boolean payloadCut) {

  /** Whether every bit of {@code flag} is set. */
  public boolean has(int flag) {
    return TcpFlags.has(flags, flag);
  }

  /** The sequence space the segment occupies: its data, plus one each for SYN and FIN. */
  public int sequenceLength() {
    return payloadLength + (has(TcpFlags.SYN) ? 1 : 0) + (has(TcpFlags.FIN) ? 1 : 0);
  }
}
