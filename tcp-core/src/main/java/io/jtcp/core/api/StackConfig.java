package io.jtcp.core.api;

import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.spi.Clock;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a stack is: its address and subnet, its gateway, its knobs, the clock it reads and who
 * watches its segments.
 *
 * @param address this host's IPv4 address
 * @param prefixLength the subnet's prefix length (0: every address is on the link, as on the
 *     simulator)
 * @param gateway where packets for other subnets go, or null for none
 * @param sysctls stack-wide knobs (Linux's names and defaults)
 * @param clock the runtime's clock ({@link Clock#system()})
 * @param observer sees every segment and state change ({@link PacketObserver#NONE})
 * @param congestion the congestion-control algorithms by name ({@link
 *     CongestionRegistry#discover()}: the core's reno and whatever the class path adds, such as
 *     {@code tcp-congestion}'s cubic); {@code net.ipv4.tcp_congestion_control} must name one
 */
public record StackConfig(
    Ipv4Address address,
    int prefixLength,
    @Nullable Ipv4Address gateway,
    Sysctls sysctls,
    Clock clock,
    PacketObserver observer,
    CongestionRegistry congestion) {
  public StackConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(congestion, "congestion");
    Objects.requireNonNull(sysctls, "sysctls");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(observer, "observer");
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be in [0, 32]; got " + prefixLength);
    }
    if (gateway != null && !onLink(address, prefixLength, gateway)) {
      throw new IllegalArgumentException(
          "gateway "
              + gateway
              + " is not in "
              + address
              + "/"
              + prefixLength
              + ": it must be on the link");
    }
  }

  /** Every address on the link, no gateway, Linux's defaults, the system clock, no observer. */
  public static StackConfig of(Ipv4Address address) {
    return new StackConfig(
        address,
        0,
        null,
        Sysctls.LINUX,
        Clock.system(),
        PacketObserver.NONE,
        CongestionRegistry.discover());
  }

  public StackConfig withSubnet(int prefix, @Nullable Ipv4Address gw) {
    return new StackConfig(address, prefix, gw, sysctls, clock, observer, congestion);
  }

  public StackConfig withSysctls(Sysctls s) {
    return new StackConfig(address, prefixLength, gateway, s, clock, observer, congestion);
  }

  public StackConfig withObserver(PacketObserver o) {
    return new StackConfig(address, prefixLength, gateway, sysctls, clock, o, congestion);
  }

  public StackConfig withCongestion(CongestionRegistry registry) {
    return new StackConfig(address, prefixLength, gateway, sysctls, clock, observer, registry);
  }

  /** Whether {@code destination} can be reached: on the link, or through the gateway. */
  public boolean routes(Ipv4Address destination) {
    return gateway != null || onLink(address, prefixLength, destination);
  }

  private static boolean onLink(Ipv4Address self, int prefix, Ipv4Address other) {
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return (self.bits() & mask) == (other.bits() & mask);
  }
}
