package io.jtcp.core.engine;

import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import java.util.ArrayList;
import java.util.List;

/**
 * A congestion-control algorithm for tests: a window of a fixed number of segments that never
 * changes, whatever the network says, and a record of every call the engine made.
 */
final class FixedWindow implements CongestionControl {
  final long window;
  final List<String> events = new ArrayList<>();
  long ackCalls;
  long ackedBytes;
  long sackedBytes;
  long duplicates;
  long rttSamples;
  long maxPriorInFlight;
  long minRtt = Long.MAX_VALUE;
  boolean sawRecovery;

  FixedWindow(long window) {
    this.window = window;
  }

  static CongestionControlFactory factory(int segments, List<FixedWindow> created) {
    return new CongestionControlFactory() {
      @Override
      public String name() {
        return "fixed";
      }

      @Override
      public String description() {
        return "a fixed window of " + segments + " segments, for tests";
      }

      @Override
      public CongestionControl create(ConnectionParams params) {
        FixedWindow w = new FixedWindow((long) segments * params.smss());
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
  public void onAck(AckSample ack) {
    ackCalls++;
    ackedBytes += ack.ackedBytes();
    sackedBytes += ack.sackedBytes();
    duplicates += ack.duplicate() ? 1 : 0;
    maxPriorInFlight = Math.max(maxPriorInFlight, ack.priorInFlight());
    sawRecovery |= ack.inRecovery();
    if (ack.rttSample() >= 0) {
      rttSamples++;
      minRtt = Math.min(minRtt, ack.rttSample());
    }
  }

  @Override
  public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {
    events.add(event.name());
  }

  @Override
  public void onRecoveryExit(long now, boolean afterRto) {
    events.add(afterRto ? "EXIT_LOSS" : "EXIT_RECOVERY");
  }
}
