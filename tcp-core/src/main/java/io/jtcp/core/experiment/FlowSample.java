package io.jtcp.core.experiment;

import io.jtcp.core.fsm.TcpState;
import java.util.Objects;

/**
 * One flow's state at one instant of virtual time, sampled from the sender's {@link
 * io.jtcp.core.api.TcpInfo} and the receiving application: what a congestion-control trace plots.
 *
 * @param timeNanos virtual time of the sample, nanoseconds from the start of the run
 * @param cwndBytes the sender's congestion window, bytes
 * @param ssthreshBytes the sender's slow-start threshold, bytes; -1 while it is unset (infinite)
 * @param inflightBytes bytes the sender has sent and the receiver has not cumulatively acknowledged
 *     (SND.MAX − SND.UNA), SACKed and lost ones included; {@code TcpInfo} has no pipe estimate, so
 *     it is read from the segments the sender's stack sends and receives
 * @param srttMicros the sender's smoothed RTT, microseconds; 0 before the first RTT sample
 * @param deliveredBytes bytes the receiving application has read so far
 * @param state the sender's connection state
 */
public record FlowSample(
    long timeNanos,
    long cwndBytes,
    long ssthreshBytes,
    long inflightBytes,
    long srttMicros,
    long deliveredBytes,
    TcpState state) {

  public FlowSample {
    Objects.requireNonNull(state, "state");
  }

  public double timeSeconds() {
    return timeNanos / 1e9;
  }

  public double srttMillis() {
    return srttMicros / 1e3;
  }
}
