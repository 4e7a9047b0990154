package io.jtcp.core.engine;

import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * A congestion-control algorithm for tests of pacing and delivery-rate samples: a fixed window, a
 * pacing rate the test sets (or a function of time), and a record of every {@link AckSample} in
 * preallocated arrays, so that recording allocates nothing (the allocation test relies on it).
 */
final class PacedWindow implements CongestionControl {
  /** Samples kept; later ones are counted but not stored. */
  static final int CAPACITY = 1 << 17;

  final long window;

  /** The pacing rate at time {@code now}, bytes per second (0: no pacing). */
  LongUnaryOperator rate;

  private long lastNow;

  int count;
  long stored;
  final long[] at = new long[CAPACITY];
  final long[] deliveryRate = new long[CAPACITY];
  final long[] interval = new long[CAPACITY];
  final long[] delivered = new long[CAPACITY];
  final long[] priorDelivered = new long[CAPACITY];
  final long[] acked = new long[CAPACITY];
  final long[] sacked = new long[CAPACITY];
  final boolean[] appLimited = new boolean[CAPACITY];
  final boolean[] retransmissionAcked = new boolean[CAPACITY];
  final boolean[] duplicate = new boolean[CAPACITY];
  int congestionEvents;

  PacedWindow(long window, LongUnaryOperator rate, long now) {
    this.window = window;
    this.rate = rate;
    this.lastNow = now;
  }

  /** Creates one per connection with a window of {@code segments} SMSS and a constant rate. */
  static CongestionControlFactory factory(int segments, long rate, List<PacedWindow> created) {
    return factory(segments, t -> rate, created);
  }

  static CongestionControlFactory factory(
      int segments, LongUnaryOperator rate, List<PacedWindow> created) {
    return new CongestionControlFactory() {
      @Override
      public String name() {
        return "paced";
      }

      @Override
      public String description() {
        return "a fixed window of " + segments + " segments, paced, for tests";
      }

      @Override
      public CongestionControl create(ConnectionParams params) {
        PacedWindow w = new PacedWindow((long) segments * params.smss(), rate, params.now());
        created.add(w);
        return w;
      }
    };
  }

  @Override
  public long cwnd() {
    return window;
  }

  @Override
  public long ssthresh() {
    return Long.MAX_VALUE;
  }

  @Override
  public long pacingRate() {
    return rate.applyAsLong(lastNow);
  }

  @Override
  public void onAck(AckSample a) {
    lastNow = a.now();
    stored++;
    if (count == CAPACITY) {
      return;
    }
    int i = count++;
    at[i] = a.now();
    deliveryRate[i] = a.deliveryRate();
    interval[i] = a.deliveryIntervalNanos();
    delivered[i] = a.delivered();
    priorDelivered[i] = a.priorDelivered();
    acked[i] = a.ackedBytes();
    sacked[i] = a.sackedBytes();
    appLimited[i] = a.deliveryAppLimited();
    retransmissionAcked[i] = a.retransmissionAcked();
    duplicate[i] = a.duplicate();
  }

  @Override
  public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {
    lastNow = now;
    congestionEvents++;
  }

  /** The index of the last sample. */
  int last() {
    if (count == 0) {
      throw new AssertionError("no ACK was reported");
    }
    return count - 1;
  }

  /** One line per sample, for failure messages. */
  String describe(int i) {
    return String.format(
        "#%d at %.3f ms: rate=%d B/s interval=%d ns delivered=%d prior=%d acked=%d sacked=%d%s%s",
        i,
        at[i] / 1e6,
        deliveryRate[i],
        interval[i],
        delivered[i],
        priorDelivered[i],
        acked[i],
        sacked[i],
        appLimited[i] ? " app-limited" : "",
        retransmissionAcked[i] ? " retransmission-acked" : "");
  }
}
