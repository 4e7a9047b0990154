package io.jtcp.core.engine;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from samples, RTO = SRTT + max(G,
 * 4·RTTVAR), clamped to Linux's [200 ms, 120 s] rather than RFC 6298's 1 s floor (Linux's choice,
 * which real peers expect), and doubled on every expiry (§5.5).
 */
final class RttEstimator {
  private static final long GRANULARITY = 1_000_000; // 1 ms: the clock granularity G
  private final long min;
  private final long max;
  private long srtt;
  private long rttvar;
  private long rto;
  private boolean sampled;

  RttEstimator(long initial, long min, long max) {
    this.min = min;
    this.max = max;
    this.rto = initial;
  }

  /** RFC 6298 §2.2-2.3. */
  void sample(long rtt) {
    long r = Math.max(rtt, 1);
    if (!sampled) {
      srtt = r;
      rttvar = r / 2;
      sampled = true;
    } else {
      rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
      srtt = (7 * srtt + r) / 8;
    }
    rto = Math.clamp(srtt + Math.max(GRANULARITY, 4 * rttvar), min, max);
  }

  /** RFC 6298 §5.5: back off after an expiry. */
  void backOff() {
    rto = Math.min(rto * 2, max);
  }

  long rto() {
    return rto;
  }

  long srtt() {
    return srtt;
  }

  long rttvar() {
    return rttvar;
  }
}
