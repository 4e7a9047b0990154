package io.jtcp.core.engine;

import io.jtcp.core.spi.AckSample;

/**
 * The engine's one reusable {@link AckSample} per stack: filled before each {@code
 * CongestionControl.onAck}, so reporting an ACK allocates nothing.
 */
final class Ack implements AckSample {
  long now;
  int smss;
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
  long delivered;
  long deliveryRate;
  long deliveryInterval;
  long priorDelivered = -1;
  boolean deliveryAppLimited;
  boolean retransmissionAcked;

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

  @Override
  public long delivered() {
    return delivered;
  }

  @Override
  public long deliveryRate() {
    return deliveryRate;
  }

  @Override
  public long deliveryIntervalNanos() {
    return deliveryInterval;
  }

  @Override
  public long priorDelivered() {
    return priorDelivered;
  }

  @Override
  public boolean deliveryAppLimited() {
    return deliveryAppLimited;
  }

  @Override
  public boolean retransmissionAcked() {
    return retransmissionAcked;
  }

  @Override
  public String toString() {
    return "Ack[acked="
        + ackedBytes
        + " sacked="
        + sackedBytes
        + " lost="
        + lostBytes
        + " inFlight="
        + priorInFlight
        + "->"
        + inFlight
        + " rtt="
        + rttSample
        + (duplicate ? " dup" : "")
        + (inRecovery ? " recovery" : "")
        + (appLimited ? " app-limited" : "")
        + " delivered="
        + delivered
        + (deliveryRate > 0 ? " rate=" + deliveryRate + "B/s/" + deliveryInterval + "ns" : "")
        + (deliveryAppLimited ? " rate-app-limited" : "")
        + (retransmissionAcked ? " retx-acked" : "")
        + "]";
  }
}
