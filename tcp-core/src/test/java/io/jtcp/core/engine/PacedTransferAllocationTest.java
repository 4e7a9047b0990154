package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.wire.Ipv4Address;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-segment path allocates nothing with pacing and delivery-rate sampling on: a bulk transfer
 * between two stacks over the in-memory link pair (which allocates nothing per frame), driven by
 * one thread on a virtual clock, SACK and timestamps negotiated, each data segment released by the
 * pacing timer and each ACK reported with its rate sample.
 *
 * <p>The whole engine runs here, and HotSpot keeps compiling its methods long after warm-up; a
 * method between two tiers briefly runs code that allocates what the final tier's escape analysis
 * removes. That shows as a few hundred bytes now and then, at a different call each run (measured:
 * 0.4 to 3.6 KB over 48 MB, with or without pacing). So the test allows a budget of 8 KB over some
 * 23 000 segments and 11 000 ACKs, where a single 16-byte object per segment or per ACK would cost
 * 180 KB or more. {@code DeliveryRateTableTest} holds the new per-segment code to exactly zero.
 */
class PacedTransferAllocationTest {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final long STEP = 10_000L; // 10 µs of virtual time

  private static Stack stack(Ipv4Address address, InMemoryLinkPair.Endpoint end, int isn) {
    return FixedIsnStacks.on(address, end, isn);
  }

  @Test
  void pacedSampledBulkTransfer_allocatesNothingInSteadyState() throws IOException {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().threadId();
    List<PacedWindow> created = new ArrayList<>();
    try (InMemoryLinkPair link = new InMemoryLinkPair()) {
      Stack client = stack(CLIENT, link.a(), 100);
      Stack server = stack(SERVER, link.b(), 300);
      // 400 Mbit/s: one segment every 29 µs, so most go out on the pacing timer.
      client.setCongestionControl(PacedWindow.factory(64, 50_000_000, created));
      Listener l = server.listen(80, 4, SocketOptions.DEFAULTS, 0);
      long now = 0;
      Connection c = client.connect(SERVER, 80, SocketOptions.DEFAULTS, now);
      Connection s = null;
      for (int i = 0; i < 10 && s == null; i++) {
        now += STEP;
        client.poll(now);
        server.poll(now);
        s = l.accept();
      }
      assertNotNull(s, "handshake");
      PacedWindow w = created.getFirst();
      byte[] data = new byte[64 * 1024];
      byte[] buf = new byte[64 * 1024];
      long warmUp = 16L << 20;
      long measured = 32L << 20;
      long received = 0;
      long before = 0;
      long ackedBefore = 0;
      boolean measuring = false;
      while (received < warmUp + measured) {
        if (!measuring && received >= warmUp) {
          measuring = true;
          ackedBefore = w.stored;
          before = threads.getThreadAllocatedBytes(id);
        }
        now += STEP;
        client.poll(now);
        c.write(data, 0, data.length, now);
        server.poll(now);
        int n;
        while ((n = s.read(buf, 0, buf.length, now)) > 0) {
          received += n;
        }
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      long acks = w.stored - ackedBefore;
      assertTrue(acks > 10_000, "ACKs reported while measuring: " + acks);
      assertTrue(w.deliveryRate[w.last()] > 0, "samples were taken: " + w.describe(w.last()));
      assertTrue(
          allocated < 8192,
          "bytes allocated over " + measured + " bytes and " + acks + " ACKs: " + allocated);
    }
  }
}
