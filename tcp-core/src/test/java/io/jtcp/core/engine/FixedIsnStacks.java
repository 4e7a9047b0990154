package io.jtcp.core.engine;

import io.jtcp.core.api.Sysctls;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.PacketObserver;
import io.jtcp.core.wire.Ipv4Address;

/**
 * Stacks for the tests that drive two of them from one thread on a virtual clock: Linux's sysctls,
 * a fixed initial sequence number and fixed cookie keys, so that a run replays exactly, starting at
 * time 0.
 */
final class FixedIsnStacks {
  private FixedIsnStacks() {}

  static Stack on(Ipv4Address address, LinkDriver link, int isn) {
    return on(address, link, isn, PacketObserver.NONE);
  }

  static Stack on(Ipv4Address address, LinkDriver link, int isn, PacketObserver observer) {
    return new Stack(
        address,
        link,
        Sysctls.LINUX,
        IsnGenerator.fixed(isn),
        new SynCookies(isn, isn + 1),
        observer,
        0);
  }
}
