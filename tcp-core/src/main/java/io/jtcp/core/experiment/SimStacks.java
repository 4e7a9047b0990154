package io.jtcp.core.experiment;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.congestion.CongestionRegistry;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.sim.SimHost;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;
import java.util.SplittableRandom;

/** The stacks the experiments put on simulated hosts. */
final class SimStacks {
  private SimStacks() {}

  /**
   * A stack on {@code host} whose ISN and cookie keys come from {@code keys} (so a seed replays
   * them), running the algorithm {@code registry} resolves for the sysctl {@code
   * tcp_congestion_control}.
   */
  static Stack attach(
      SimHost host,
      Ipv4Address address,
      Sysctls sysctls,
      CongestionRegistry registry,
      SplittableRandom keys,
      PacketObserver observer,
      long now) {
    return attach(host, host.link(), address, sysctls, registry, keys, observer, now);
  }

  /** As above, on {@code link}: the host's own, or a decorator of it. */
  static Stack attach(
      SimHost host,
      LinkDriver link,
      Ipv4Address address,
      Sysctls sysctls,
      CongestionRegistry registry,
      SplittableRandom keys,
      PacketObserver observer,
      long now) {
    Stack s =
        new Stack(
            address,
            link,
            sysctls,
            new Rfc6528IsnGenerator(keys.nextLong(), keys.nextLong()),
            new SynCookies(keys.nextLong(), keys.nextLong()),
            observer,
            now);
    s.setCongestionRegistry(registry);
    host.attach(s);
    return s;
  }
}
