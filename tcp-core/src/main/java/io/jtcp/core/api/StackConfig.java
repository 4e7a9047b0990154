package io.jtcp.core.api;

import io.jtcp.core.spi.Clock;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.util.Objects;

/**
 * What a stack is: its address, its knobs, the clock it reads and who watches its segments.
 *
 * @param address this host's IPv4 address
 * @param sysctls stack-wide knobs (Linux's names and defaults)
 * @param clock the runtime's clock ({@link Clock#system()})
 * @param observer sees every segment and state change ({@link PacketObserver#NONE})
 */
public record StackConfig(
    Ipv4Address address, Sysctls sysctls, Clock clock, PacketObserver observer) {
  public StackConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(sysctls, "sysctls");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(observer, "observer");
  }

  /** Linux's defaults, the system clock, no observer. */
  public static StackConfig of(Ipv4Address address) {
    return new StackConfig(address, Sysctls.LINUX, Clock.system(), PacketObserver.NONE);
  }

  public StackConfig withSysctls(Sysctls s) {
    return new StackConfig(address, s, clock, observer);
  }

  public StackConfig withObserver(PacketObserver o) {
    return new StackConfig(address, sysctls, clock, o);
  }
}
