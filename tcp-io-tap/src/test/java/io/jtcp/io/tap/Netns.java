package io.jtcp.io.tap;

import io.jtcp.testkit.Machine;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace of a test's own, {@code jtcp-tap-<random>}: the kernel's side of the test's
 * devices lives here, so whatever the kernel sends or answers on them stays inside. Deleting it
 * deletes any device still in it.
 */
final class Netns implements AutoCloseable {
  final String name;

  private Netns(String name) {
    this.name = name;
  }

  static Netns create() {
    String name = "jtcp-tap-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Machine.run("ip", "netns", "add", name);
    return new Netns(name);
  }

  /** {@code ip -n NS ARGS}. */
  String ip(String... args) {
    return Machine.run(prefix(List.of("ip", "-n", name), args));
  }

  /** {@code ip netns exec NS COMMAND}, to completion. */
  Machine.Result exec(String... command) {
    return Machine.tryRun(Machine.inNamespace(name, command));
  }

  /** {@code ip netns exec NS COMMAND}, started. */
  Process start(String... command) {
    return Machine.start(Machine.inNamespace(name, command));
  }

  /**
   * Moves a device the driver opened in the root namespace into this one. The driver's descriptor
   * stays attached: tun's file follows its device, not a namespace.
   */
  void adopt(TapLink link) {
    Machine.run("ip", "link", "set", "dev", link.name(), "netns", name);
  }

  /** Gives the kernel's side of {@code device} an address and brings it up, IPv6 off. */
  void configure(String device, String addressWithPrefix) {
    // No IPv6 on it: no router solicitations or MLD reports among the frames the tests read.
    String knob = "/proc/sys/net/ipv6/conf/" + device + "/disable_ipv6";
    Machine.run(
        prefix(
            List.of("ip", "netns", "exec", name),
            "sh",
            "-c",
            "[ ! -e " + knob + " ] || echo 1 > " + knob));
    ip("addr", "add", addressWithPrefix, "dev", device);
    ip("link", "set", "dev", device, "up");
  }

  /** A counter of {@code /sys/class/net/DEVICE/statistics} as the namespace sees it. */
  long statistic(String device, String counter) {
    Machine.Result r = exec("cat", "/sys/class/net/" + device + "/statistics/" + counter);
    if (r.exit() != 0) {
      throw new IllegalStateException("no " + counter + " for " + device + ": " + r.output());
    }
    return Long.parseLong(r.output().strip());
  }

  boolean hasLink(String device) {
    return Machine.tryRun("ip", "-n", name, "link", "show", "dev", device).exit() == 0;
  }

  private static String[] prefix(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Override
  public void close() {
    Machine.tryRun("ip", "netns", "del", name);
  }
}
