package io.jtcp.cc;

import io.jtcp.core.spi.AckSample;

/**
 * An {@link AckSample} whose every field a test sets: a plain new ACK of nothing, no RTT sample,
 * open state and cwnd-limited until told otherwise.
 */
final class TestAck implements AckSample {
  long now;
  int smss = 1460;
  long ackedBytes;
  long sackedBytes;
  long lostBytes;
  long priorInFlight;
  long inFlight;
  long rttSample = -1;
  long srtt;
  long minRtt;
  boolean duplicate;
  boolean ece;
  boolean inRecovery;
  boolean appLimited;

  TestAck now(long nanos) {
    now = nanos;
    return this;
  }

  TestAck acked(long bytes) {
    ackedBytes = bytes;
    return this;
  }

  TestAck sacked(long bytes) {
    sackedBytes = bytes;
    return this;
  }

  TestAck inFlight(long before, long after) {
    priorInFlight = before;
    inFlight = after;
    return this;
  }

  /** An RTT sample that is also the smoothed RTT and, if lower, the minimum. */
  TestAck rtt(long nanos) {
    rttSample = nanos;
    srtt = nanos;
    minRtt = minRtt == 0 ? nanos : Math.min(minRtt, nanos);
    return this;
  }

  TestAck inRecovery(boolean b) {
    inRecovery = b;
    return this;
  }

  TestAck appLimited(boolean b) {
    appLimited = b;
    return this;
  }

  @Override
  public long now() {
    return now;
  }

  @Override
  public int smss() {
    return smss;
  }

  @Override
  public long ackedBytes() {
    return ackedBytes;
  }

  @Override
  public long sackedBytes() {
    return sackedBytes;
  }

  @Override
  public long lostBytes() {
    return lostBytes;
  }

  @Override
  public long priorInFlight() {
    return priorInFlight;
  }

  @Override
  public long inFlight() {
    return inFlight;
  }

  @Override
  public long rttSample() {
    return rttSample;
  }

  @Override
  public long srtt() {
    return srtt;
  }

  @Override
  public long minRtt() {
    return minRtt;
  }

  @Override
  public boolean duplicate() {
    return duplicate;
  }

  @Override
  public boolean ece() {
    return ece;
  }

  @Override
  public boolean inRecovery() {
    return inRecovery;
  }

  @Override
  public boolean appLimited() {
    return appLimited;
  }
}
