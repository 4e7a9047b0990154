package io.jtcp.core.runtime;

import dagger.Module;
import dagger.Provides;
import io.jtcp.core.api.StackConfig;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.isn.Rfc6528IsnGenerator;
import io.jtcp.core.isn.SynCookies;
import io.jtcp.core.spi.Clock;
import io.jtcp.core.spi.IsnGenerator;
import io.jtcp.core.spi.LinkDriver;
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

  @Provides
  @Singleton
  static Stack engine(
      StackConfig config, LinkDriver link, IsnGenerator isn, SynCookies cookies, Clock clock) {
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
