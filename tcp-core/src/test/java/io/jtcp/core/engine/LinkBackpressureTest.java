package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.wire.Ipv4Address;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A link whose transmit ring is tiny: the stack must wait for room ({@code
 * LinkDriver.transmitReady}) instead of sending into the full ring, so nothing is dropped and
 * nothing retransmitted, and a waiting ACK goes out once there is room. One thread drives both
 * stacks on a virtual clock.
 */
class LinkBackpressureTest {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final long US = 1_000L;

  private static Stack stack(Ipv4Address address, InMemoryLinkPair.Endpoint end, int isn) {
    return FixedIsnStacks.on(address, end, isn);
  }

  /**
   * Moves {@code size} bytes from client to server; the server is polled {@code serverPolls} times
   * per client poll and, with {@code smallServer}, ACKs every segment into a receive buffer of 8
   * KiB, so the window updates its reads cause find the ring back to the client full of ACKs.
   */
  private static void transfer(int capacity, int size, int serverPolls, boolean smallServer)
      throws IOException {
    byte[] data = new byte[size];
    new SplittableRandom(size).nextBytes(data);
    try (InMemoryLinkPair link = new InMemoryLinkPair(capacity, 1500)) {
      Stack client = stack(CLIENT, link.a(), 100);
      Stack server = stack(SERVER, link.b(), 300);
      SocketOptions serverOptions =
          smallServer
              ? SocketOptions.DEFAULTS.withQuickAck(true).withBuffers(8192, 0)
              : SocketOptions.DEFAULTS;
      Listener l = server.listen(80, 4, serverOptions, 0);
      long now = 0;
      Connection c = client.connect(SERVER, 80, SocketOptions.DEFAULTS, now);
      Connection s = null;
      for (int i = 0; i < 10 && s == null; i++) {
        now += 10 * US;
        client.poll(now);
        server.poll(now);
        s = l.accept();
      }
      assertNotNull(s, "handshake");
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      int written = 0;
      for (int round = 0; round < 1_000_000 && got.size() < size; round++) {
        now += 10 * US;
        client.poll(now);
        if (written < size) {
          written += c.write(data, written, size - written, now);
        }
        for (int i = 0; i < serverPolls; i++) {
          server.poll(now);
          int n;
          while ((n = s.read(buf, 0, buf.length, now)) > 0) {
            got.write(buf, 0, n);
          }
        }
      }
      assertArrayEquals(data, got.toByteArray(), "the stream arrives whole and in order");
      assertEquals(0, link.a().dropped(), "no data segment was sent into a full ring");
      assertEquals(0, link.b().dropped(), "no ACK was sent into a full ring");
      assertEquals(0, c.info().retransmissions(), "nothing was lost, so nothing is resent");
      assertTrue(client.counters().get(StackCounters.LINK_WAITS) > 0, "the client waited for room");
      if (serverPolls > 1) {
        assertTrue(
            server.counters().get(StackCounters.LINK_WAITS) > 0,
            "the server's ACKs waited for room");
      }
    }
  }

  @Test
  void bulkTransferOverAFourFrameRing_waitsInsteadOfDropping() throws IOException {
    transfer(4, 1 << 20, 1, false);
  }

  @Test
  void acksThatFindTheRingFull_waitAndGoOutLater() throws IOException {
    transfer(4, 256 * 1024, 3, true);
  }
}
