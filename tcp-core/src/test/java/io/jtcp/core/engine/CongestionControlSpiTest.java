package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.sim.FrameFate;
import io.jtcp.core.sim.LinkParams;
import io.jtcp.core.wire.Ipv4Packet;
import io.jtcp.core.wire.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine sends within the window a {@code CongestionControl} gives it and reports every ACK and
 * congestion event through the SPI, checked with {@link FixedWindow} on the simulator: what the
 * network carries is measured from the frames, not from the engine's own accounting.
 */
class CongestionControlSpiTest {
  private static final int SEGMENTS = 4;
  private static final int BYTES = 300_000;

  /** Bulk data client → server; returns the bytes the server read. */
  private static byte[] transfer(SimPair p, List<FixedWindow> created, long[] maxFlight) {
    p.client.setCongestionControl(FixedWindow.factory(SEGMENTS, created));
    int[] highSent = {0};
    int[] highAck = {0};
    boolean[] started = {false};
    p.net.addTap(
        (time, from, to, packet, fate) -> {
          if (fate != FrameFate.DELIVERED) {
            return;
          }
          Ipv4Packet ip = Ipv4Packet.parse(packet).orElseThrow();
          TcpSegment s =
              TcpSegment.parse(ip.payload(), ip.source().bits(), ip.destination().bits())
                  .orElseThrow();
          if (from.equals("client") && s.payload().length > 0) {
            int end = s.sequenceNumber() + s.payload().length;
            if (!started[0] || end - highSent[0] > 0) {
              highSent[0] = end;
            }
            if (!started[0]) {
              highAck[0] = s.sequenceNumber();
              started[0] = true;
            }
            maxFlight[0] = Math.max(maxFlight[0], Integer.toUnsignedLong(highSent[0] - highAck[0]));
          } else if (from.equals("server") && started[0]) {
            if (s.acknowledgmentNumber() - highAck[0] > 0) {
              highAck[0] = s.acknowledgmentNumber();
            }
          }
        });
    Listener l = p.listen(80);
    Connection c = p.connect(80);
    p.run(100);
    Connection s = l.accept();
    byte[] data = new byte[BYTES];
    new SplittableRandom(7).nextBytes(data);
    byte[] got = new byte[BYTES];
    int written = 0;
    int read = 0;
    for (int step = 0; step < 200_000 && read < BYTES; step++) {
      if (written < BYTES) {
        int from = written;
        written += p.at(now -> c.write(data, from, BYTES - from, now));
      }
      int at = read;
      int n = p.at(now -> s.read(got, at, BYTES - at, now));
      read += Math.max(n, 0);
      p.run(1);
    }
    p.run(1000); // the last ACKs reach the sender
    assertEquals(BYTES, read, "everything arrived");
    assertArrayEquals(data, got, "in order and intact");
    return got;
  }

  @Test
  void bytesInFlightNeverExceedTheAlgorithmsWindow() {
    SimPair p =
        new SimPair(
            LinkParams.DEFAULT
                .withDelayNanos(10 * SimPair.MS)
                .withBandwidthBitsPerSecond(100_000_000),
            Sysctls.LINUX,
            3);
    List<FixedWindow> created = new ArrayList<>();
    long[] maxFlight = {0};
    transfer(p, created, maxFlight);
    assertEquals(1, created.size(), "one algorithm for the one connection");
    FixedWindow w = created.getFirst();
    assertTrue(
        maxFlight[0] <= w.window,
        "in flight " + maxFlight[0] + " within the fixed window " + w.window);
    assertTrue(maxFlight[0] > w.window - 1500, "the window was used: in flight " + maxFlight[0]);
    assertEquals(BYTES, w.ackedBytes, "every data byte reported acknowledged once");
    assertTrue(w.rttSamples > 0, "RTT samples reported");
    assertTrue(w.minRtt >= 20 * SimPair.MS, "an RTT is at least the path's 20 ms: " + w.minRtt);
    assertEquals(List.of(), w.events, "no congestion on a clean path");
  }

  @Test
  void lossIsReportedAsFastRetransmitAndRecoveryExit() {
    SimPair p =
        new SimPair(
            LinkParams.DEFAULT.withDelayNanos(10 * SimPair.MS).withLossRate(0.02),
            Sysctls.LINUX,
            11);
    List<FixedWindow> created = new ArrayList<>();
    long[] maxFlight = {0};
    transfer(p, created, maxFlight);
    FixedWindow w = created.getFirst();
    assertTrue(w.events.contains("FAST_RETRANSMIT"), "losses seen: " + w.events);
    assertTrue(w.events.contains("EXIT_RECOVERY"), "recoveries end: " + w.events);
    assertTrue(w.sackedBytes > 0, "SACKed bytes reported");
    assertTrue(w.duplicates > 0, "duplicate ACKs reported");
    assertTrue(w.sawRecovery, "samples flagged in recovery");
    assertEquals(BYTES, w.ackedBytes, "every data byte reported acknowledged once");
  }

  @Test
  void stackDefaultIsRenoAndConnectionsKeepTheirAlgorithm() {
    SimPair p = new SimPair();
    assertEquals("reno", p.client.congestionControl().name());
    Connection c = p.connect(80);
    p.client.setCongestionControl(FixedWindow.factory(2, new ArrayList<>()));
    assertEquals("reno", c.info().congestionControl(), "chosen when the connection opened");
    assertEquals(SocketOptions.DEFAULTS, c.options());
  }
}
