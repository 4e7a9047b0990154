package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.api.SocketOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * {@code --sysctl} and {@code --option} reject unknown names and bad values as usage errors (exit
 * 2) that list what is valid, before any device is opened: the link named here does not exist.
 */
class TuningOptionsTest {
  private record Outcome(int exit, String err) {}

  private static Outcome run(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    return new Outcome(exit, err.toString());
  }

  private static final String[] CONNECT = {
    "connect", "192.0.2.1", "80", "--link", "tap:jtcp-never-opened", "--ip", "192.0.2.2/24"
  };

  private static String[] connect(String... extra) {
    String[] all = new String[CONNECT.length + extra.length];
    System.arraycopy(CONNECT, 0, all, 0, CONNECT.length);
    System.arraycopy(extra, 0, all, CONNECT.length, extra.length);
    return all;
  }

  @Test
  void anUnknownSysctlListsTheKnownOnes() {
    Outcome o = run(connect("--sysctl", "tcp_bogus=1"));
    assertEquals(2, o.exit(), o.err());
    assertTrue(
        o.err().contains("--sysctl tcp_bogus=1: unknown sysctl 'tcp_bogus'; known: "), o.err());
    assertTrue(o.err().contains("net.ipv4.tcp_syn_retries"), o.err());
  }

  @Test
  void aSysctlWithABadValueSaysWhatItTakes() {
    Outcome o = run(connect("--sysctl", "net.ipv4.tcp_syn_retries=many"));
    assertEquals(2, o.exit(), o.err());
    assertTrue(
        o.err().contains("sysctl net.ipv4.tcp_syn_retries takes a number; got 'many'"), o.err());
  }

  @Test
  void anUnknownSocketOptionListsTheKnownOnes() {
    Outcome o = run(connect("--option", "SO_BROADCAST=1"));
    assertEquals(2, o.exit(), o.err());
    assertTrue(
        o.err()
            .contains(
                "--option SO_BROADCAST=1: unknown socket option 'SO_BROADCAST'; known: "
                    + String.join(", ", SocketOptions.NAMES)),
        o.err());
  }

  @Test
  void aSettingWithoutEqualsShowsTheForm() {
    Outcome o = run(connect("--option", "TCP_NODELAY"));
    assertEquals(2, o.exit(), o.err());
    assertTrue(
        o.err().contains("--option takes NAME=VALUE, e.g. TCP_NODELAY=1; got 'TCP_NODELAY'"),
        o.err());
  }

  @Test
  void listenAndGetTakeThemToo() {
    Outcome listen =
        run(
            "listen",
            "8080",
            "--link",
            "tap:jtcp-never-opened",
            "--ip",
            "192.0.2.2/24",
            "--option",
            "SO_LINGER=x");
    assertEquals(2, listen.exit(), listen.err());
    assertTrue(listen.err().contains("SO_LINGER takes a number; got 'x'"), listen.err());
    Outcome get =
        run(
            "get",
            "http://192.0.2.1/",
            "--link",
            "tap:jtcp-never-opened",
            "--ip",
            "192.0.2.2/24",
            "--sysctl",
            "tcp_sack=maybe");
    assertEquals(2, get.exit(), get.err());
    assertTrue(get.err().contains("--sysctl tcp_sack=maybe"), get.err());
  }
}
