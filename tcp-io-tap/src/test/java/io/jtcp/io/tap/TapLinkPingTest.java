package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.wire.ArpView;
import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.tap.TapLink.Mode;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernel pings a host behind the device, and the test, reading and writing through the driver,
 * is that host: {@code ping} inside the test's namespace must get its reply. Needs root,
 * /dev/net/tun and ping (iputils-ping).
 */
class TapLinkPingTest {
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private TapFixture fx;

  @BeforeEach
  void setUp() {
    fx = TapFixture.create();
    Host.requireTool("ping", "iputils-ping");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void tunAnswersTheKernelsPing() throws Exception {
    TapLink tun = fx.openInNamespace(Mode.TUN, Frames.KERNEL + "/24");
    int[] answered = {0};
    String output =
        pingWhile(
            tun,
            (frame, off, len) -> {
              if (Frames.isEchoRequestToPeer(frame, off, len)) {
                assertTrue(
                    tun.transmit(len, (out, o, l) -> Frames.echoReply(frame, off, len, out, o)));
                answered[0]++;
              }
            });
    assertEquals(1, answered[0], output);
  }

  @Test
  void tapAnswersTheKernelsArpThenItsPing() throws Exception {
    TapLink tap = fx.openInNamespace(Mode.TAP, Frames.KERNEL + "/24");
    MacAddress kernelMac = tap.kernelMacAddress();
    long peer = Frames.PEER_MAC.bits();
    int[] arps = {0};
    int[] answered = {0};
    String output =
        pingWhile(
            tap,
            (frame, off, len) -> {
              ArpView request = Frames.arpRequestForPeer(frame, off, len);
              if (request != null) {
                assertEquals(kernelMac, new MacAddress(request.senderHardware()));
                assertTrue(
                    tap.transmit(
                        Frames.ARP_FRAME, (out, o, l) -> Frames.arpReply(request, out, o)));
                arps[0]++;
                return;
              }
              EthernetView eth = new EthernetView();
              if (eth.wrap(frame, off, len) == null
                  && eth.etherType() == EtherType.IPV4
                  && eth.destination() == peer
                  && Frames.isEchoRequestToPeer(frame, eth.payloadOffset(), eth.payloadLength())) {
                long from = eth.source();
                assertEquals(kernelMac, new MacAddress(from));
                long ip = eth.payloadOffset();
                int ipLength = eth.payloadLength();
                assertTrue(
                    tap.transmit(
                        len,
                        (out, o, l) -> {
                          Frames.ethernet(out, o, from, peer, EtherType.IPV4);
                          Frames.echoReply(frame, ip, ipLength, out, o + Frames.ETHERNET);
                        }));
                answered[0]++;
              }
            });
    assertTrue(arps[0] >= 1, "the kernel resolves the peer first\n" + output);
    assertEquals(1, answered[0], output);
  }

  /** A frame read from the device, to answer in place. */
  @FunctionalInterface
  interface Responder {
    void onFrame(MemorySegment frame, long off, int len);
  }

  /**
   * Runs {@code ping -c 1 -W 1 192.0.2.2} in the namespace and serves the device meanwhile: waits
   * in {@link TapLink#await}, receives, lets {@code responder} answer. Returns ping's output once
   * it succeeded; fails with it otherwise.
   */
  private String pingWhile(TapLink link, Responder responder) throws Exception {
    Process ping = fx.ns.start("ping", "-c", "1", "-W", "1", Frames.PEER.toString());
    try {
      long end = System.nanoTime() + DEADLINE_NANOS;
      while (ping.isAlive() && System.nanoTime() < end) {
        link.await(TimeUnit.MILLISECONDS.toNanos(20));
        link.receive(responder::onFrame, 64);
      }
      boolean exited = ping.waitFor(1, TimeUnit.SECONDS);
      if (!exited) {
        ping.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      String output = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(exited, "ping did not finish\n" + output);
      assertEquals(0, ping.exitValue(), "ping failed\n" + output);
      assertTrue(output.contains("1 received"), output);
      return output;
    } finally {
      ping.destroyForcibly();
    }
  }
}
