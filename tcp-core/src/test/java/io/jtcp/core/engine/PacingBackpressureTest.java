package io.jtcp.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import io.jtcp.core.fsm.TcpState;
import io.jtcp.core.sim.InMemoryLinkPair;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.TcpView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pacing composed with link backpressure, on a ring of a few frames that the receiving stack drains
 * only when it is polled: a paced segment waits for its pacing clock first and then for room on the
 * link, never the other way round, and neither gate lets a segment into a full ring. One thread
 * drives both stacks on a virtual clock in steps of 10 µs.
 */
class PacingBackpressureTest {
  private static final Ipv4Address CLIENT = Ipv4Address.parse("192.0.2.1");
  private static final Ipv4Address SERVER = Ipv4Address.parse("192.0.2.2");
  private static final long US = 1_000L;
  private static final long STEP = 10 * US;
  private static final int SMSS = 1448;

  private final List<long[]> departures = new ArrayList<>();

  private Stack stack(Ipv4Address address, InMemoryLinkPair.Endpoint end, int isn, boolean tap) {
    PacketObserver observer =
        !tap
            ? PacketObserver.NONE
            : new PacketObserver() {
              @Override
              public void onSegment(
                  long now,
                  Direction direction,
                  int localAddress,
                  int remoteAddress,
                  TcpView segment,
                  TcpState stateAfter) {
                if (direction == Direction.OUT && segment.payloadLength() > 0) {
                  departures.add(new long[] {now, segment.payloadLength()});
                }
              }
            };
    return FixedIsnStacks.on(address, end, isn, observer);
  }

  /**
   * Moves {@code size} bytes client → server over a ring of {@code capacity} frames, the server
   * polled (and so the ring drained) once every {@code serverEvery} steps, paced at {@code rate}.
   */
  private Stack transfer(int capacity, int serverEvery, long rate, int size) throws IOException {
    byte[] data = new byte[size];
    new SplittableRandom(size).nextBytes(data);
    List<PacedWindow> created = new ArrayList<>();
    try (InMemoryLinkPair link = new InMemoryLinkPair(capacity, 1500)) {
      Stack client = stack(CLIENT, link.a(), 100, true);
      Stack server = stack(SERVER, link.b(), 300, false);
      client.setCongestionControl(PacedWindow.factory(400, rate, created));
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
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      int written = 0;
      for (long step = 0; step < 10_000_000 && got.size() < size; step++) {
        now += STEP;
        client.poll(now);
        if (written < size) {
          written += c.write(data, written, size - written, now);
        }
        if (step % serverEvery == 0) {
          server.poll(now);
          int n;
          while ((n = s.read(buf, 0, buf.length, now)) > 0) {
            got.write(buf, 0, n);
          }
        }
      }
      assertArrayEquals(data, got.toByteArray(), "the stream arrives whole and in order");
      assertEquals(0, link.a().dropped(), "no data segment was sent into a full ring");
      assertEquals(0, c.info().retransmissions(), "nothing was lost, so nothing is resent");
      return client;
    }
  }

  /** Payload ≤ 2·SMSS + rate·(t_j − t_i) + the step's slack, over every run of departures. */
  private void assertNeverFasterThan(long rate) {
    double perNano = rate / 1e9;
    double sumBefore = 0;
    double minStart = Double.MAX_VALUE;
    double worst = 0;
    for (long[] d : departures) {
      minStart = Math.min(minStart, sumBefore - perNano * d[0]);
      double sum = sumBefore + d[1];
      worst = Math.max(worst, sum - perNano * d[0] - minStart);
      sumBefore = sum;
    }
    assertTrue(departures.size() > 100, "departures: " + departures.size());
    assertTrue(
        worst <= 2 * SMSS + perNano * STEP + 1, "bytes beyond the pacing rate: " + (long) worst);
  }

  @Test
  void pacedBelowTheLinkRate_waitsForTheClockNotForTheLink() throws IOException {
    // A ring of 2 frames drained every 100 µs carries far more than 10 Mbit/s. After the first
    // two segments fill it, the pacer holds the third for 1.16 ms: the sender asks the clock
    // first, so it never queues for link room it does not need yet.
    long rate = 10_000_000 / 8;
    Stack client = transfer(2, 10, rate, 512 * 1024);
    assertEquals(0, client.counters().get(StackCounters.LINK_WAITS), "waits for link room");
    assertNeverFasterThan(rate);
    double seconds = (departures.getLast()[0] - departures.getFirst()[0]) / 1e9;
    double goodput = 512 * 1024 / seconds;
    assertEquals(rate, goodput, rate * 0.03, "goodput");
  }

  @Test
  void linkSlowerThanThePacer_waitsForRoomAndNeverOutrunsTheClock() throws IOException {
    // A ring of 4 frames drained every millisecond: at most 4 segments per ms, 46 Mbit/s, under
    // a pacing rate of 100 Mbit/s. The link gate holds segments the clock has released; when the
    // stack resumes the connection, the clock lets it send, and nothing is dropped.
    long rate = 100_000_000 / 8;
    Stack client = transfer(4, 100, rate, 1 << 20);
    assertTrue(client.counters().get(StackCounters.LINK_WAITS) > 0, "the link held data back");
    assertNeverFasterThan(rate);
    double seconds = (departures.getLast()[0] - departures.getFirst()[0]) / 1e9;
    double goodput = (1 << 20) / seconds;
    assertTrue(goodput < rate * 0.6, "the link, not the pacer, set the pace: " + goodput);
  }
}
