package io.jtcp.cli;

import io.jtcp.core.api.StackConfig;
import io.jtcp.core.api.Sysctls;
import io.jtcp.core.api.TcpStack;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.sim.FaultyLink;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.io.pcap.PcapLiveLink;
import io.jtcp.io.tap.TapLink;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a real-time stack runs: {@code --link tap:NAME|tun:NAME|pcap:IFACE}, {@code --ip
 * ADDR/PREFIX} and {@code --gw ADDR}, shared by {@code listen}, {@code connect} and {@code get}.
 */
final class LinkOptions {
  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--link",
      required = true,
      paramLabel = "DRIVER",
      description = {
        "tap:NAME (Ethernet, with ARP) or tun:NAME (bare IPv4): an existing device, or a new one",
        "(NAME may be a pattern such as jtcp%%d). Needs CAP_NET_ADMIN unless the device exists",
        "and belongs to you (ip tuntap add dev NAME mode tap user $USER).",
        "pcap:IFACE: an existing Ethernet interface or veth endpoint, through libpcap, as one more",
        "host on its wire with a MAC address of its own; --ip must be an address no other host",
        "(the kernel included) has. Needs CAP_NET_RAW and CAP_NET_ADMIN (root) and libpcap."
      })
  String link;

  @Option(
      names = "--ip",
      required = true,
      paramLabel = "ADDR/PREFIX",
      description = "This stack's address and subnet, e.g. 192.0.2.2/24.")
  String ip;

  @Option(
      names = "--gw",
      paramLabel = "ADDR",
      description = "The gateway for destinations outside the subnet.")
  @Nullable String gateway;

  @Option(
      names = "--offload",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = {
        "On TAP and TUN: checksum and TCP segmentation offload (IFF_VNET_HDR), so that a burst",
        "of segments crosses the device as one 64 KB super-frame each way, as with a virtio NIC.",
        "On by default; --no-offload moves one MTU-sized frame per system call."
      })
  boolean offload;

  @Option(
      names = "--loss",
      paramLabel = "P",
      converter = Probability.Converter.class,
      description = {
        "Drop this share of frames in each direction on jtcp's side of the device (the",
        "fault-injecting decorator, seeded): a lossy real path, e.g. 2%% or 0.02."
      })
  double loss;

  @Option(
      names = "--pcap",
      paramLabel = "FILE",
      description =
          "Capture jtcp's side of the device to a pcap file (wall-clock time), as tcpdump on it"
              + " would.")
  java.nio.file.@Nullable Path pcap;

  /** The address and prefix from {@code --ip}. */
  record Address(Ipv4Address address, int prefix) {}

  Address address() {
    int slash = ip.indexOf('/');
    if (slash < 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--ip needs a prefix length: write " + ip + "/24 (or the subnet's real prefix)");
    }
    try {
      int prefix = Integer.parseInt(ip.substring(slash + 1));
      if (prefix < 1 || prefix > 32) {
        throw new NumberFormatException();
      }
      return new Address(Ipv4Address.parse(ip.substring(0, slash)), prefix);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(), "--ip: the prefix length must be 1-32; got '" + ip + "'");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--ip: " + e.getMessage());
    }
  }

  StackConfig config(
      CongestionRegistry algorithms, Sysctls sysctls, io.jtcp.core.spi.PacketObserver observer) {
    Address a = address();
    Ipv4Address gw = null;
    if (gateway != null) {
      try {
        gw = Ipv4Address.parse(gateway);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--gw: " + e.getMessage());
      }
    }
    try {
      return StackConfig.of(a.address())
          .withSysctls(sysctls)
          .withSubnet(a.prefix(), gw)
          .withCongestion(algorithms)
          .withObserver(observer);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--gw: " + e.getMessage());
    }
  }

  LinkDriver open() throws IOException {
    int colon = link.indexOf(':');
    String kind = colon < 0 ? link : link.substring(0, colon);
    String name = colon < 0 ? "" : link.substring(colon + 1);
    if (!kind.equals("tap") && !kind.equals("tun") && !kind.equals("pcap")) {
      throw new ParameterException(
          spec.commandLine(),
          "--link: unknown driver '" + link + "'; use tap:NAME, tun:NAME or pcap:IFACE");
    }
    if (name.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "--link "
              + kind
              + ": needs "
              + (kind.equals("pcap")
                  ? "an interface name, e.g. pcap:veth0"
                  : "a device name, e.g. " + kind + ":jtcp0"));
    }
    LinkDriver link =
        switch (kind) {
          case "pcap" -> PcapLiveLink.open(name);
          case "tun" -> TapLink.open(name, TapLink.Mode.TUN, offload);
          default -> TapLink.open(name, TapLink.Mode.TAP, offload);
        };
    java.nio.file.Path file = pcap;
    if (file != null) {
      // The capture sits next to the device, under the fault injection: it records what crossed
      // the wire, as tcpdump on the device would.
      long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
      try {
        link =
            io.jtcp.io.pcap.CaptureLink.toFile(link, file, () -> epochOffset + System.nanoTime());
      } catch (IOException e) {
        link.close();
        throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }
    if (loss <= 0) {
      return link;
    }
    FaultyLink.Faults f = FaultyLink.Faults.NONE.withLossRate(loss);
    return new FaultyLink(link, f, f, System.nanoTime());
  }

  /** Opens the link and starts a stack on it. */
  TcpStack start(
      CongestionRegistry algorithms, Sysctls sysctls, io.jtcp.core.spi.PacketObserver observer)
      throws IOException {
    StackConfig config = config(algorithms, sysctls, observer);
    LinkDriver l = open();
    try {
      return TcpStack.open(config, l);
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
  }
}
