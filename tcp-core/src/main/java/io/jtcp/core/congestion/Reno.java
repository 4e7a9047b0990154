package io.jtcp.core.congestion;

import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;

/**
 * RFC 5681 congestion control: slow start from RFC 6928's initial window with appropriate byte
 * counting (RFC 3465, L = 2·SMSS), congestion avoidance of about one SMSS per RTT, {@code ssthresh
 * = max(FlightSize/2, 2·SMSS)} on loss (eqn. 4), {@code cwnd = ssthresh} for the recovery (RFC 6675
 * §5 step 4.2), a one-segment loss window after an RTO (§3.1), the restart window after idle (§4.1)
 * and the undo of a reduction that D-SACK proved spurious (RFC 4015's response).
 */
public final class Reno implements CongestionControl {
  /** The factory registered as {@code reno}. */
  public static final CongestionControlFactory FACTORY =
      new CongestionControlFactory() {
        @Override
        public String name() {
          return "reno";
        }

        @Override
        public String description() {
          return "RFC 5681 Reno with byte counting (RFC 3465) and RFC 6928's initial window";
        }

        @Override
        public CongestionControl create(ConnectionParams params) {
          return new Reno(params.smss());
        }
      };

  private int smss;
  private long cwnd;
  private long ssthresh = Long.MAX_VALUE;

  /** Congestion avoidance: bytes acknowledged since cwnd last grew (RFC 3465 §2.1). */
  private long bytesAcked;

  private long priorCwnd;
  private long priorSsthresh = Long.MAX_VALUE;

  /** Whether a fast recovery's reduction is pending for {@link #onRecoveryExit}. */
  private boolean reduced;

  public Reno(int smss) {
    this.smss = smss;
    this.cwnd = initialWindow(smss);
  }

  /** RFC 6928: min(10·MSS, max(2·MSS, 14600)). */
  public static long initialWindow(int smss) {
    return Math.min(10L * smss, Math.max(2L * smss, 14600));
  }

  @Override
  public long cwnd() {
    return cwnd;
  }

  @Override
  public long ssthresh() {
    return ssthresh;
  }

  @Override
  public void onAck(AckSample ack) {
    long acked = ack.ackedBytes();
    if (acked <= 0 || ack.inRecovery() || ack.appLimited()) {
      return;
    }
    if (cwnd < ssthresh) {
      // RFC 3465 §2.2: slow start grows by the bytes acknowledged, at most L = 2·SMSS per ACK.
      cwnd += Math.min(acked, 2L * smss);
      return;
    }
    // RFC 3465 §2.1: one SMSS once a whole cwnd of bytes has been acknowledged.
    bytesAcked += acked;
    if (bytesAcked >= cwnd) {
      bytesAcked -= cwnd;
      cwnd += smss;
    }
  }

  @Override
  public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {
    bytesAcked = 0;
    if (event == CongestionEvent.RTO_REPEATED) {
      cwnd = smss;
      return;
    }
    priorCwnd = cwnd;
    priorSsthresh = ssthresh;
    // RFC 5681 eqn. 4 halves FlightSize, Linux (tcp_reno_ssthresh) cwnd; the smaller of the two,
    // so that a loss soon after a recovery, when RFC 6675 has sent new data far past a hole and
    // SND.NXT − SND.UNA is several times cwnd, never raises the window.
    ssthresh = Math.max(Math.min(flightSize, cwnd) / 2, 2L * smss);
    cwnd = event == CongestionEvent.RTO ? smss : ssthresh;
    reduced = event != CongestionEvent.RTO;
  }

  @Override
  public void onRecoveryExit(long now, boolean afterRto) {
    if (!afterRto && reduced) {
      cwnd = ssthresh; // RFC 6582 §3.2 step 3 (full ACK), after RFC 6675's recovery as well
    }
    reduced = false;
  }

  @Override
  public void onSpuriousCongestion(long now) {
    cwnd = Math.max(cwnd, priorCwnd);
    ssthresh = Math.max(ssthresh, priorSsthresh);
    // Undone: the recovery's end must not apply the reduction after all (ssthresh may be back at
    // "none" if the loss came in the initial slow start).
    reduced = false;
  }

  @Override
  public void onIdleRestart(long now, long idleNanos) {
    cwnd = Math.min(cwnd, initialWindow(smss)); // RFC 5681 §4.1: RW = min(IW, cwnd)
  }

  @Override
  public void onSmssChange(int smss) {
    this.smss = smss;
  }

  @Override
  public String describe() {
    return cwnd < ssthresh ? "slow start" : "congestion avoidance";
  }
}
