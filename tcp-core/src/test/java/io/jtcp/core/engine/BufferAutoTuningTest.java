package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.sim.LinkParams;
import org.junit.jupiter.api.Test;

/**
 * Buffers grow with the path as Linux's do when SO_RCVBUF/SO_SNDBUF are left alone, and stay put
 * when they are set: a bulk transfer over 50 ms and 100 Mbit/s (a 625 KB bandwidth-delay product)
 * with the default 128 KiB receive and 16 KiB send buffers.
 */
class BufferAutoTuningTest {
  private static final int BYTES = 8 << 20;

  /** Simulated seconds to move {@link #BYTES} from client to server. */
  private static double transferSeconds(SocketOptions options) {
    SimPair p =
        new SimPair(
            LinkParams.DEFAULT
                .withDelayNanos(25 * SimPair.MS)
                .withBandwidthBitsPerSecond(100_000_000)
                .withQueueLimitBytes(1 << 20),
            Sysctls.LINUX,
            5);
    Listener l = p.at(now -> p.server.listen(80, 16, options, now));
    Connection c = p.at(now -> p.client.connect(SimPair.SERVER, 80, options, now));
    p.run(100);
    Connection s = l.accept();
    long start = p.net.now();
    byte[] chunk = new byte[64 << 10];
    byte[] sink = new byte[64 << 10];
    long written = 0;
    long read = 0;
    while (read < BYTES && p.net.now() - start < 600_000 * SimPair.MS) {
      while (written < BYTES) {
        int len = (int) Math.min(chunk.length, BYTES - written);
        int n = p.at(now -> c.write(chunk, 0, len, now));
        if (n == 0) {
          break;
        }
        written += n;
      }
      int n;
      while ((n = p.at(now -> s.read(sink, 0, sink.length, now))) > 0) {
        read += n;
      }
      p.run(1);
    }
    assertEquals(BYTES, read, "everything arrived");
    return (p.net.now() - start) / 1e9;
  }

  @Test
  void defaultBuffersGrowToTheBandwidthDelayProduct() {
    double seconds = transferSeconds(SocketOptions.DEFAULTS);
    double mbps = BYTES * 8 / seconds / 1e6;
    assertTrue(mbps > 60, "auto-tuned buffers fill most of 100 Mbit/s: " + mbps + " Mbit/s");
  }

  @Test
  void explicitBuffersAreNotTuned() {
    SocketOptions fixed = SocketOptions.DEFAULTS.withBuffers(131072, 16384);
    double seconds = transferSeconds(fixed);
    double mbps = BYTES * 8 / seconds / 1e6;
    // A 16 KiB send buffer allows 16 KiB per 50 ms round trip: about 2.6 Mbit/s.
    assertTrue(mbps < 3, "SO_SNDBUF 16 KiB caps the rate: " + mbps + " Mbit/s");
  }
}
