package io.jtcp.core.experiment;

import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;

/**
 * A plug-in for the tests: a window of {@value #SEGMENTS} segments that neither grows nor shrinks,
 * so a trace shows at once whether it or reno ran. Public with a no-argument constructor for {@link
 * java.util.ServiceLoader}.
 */
public final class FixedWindow implements CongestionControlFactory {
  static final String NAME = "fixed10";
  static final int SEGMENTS = 10;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a constant window of " + SEGMENTS + " segments, for tests";
  }

  @Override
  public CongestionControl create(ConnectionParams params) {
    long cwnd = (long) SEGMENTS * params.smss();
    return new CongestionControl() {
      @Override
      public long cwnd() {
        return cwnd;
      }

      @Override
      public long ssthresh() {
        return cwnd;
      }

      @Override
      public void onAck(AckSample ack) {}

      @Override
      public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {}
    };
  }
}
