package io.jtcp.core.runtime;

import dagger.Module;
import dagger.Provides;
import io.jtcp.core.api.StackConfig;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.ip.ArpLink;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.Clock;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * How a real-time stack is assembled: the system clock, keyed ISNs and cookies, the engine, its
 * loop.
 */
@Module
interface StackModule {
  @Provides
  @Singleton
  static Clock clock(StackConfig config) {
    return config.clock();
  }

  /**
   * RFC 6528 with a fresh secret per stack; cookies get their own key (a leak of one does not
   * expose the other).
   */
  @Provides
  @Singleton
  static IsnGenerator isn() {
    return Rfc6528IsnGenerator.random();
  }

  @Provides
  @Singleton
  static SynCookies cookies() {
    return SynCookies.random();
  }

  /**
   * The link the engine speaks, which carries bare IPv4: the device itself for TUN and the
   * simulator, or ARP over it for an Ethernet device (TAP, libpcap), with a random locally
   * administered MAC address of the stack's own, as Linux gives a new TAP device.
   */
  @Provides
  @Singleton
  @Named("ip")
  static LinkDriver ipLink(StackConfig config, LinkDriver link, Clock clock) {
    if (link.linkType() != LinkType.ETHERNET) {
      return link;
    }
    return new ArpLink(
        link,
        config.address(),
        config.prefixLength(),
        config.gateway(),
        ArpLink.randomMac(),
        clock);
  }

  @Provides
  @Singleton
  static Stack engine(
      StackConfig config,
      @Named("ip") LinkDriver link,
      IsnGenerator isn,
      SynCookies cookies,
      Clock clock) {
    Stack s =
        new Stack(
            config.address(),
            link,
            config.sysctls(),
            isn,
            cookies,
            config.observer(),
            clock.nanos());
    s.setCongestionRegistry(config.congestion());
    return s;
  }

  @Provides
  @Singleton
  static EventLoop loop(Stack engine, LinkDriver link, Clock clock, StackConfig config) {
    return new EventLoop(engine, link, clock, "jtcp-" + config.address());
  }
}
