package io.jtcp.core.wire;

/**
 * One SACK block (RFC 2018): the sequence space [{@code left}, {@code right}) was received.
 *
 * @param left first sequence number of the block
 * @param right sequence number just after the block
 */
public record SackBlock(int left, int right) {
  @Override
  public String toString() {
    return Seq.toString(left) + "-" + Seq.toString(right);
  }
}
