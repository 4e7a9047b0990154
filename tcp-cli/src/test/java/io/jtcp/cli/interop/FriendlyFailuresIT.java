package io.jtcp.cli.interop;

import static io.jtcp.cli.interop.Sandbox.JTCP;
import static io.jtcp.cli.interop.Sandbox.KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The common mistakes, made the way a person makes them: the real jar as a process, its exit code
 * and the one line it prints. Usage errors exit 2 and name the option; runtime failures exit 1 and
 * say what happened and what to do. (No JDK 25 is {@link LauncherIT}.)
 */
class FriendlyFailuresIT {
  private static final String LINK = "tap:" + Sandbox.DEVICE;
  private static final String IP = JTCP + "/24";

  @BeforeAll
  static void tools() {
    Sandbox.requireCapable("ip", "setpriv", "unshare", "mount");
  }

  private record Outcome(int exit, String err) {}

  /** The jar with {@code prefix} before java (setpriv, unshare ...), outside any namespace. */
  private static Outcome jtcp(List<String> prefix, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(Sandbox.jar().toAbsolutePath().toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jtcp did not finish: " + cmd);
    return new Outcome(p.exitValue(), err);
  }

  private static Outcome jtcp(String... args) throws Exception {
    return jtcp(List.of(), args);
  }

  private static void lastLine(Outcome o, int exit, String line) {
    List<String> lines = o.err().lines().toList();
    assertEquals(exit, o.exit(), o.err());
    assertEquals(line, lines.getLast(), o.err());
  }

  @Test
  void anAddressWithoutAPrefixSaysWhatToWrite() throws Exception {
    Outcome o = jtcp("connect", KERNEL, "80", "--link", LINK, "--ip", JTCP);
    assertEquals(2, o.exit(), o.err());
    assertTrue(o.err().startsWith("--ip needs a prefix length: write " + JTCP + "/24"), o.err());
  }

  @Test
  void aPortOutOfRangeSaysTheRange() throws Exception {
    Outcome o = jtcp("listen", "70000", "--link", LINK, "--ip", IP);
    assertEquals(2, o.exit(), o.err());
    assertTrue(o.err().startsWith("PORT must be 1-65535; got 70000"), o.err());
  }

  @Test
  void anUnknownCongestionControlListsTheKnownOnes() throws Exception {
    Outcome o = jtcp("sim", "transfer", "--cc", "bogus");
    assertTrue(o.exit() == 2 || o.exit() == 1, o.err());
    assertTrue(o.err().contains("bogus"), o.err());
    assertTrue(o.err().contains("cubic") && o.err().contains("reno"), o.err());
  }

  @Test
  void withoutPermissionTheDeviceErrorSaysWhatToDo() throws Exception {
    // uid and gid 65534 (nobody) with no capabilities: /dev/net/tun opens, creating a device
    // does not.
    Outcome o =
        jtcp(
            List.of(
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"),
            "listen",
            "8080",
            "--link",
            "tap:jtnoperm0",
            "--ip",
            IP);
    assertEquals(1, o.exit(), o.err());
    assertTrue(o.err().startsWith("jtcp: permission denied"), o.err());
    assertTrue(o.err().contains("CAP_NET_ADMIN"), o.err());
    assertTrue(o.err().contains("ip tuntap add dev jtnoperm0 mode tap user"), o.err());
  }

  @Test
  void withoutLibpcapThePcapLinkSaysWhatToInstall() throws Exception {
    // A mount namespace of this test's own where every libpcap file reads as empty.
    Outcome o =
        jtcp(
            List.of(
                "unshare",
                "-m",
                "sh",
                "-c",
                "for f in /usr/lib/*/libpcap.so* /usr/lib/libpcap.so* /lib/*/libpcap.so*; do"
                    + " [ -e \"$f\" ] && mount --bind /dev/null \"$f\"; done; exec \"$0\" \"$@\""),
            "get",
            "http://" + KERNEL + "/",
            "--link",
            "pcap:lo",
            "--ip",
            IP);
    assertEquals(1, o.exit(), o.err());
    assertTrue(o.err().startsWith("jtcp: libpcap not found (tried "), o.err());
    assertTrue(o.err().contains("install libpcap0.8 (Debian/Ubuntu)"), o.err());
  }

  @Test
  void aDeviceInUseIsNamed() throws Exception {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Proc first = s.jtcp("listen", "8080", "--link", LINK, "--ip", IP);
      first.awaitStderr("listening on");
      Sandbox.Result second = s.jtcp("listen", "8081", "--link", LINK, "--ip", IP).finish();
      assertEquals(1, second.exit(), second.all());
      assertTrue(
          second.stderr().startsWith("jtcp: device " + Sandbox.DEVICE + " is in use"),
          second.all());
    }
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    try (Sandbox s = Sandbox.create("tap")) {
      Sandbox.Result r = s.jtcp("connect", KERNEL, "81", "--link", LINK, "--ip", IP).finish();
      assertEquals(1, r.exit(), r.all());
      assertEquals("jtcp: connection refused by " + KERNEL + ":81", r.stderr(), r.all());
    }
  }

  @Test
  void aConnectTimeoutCountsItsSyns() throws Exception {
    try (Sandbox s = Sandbox.create("tap")) {
      // The kernel answers the SYNs to its closed port with RSTs, but routes them into a
      // blackhole (more specific than the subnet's route), so jtcp hears nothing back. ARP still
      // works: the kernel answers a request without routing the reply.
      s.run("ip", "route", "add", "blackhole", JTCP + "/32");
      Sandbox.Result r =
          s.jtcp(
                  "connect",
                  KERNEL,
                  "9",
                  "--link",
                  LINK,
                  "--ip",
                  IP,
                  "--sysctl",
                  "net.ipv4.tcp_syn_retries=1")
              .finish();
      assertEquals(1, r.exit(), r.all());
      // tcp_syn_retries=1: the SYN and one retransmission, 1 s apart, then 2 s more (RFC 6298
      // backoff), as Linux's connect() gives up after 3 s.
      assertEquals(
          "jtcp: connect to " + KERNEL + ":9 timed out: 2 SYNs sent over 3 s with no answer",
          r.stderr(),
          r.all());
    }
  }
}
