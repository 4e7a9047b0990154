package io.jtcp.cc;

import static io.jtcp.cc.AckClock.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.CongestionEvent;
import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CUBIC's window under arbitrary sequences of ACKs, losses, timeouts, undos and idle restarts, in
 * the order the engine may report them: the bounds the RFCs promise hold throughout.
 */
class CubicPropertiesTest {
  private static final int SMSS = 1460;

  /** One engine callback each; decoded by {@link #apply}. */
  private static final Gen<List<Integer>> CALLS =
      Gens.lists(Gens.ints(0, Integer.MAX_VALUE), 1, 400);

  @Test
  void theWindowKeepsItsBoundsWhateverTheEngineReports() {
    Property.forAll(Gens.booleans(), CALLS).tries(500).check(CubicPropertiesTest::replay);
  }

  private static void replay(boolean hystart, List<Integer> calls) {
    Cubic cubic = new Cubic(SMSS, hystart);
    World w = new World();
    for (int call : calls) {
      apply(cubic, w, call);
      String state = cubic.describe();
      assertTrue(cubic.cwnd() >= SMSS, "cwnd " + cubic.cwnd() + " below one SMSS: " + state);
      assertTrue(cubic.ssthresh() >= 2L * SMSS, "ssthresh below 2 SMSS: " + cubic.ssthresh());
      assertFalse(state.contains("NaN"), state);
    }
  }

  /** What the test tracks of the engine's side. */
  private static final class World {
    long now;
    boolean inRecovery;
    final TestAck ack = new TestAck();
  }

  private static void apply(Cubic cubic, World w, int call) {
    int arg = call / 16;
    w.now += arg % (50 * MS);
    switch (call % 16) {
      case 11 -> {
        if (!w.inRecovery) {
          long flight = cubic.cwnd() * (1 + arg % 3) / 2;
          cubic.onCongestionEvent(CongestionEvent.FAST_RETRANSMIT, w.now, flight, flight);
          w.inRecovery = true;
        }
      }
      case 12 -> {
        if (w.inRecovery) {
          cubic.onRecoveryExit(w.now, false);
          w.inRecovery = false;
        }
      }
      case 13 -> {
        CongestionEvent e = arg % 2 == 0 ? CongestionEvent.RTO : CongestionEvent.RTO_REPEATED;
        cubic.onCongestionEvent(e, w.now, cubic.cwnd(), 0);
        w.inRecovery = false;
      }
      case 14 -> cubic.onSpuriousCongestion(w.now);
      case 15 -> {
        if (arg % 2 == 0) {
          cubic.onIdleRestart(w.now, arg % (50 * MS));
        } else if (!w.inRecovery) {
          cubic.onCongestionEvent(CongestionEvent.ECN, w.now, cubic.cwnd(), cubic.cwnd());
        }
      }
      default -> {
        boolean appLimited = arg % 7 == 0;
        w.ack.now(w.now).acked((arg % 5) * SMSS / 2L).inRecovery(w.inRecovery);
        w.ack
            .appLimited(appLimited)
            .inFlight(cubic.cwnd(), cubic.cwnd() / 2)
            .rtt((1 + arg % 300) * MS);
        long before = cubic.cwnd();
        cubic.onAck(w.ack);
        assertTrue(cubic.cwnd() >= before, "an ACK never shrinks cwnd");
        if (appLimited || w.inRecovery) {
          assertEquals(before, cubic.cwnd(), "no growth while app-limited or in recovery");
        }
      }
    }
  }
}
