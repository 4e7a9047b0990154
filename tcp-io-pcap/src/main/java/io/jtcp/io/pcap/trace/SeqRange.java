package io.jtcp.io.pcap.trace;

/**
 * A range of sequence numbers relative to a side's initial sequence number, as SACK blocks are
 * shown: {@code [left, right)}.
 */
public record SeqRange(long left, long right) {
  @Override
  public String toString() {
    return left + "-" + right;
  }
}
