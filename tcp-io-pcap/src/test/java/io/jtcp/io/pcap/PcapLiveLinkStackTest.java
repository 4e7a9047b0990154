package io.jtcp.io.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.StackConfig;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpConnection;
import io.jtcp.core.api.TcpListener;
import io.jtcp.core.api.TcpStack;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.testkit.Machine;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole jtcp stack on the driver, on a veth endpoint whose peer the kernel owns, in a namespace
 * of each test's own: the kernel resolves the stack with ARP, pings it, and talks TCP with it.
 * Needs root, iproute2, python3, libpcap, ping and python3.
 */
class PcapLiveLinkStackTest {
  private VethPair veth;
  private PcapLiveLink link;
  private TcpStack stack;

  @BeforeEach
  void setUp() throws Exception {
    veth = VethPair.create();
    LiveHost.requireTool("ping", "iputils-ping");
    LiveHost.requireTool("python3", "python3");
    link = veth.open(VethPair.JTCP_END);
    stack =
        veth.track(
            TcpStack.open(
                StackConfig.of(Ipv4Address.parse(VethPair.JTCP_IP))
                    .withSubnet(24, null)
                    .withSysctls(Sysctls.LINUX.with("net.ipv4.tcp_congestion_control", "reno")),
                link));
  }

  @AfterEach
  void tearDown() {
    veth.close();
  }

  @Test
  void kernelPingsTheStack() {
    Machine.Result ping = veth.tryExec("ping", "-c", "3", "-i", "0.2", "-W", "2", VethPair.JTCP_IP);
    assertEquals(0, ping.exit(), ping.output());
    assertTrue(ping.output().contains("3 received"), ping.output());
    assertEquals(0, link.receiveDrops(), "no frame longer than the MTU");
  }

  /** The kernel sends 4 MiB to a jtcp echo server and checks that the same bytes come back. */
  @Test
  void kernelTcpClient_getsItsBytesEchoed() throws Exception {
    TcpListener listener = stack.listen(7);
    CompletableFuture<Long> echoed = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (TcpConnection c = listener.accept()) {
                InputStream in = c.inputStream();
                OutputStream out = c.outputStream();
                byte[] b = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(b)) > 0) {
                  out.write(b, 0, n);
                  total += n;
                }
                c.shutdownOutput();
                echoed.complete(total);
              } catch (Exception e) {
                echoed.completeExceptionally(e);
              }
            });
    // The client sends on a thread of its own while it reads, so neither window stalls the other.
    String script =
        "import os,socket,threading,hashlib\n"
            + "data=os.urandom(4<<20)\n"
            + "s=socket.create_connection(('"
            + VethPair.JTCP_IP
            + "',7),timeout=30)\n"
            + "def up():\n"
            + "  s.sendall(data)\n"
            + "  s.shutdown(socket.SHUT_WR)\n"
            + "t=threading.Thread(target=up)\n"
            + "t.start()\n"
            + "got=bytearray()\n"
            + "while True:\n"
            + "  b=s.recv(1<<16)\n"
            + "  if not b: break\n"
            + "  got+=b\n"
            + "t.join()\n"
            + "print('same' if bytes(got)==data else 'differs', len(got))\n";
    Machine.Result client = veth.tryExec("python3", "-c", script);
    assertEquals(0, client.exit(), client.output());
    assertEquals("same 4194304", client.output().strip());
    assertEquals(4L << 20, echoed.get(30, TimeUnit.SECONDS));
    assertEquals(0, link.receiveDrops(), "no frame longer than the MTU");
    assertTrue(link.framesReceived() > 2900, "4 MiB in MSS-sized frames: " + link.framesReceived());
  }
}
