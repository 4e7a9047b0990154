package io.jtcp.io.tap;

import io.jtcp.testkit.Machine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One test's devices and namespace, released in {@link #close()} whatever the test did: drivers
 * closed (which deletes the devices they created, wherever they moved), persistent devices of the
 * root namespace deleted, then the namespace deleted.
 */
final class TapFixture implements AutoCloseable {
  final Netns ns;
  private final Deque<TapLink> links = new ArrayDeque<>();
  private final List<String> rootDevices = new ArrayList<>();

  private TapFixture(Netns ns) {
    this.ns = ns;
  }

  /** Checks the machine (skipping or failing the test), then makes the namespace. */
  static TapFixture create() {
    Host.requireRootAndTun();
    return new TapFixture(Netns.create());
  }

  /** A name no other test run uses: "jt" and eight hex digits. */
  static String uniqueName() {
    return "jt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  }

  /** Opens in the root namespace and remembers the driver, to close it. */
  TapLink open(String nameOrPattern, TapLink.Mode mode) throws TapException {
    return track(TapLink.open(nameOrPattern, mode));
  }

  TapLink track(TapLink link) {
    links.push(link);
    return link;
  }

  /**
   * Creates a device through the driver, moves it into the namespace and gives the kernel's side
   * {@code address} (with its prefix), up. Nothing is written before the move, so no frame ever
   * reaches the root namespace.
   */
  TapLink openInNamespace(TapLink.Mode mode, String addressWithPrefix) throws TapException {
    TapLink link = open(uniqueName(), mode);
    ns.adopt(link);
    ns.configure(link.name(), addressWithPrefix);
    return link;
  }

  /**
   * {@code ip tuntap add dev NAME mode MODE EXTRA...} in the root namespace: a persistent device,
   * down and without an address, so it carries nothing; deleted by {@link #close()}.
   */
  void persistentDevice(String name, TapLink.Mode mode, String... extra) {
    List<String> command =
        new ArrayList<>(List.of("ip", "tuntap", "add", "dev", name, "mode", mode.kind()));
    command.addAll(List.of(extra));
    rootDevices.add(name);
    Machine.run(command.toArray(String[]::new));
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    while (!links.isEmpty()) {
      try {
        links.pop().close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    for (String device : rootDevices) {
      if (Host.linkExists(device)) {
        Machine.tryRun("ip", "link", "del", "dev", device);
      }
    }
    ns.close();
    if (failure != null) {
      throw failure;
    }
  }
}
