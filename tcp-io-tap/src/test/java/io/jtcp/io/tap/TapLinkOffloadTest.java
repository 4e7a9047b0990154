package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.StackConfig;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpListener;
import io.jtcp.core.api.TcpStack;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.io.tap.TapLink.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A jtcp stack on a device opened with checksum and segmentation offload exchanges 8 MiB with the
 * kernel's TCP each way, intact: the kernel's 64 KB super-frames arrive whole with their partial
 * checksums completed, and the super-frames jtcp's bursts become are cut by the kernel into the
 * segments jtcp meant. Needs root, /dev/net/tun and socat.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TapLinkOffloadTest {
  private static final int BYTES = 8 << 20;

  private TapFixture fx;

  @BeforeEach
  void setUp() {
    fx = TapFixture.create();
    Host.requireTool("socat", "socat");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private TapLink open(Mode mode) throws TapException {
    TapLink link = fx.track(TapLink.open(TapFixture.uniqueName(), mode, true));
    fx.ns.adopt(link);
    fx.ns.configure(link.name(), Frames.KERNEL + "/24");
    return link;
  }

  private static TcpStack stack(TapLink link) {
    // Reno: CUBIC lives in tcp-congestion, which this module does not depend on.
    return TcpStack.open(
        StackConfig.of(Frames.PEER)
            .withSysctls(Sysctls.LINUX.with("tcp_congestion_control", "reno"))
            .withSubnet(24, null),
        link);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theKernelsSuperFramesArriveWholeAndIntact(Mode mode) throws Exception {
    TapLink link = open(mode);
    byte[] data = random(1);
    try (TcpStack stack = stack(link);
        TcpListener listener = stack.listen(9001)) {
      Process socat =
          fx.ns.start("socat", "-u", "-b", "65536", "STDIN", "TCP:" + Frames.PEER + ":9001");
      CompletableFuture<Void> feed =
          CompletableFuture.runAsync(
              () -> {
                try (OutputStream in = socat.getOutputStream()) {
                  in.write(data);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      byte[] got;
      try (TcpConnection c = listener.accept()) {
        got = c.inputStream().readAllBytes();
      }
      feed.get(60, TimeUnit.SECONDS);
      assertEquals(0, socat.waitFor(), "socat's exit status");
      assertArrayEquals(digest(data), digest(got), "SHA-256 of the " + got.length + " bytes");
    }
    assertTrue(
        link.superFramesReceived() > 0,
        "the kernel sent no super-frame: TUNSETOFFLOAD did not take effect");
    assertEquals(0, link.receiveDrops(), "frames dropped for their virtio header or length");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void jtcpsBurstsReachTheKernelAsTheSegmentsTheyWere(Mode mode) throws Exception {
    TapLink link = open(mode);
    byte[] data = random(2);
    Process socat =
        fx.ns.start(
            "socat", "-u", "-b", "65536", "TCP-LISTEN:9002,bind=" + Frames.KERNEL, "STDOUT");
    CompletableFuture<byte[]> received =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream out = socat.getInputStream()) {
                return out.readAllBytes();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    try (TcpStack stack = stack(link);
        TcpConnection c = connectWhenListening(stack, Frames.KERNEL, 9002)) {
      c.outputStream().write(data);
      c.shutdownOutput();
      c.inputStream().transferTo(OutputStream.nullOutputStream());
      // Before the stack closes the link, and the device with it: the kernel dropped nothing
      // the driver wrote (a malformed virtio header or super-frame is counted here).
      assertEquals(
          0, fx.ns.statistic(link.name(), "rx_dropped"), "the kernel dropped frames jtcp wrote");
    }
    byte[] got = received.get(60, TimeUnit.SECONDS);
    assertEquals(0, socat.waitFor(), "socat's exit status");
    assertArrayEquals(digest(data), digest(got), "SHA-256 of the " + got.length + " bytes");
    assertEquals(
        0, link.transmitDrops(), "writes the kernel refused (EINVAL: a bad virtio header)");
    assertTrue(link.superFramesTransmitted() > 0, "no burst was sent as a super-frame");
    assertTrue(
        link.framesTransmitted() > link.superFramesTransmitted() * 2,
        "super-frames carry several segments: "
            + link.framesTransmitted()
            + " segments in "
            + link.superFramesTransmitted());
  }

  /** socat starts listening a moment after it is started: retry a refused connect, boundedly. */
  private static TcpConnection connectWhenListening(TcpStack stack, Ipv4Address to, int port)
      throws IOException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return stack.connect(to, port);
      } catch (ConnectException e) {
        if (attempt == 100) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private static byte[] random(long seed) {
    byte[] b = new byte[BYTES];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] digest(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }
}
