package io.jtcp.core.experiment;

import io.jtcp.core.sim.SimNetwork;

/**
 * An application action the simulator runs at the current instant, once however often it is asked
 * for before it runs: engine callbacks ask for it, and the action then sees the engine between
 * events, as a real application woken by them would.
 */
final class Soon {
  private final SimNetwork net;
  private final Runnable action;
  private boolean queued;

  Soon(SimNetwork net, Runnable action) {
    this.net = net;
    this.action = action;
  }

  void request() {
    if (!queued) {
      queued = true;
      net.schedule(net.now(), this::run);
    }
  }

  private void run() {
    queued = false;
    action.run();
  }
}
