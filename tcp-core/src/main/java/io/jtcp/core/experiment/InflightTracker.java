package io.jtcp.core.experiment;

import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.TcpFlags;
import io.jtcp.core.wire.TcpView;

/**
 * Follows SND.MAX and SND.UNA of the one connection on a data sender's stack from the segments it
 * sends and receives, because {@link io.jtcp.core.api.TcpInfo} reports neither: their difference is
 * the bytes in flight a trace shows next to the congestion window. Sequence numbers compare modulo
 * 2^32, as TCP's do.
 */
final class InflightTracker implements PacketObserver {
  private boolean started;
  private int sndMax;
  private int sndUna;

  @Override
  public void onSegment(
      long now,
      Direction direction,
      int localAddress,
      int remoteAddress,
      TcpView segment,
      TcpState stateAfter) {
    if (direction == Direction.OUT) {
      int length = segment.segmentLength();
      if (length == 0) {
        return;
      }
      int seq = segment.sequenceNumber();
      if (!started) {
        started = true;
        sndUna = seq;
        sndMax = seq;
      }
      int end = seq + length;
      if (end - sndMax > 0) {
        sndMax = end;
      }
    } else if (started && segment.has(TcpFlags.ACK)) {
      int ack = segment.acknowledgmentNumber();
      // An ACK beyond SND.MAX is not for us (the engine drops it); one behind SND.UNA is old.
      if (ack - sndUna > 0 && ack - sndMax <= 0) {
        sndUna = ack;
      }
    }
  }

  /** SND.MAX − SND.UNA, bytes; 0 before the first segment. */
  long inflight() {
    return Integer.toUnsignedLong(sndMax - sndUna);
  }
}
