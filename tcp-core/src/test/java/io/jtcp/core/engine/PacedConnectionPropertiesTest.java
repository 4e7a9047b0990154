package io.jtcp.core.engine;

import io.jtcp.core.congestion.Reno;
import io.jtcp.core.spi.AckSample;
import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.core.spi.ConnectionParams;
import io.jtcp.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionPropertiesTest}'s scenarios and checks — every connection ends closed with a
 * typed error or none, every byte is read once, no stack keeps a connection or an armed timer, no
 * segment storm — with every connection paced and its delivery-rate samples checked on each ACK.
 *
 * <p>The algorithm is Reno paced as Linux paces algorithms that set no rate of their own
 * (tcp_update_pacing_rate): {@code cwnd / srtt}, doubled in slow start and times 1.2 after. Each
 * sample must be self-consistent (a rate exactly when there is an interval, a rate resting on a
 * segment sent before the bytes it counts, never below the minimum RTT, {@code delivered()} never
 * decreasing and growing on every ACK that delivers a retransmission); a sample that is not throws
 * out of the event loop, which fails the property.
 */
class PacedConnectionPropertiesTest {
  /** 2000 scenarios take a few seconds; -Djtcp.tries=N runs more. */
  @Test
  void pacedConnectionsKeepEveryConnectionProperty() {
    Property.forAll(ConnectionPropertiesTest.SCENARIO)
        .tries(Integer.getInteger(Property.TRIES_PROPERTY, 2000))
        .check(PacedConnectionPropertiesTest::holds);
  }

  static void holds(ConnectionPropertiesScenario scenario) {
    ConnectionPropertiesWorld w = world(scenario, false);
    w.run();
    List<String> v = ConnectionPropertiesTest.violations(w);
    if (!v.isEmpty()) {
      throw ConnectionPropertiesTest.Violation.of(
          v.get(0),
          () -> {
            ConnectionPropertiesWorld traced = world(scenario, true);
            traced.run();
            return String.join("\n", v) + "\ntrace:\n" + traced.trace();
          });
    }
  }

  private static ConnectionPropertiesWorld world(
      ConnectionPropertiesScenario scenario, boolean tracing) {
    ConnectionPropertiesWorld w = new ConnectionPropertiesWorld(scenario, tracing);
    // Connections take the stack's algorithm when they are made, all of them during run().
    w.client.setCongestionControl(PacedReno.FACTORY);
    w.server.setCongestionControl(PacedReno.FACTORY);
    return w;
  }

  /** Reno with Linux's default pacing rate, checking every sample it is given. */
  static final class PacedReno implements CongestionControl {
    static final CongestionControlFactory FACTORY =
        new CongestionControlFactory() {
          @Override
          public String name() {
            return "paced-reno";
          }

          @Override
          public String description() {
            return "Reno paced at cwnd/srtt (x2 in slow start, x1.2 after), for tests";
          }

          @Override
          public CongestionControl create(ConnectionParams params) {
            return new PacedReno(Reno.FACTORY.create(params));
          }
        };

    private final CongestionControl reno;
    private long srtt;
    private long delivered;

    PacedReno(CongestionControl reno) {
      this.reno = reno;
    }

    @Override
    public long cwnd() {
      return reno.cwnd();
    }

    @Override
    public long ssthresh() {
      return reno.ssthresh();
    }

    @Override
    public long pacingRate() {
      if (srtt <= 0) {
        return 0;
      }
      long cwnd = reno.cwnd();
      double gain = cwnd < reno.ssthresh() / 2 ? 2.0 : 1.2;
      return Math.max((long) (gain * cwnd * 1e9 / srtt), 1);
    }

    @Override
    public void onAck(AckSample a) {
      check(a);
      srtt = a.srtt();
      reno.onAck(a);
    }

    private void check(AckSample a) {
      long rate = a.deliveryRate();
      long interval = a.deliveryIntervalNanos();
      boolean ok =
          rate >= 0
              && interval >= 0
              && (rate == 0) == (interval == 0)
              && a.delivered() >= delivered
              && (rate == 0 || a.priorDelivered() >= 0 && a.priorDelivered() < a.delivered())
              && (rate == 0 || interval >= a.minRtt())
              && (!a.retransmissionAcked() || a.delivered() > delivered)
              && (!a.deliveryAppLimited() || a.priorDelivered() >= 0);
      if (!ok) {
        throw new IllegalStateException(
            "inconsistent sample after delivered="
                + delivered
                + ": "
                + a
                + " minRtt="
                + a.minRtt());
      }
      delivered = a.delivered();
    }

    @Override
    public void onCongestionEvent(CongestionEvent event, long now, long flightSize, long pipe) {
      reno.onCongestionEvent(event, now, flightSize, pipe);
    }

    @Override
    public void onRecoveryExit(long now, boolean afterRto) {
      reno.onRecoveryExit(now, afterRto);
    }

    @Override
    public void onSpuriousCongestion(long now) {
      reno.onSpuriousCongestion(now);
    }

    @Override
    public void onIdleRestart(long now, long idleNanos) {
      reno.onIdleRestart(now, idleNanos);
    }

    @Override
    public void onSmssChange(int smss) {
      reno.onSmssChange(smss);
    }
  }
}
