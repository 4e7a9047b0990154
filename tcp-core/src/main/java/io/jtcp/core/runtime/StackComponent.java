package io.jtcp.core.runtime;

import dagger.BindsInstance;
import dagger.Component;
import io.jtcp.core.api.StackConfig;
import io.jtcp.core.engine.Stack;
import io.jtcp.core.spi.LinkDriver;
import javax.inject.Singleton;

/** The Dagger component behind {@link io.jtcp.core.api.TcpStack#open}: one per stack. */
@Singleton
@Component(modules = StackModule.class)
public interface StackComponent {
  Stack engine();

  EventLoop loop();

  /** Builds a component from what only the caller knows. */
  @Component.Factory
  interface Factory {
    StackComponent create(@BindsInstance StackConfig config, @BindsInstance LinkDriver link);
  }

  static StackComponent create(StackConfig config, LinkDriver link) {
    return DaggerStackComponent.factory().create(config, link);
  }
}
