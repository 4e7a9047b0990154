package io.jtcp.io.pcap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.jtcp.testkit.Machine;
import io.jtcp.testkit.OwnThread;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace of one test's own, {@code jtcp-pcap-<random>}, holding a veth pair: {@link
 * #KERNEL_END} with {@link #KERNEL_IP}/24, up, and {@link #JTCP_END}, up with no address, where the
 * driver captures. Both ends stay in the namespace, so nothing sent on either leaves it; {@link
 * #close()} closes the drivers and deletes the namespace, which deletes the pair.
 *
 * <p>The kernel end's transmit offloads are off: with them, veth hands the peer TCP segments whose
 * checksum is not filled in, or several segments as one, which is fine for the kernel (it knows)
 * and wrong for anything reading the peer's frames from a packet socket.
 */
final class VethPair implements AutoCloseable {
  static final String KERNEL_END = "vkernel";
  static final String JTCP_END = "vjtcp";
  static final String KERNEL_IP = "192.0.2.1";
  static final String JTCP_IP = "192.0.2.2";

  final String ns;
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  private VethPair(String ns) {
    this.ns = ns;
  }

  /** Checks the machine (skipping or failing the test), then makes the namespace and the pair. */
  static VethPair create() {
    LiveHost.requireRootAndNetns();
    String name = "jtcp-pcap-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    Machine.run("ip", "netns", "add", name);
    VethPair v = new VethPair(name);
    try {
      v.ip("link", "set", "lo", "up");
      v.ip("link", "add", KERNEL_END, "type", "veth", "peer", "name", JTCP_END);
      for (String end : List.of(KERNEL_END, JTCP_END)) {
        // No IPv6: no router solicitations or MLD reports among the frames the tests read.
        v.exec("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/" + end + "/disable_ipv6");
      }
      v.exec(Machine.offloadsOff(KERNEL_END, "tx", "tso", "gso"));
      v.exec(Machine.offloadsOff(JTCP_END, "gro"));
      v.ip("addr", "add", KERNEL_IP + "/24", "dev", KERNEL_END);
      v.ip("link", "set", KERNEL_END, "up");
      v.ip("link", "set", JTCP_END, "up");
      return v;
    } catch (RuntimeException e) {
      v.close();
      throw e;
    }
  }

  /** {@code ip -n NS ARGS}. */
  String ip(String... args) {
    return Machine.run(prefix(List.of("ip", "-n", ns), args));
  }

  /** {@code ip netns exec NS COMMAND}, to completion; throws if it fails. */
  String exec(String... command) {
    return Machine.run(Machine.inNamespace(ns, command));
  }

  /** {@code ip netns exec NS COMMAND}, to completion, whatever its exit status. */
  Machine.Result tryExec(String... command) {
    return Machine.tryRun(Machine.inNamespace(ns, command));
  }

  /** {@code ip netns exec NS COMMAND}, started, its output merged. */
  Process start(String... command) {
    return Machine.start(Machine.inNamespace(ns, command));
  }

  /** Opens the driver on {@code iface} of this namespace, and closes it in {@link #close()}. */
  PcapLiveLink open(String iface) throws Exception {
    PcapLiveLink link = inside(() -> PcapLiveLink.open(iface));
    opened.push(link);
    return link;
  }

  /** Closes {@code resource} in {@link #close()}, before the drivers it runs on. */
  <T extends AutoCloseable> T track(T resource) {
    opened.push(resource);
    return resource;
  }

  /**
   * Runs {@code body} on a thread of its own that joined the namespace, and returns its result.
   * setns(2) moves only the calling thread (a network namespace belongs to a task, and every Java
   * platform thread is one), and the thread ends afterwards, so nothing else moves; a socket made
   * there, libpcap's included, stays in the namespace whatever thread uses it later.
   */
  <T> T inside(Callable<T> body) throws Exception {
    String path = "/var/run/netns/" + ns;
    return OwnThread.call(
        "in-" + ns,
        () -> {
          Setns.enter(path);
          return body.call();
        });
  }

  private static String[] prefix(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        failure = failure == null ? new IllegalStateException("closing failed", e) : failure;
      }
    }
    Machine.tryRun("ip", "netns", "del", ns);
    if (failure != null) {
      throw failure;
    }
  }

  /** open(2) and setns(2), for joining a namespace by its bind-mounted file. */
  @SuppressWarnings("restricted") // the linker is restricted; surefire grants native access
  private static final class Setns {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle OPEN =
        LINKER.downcallHandle(
            LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS =
        LINKER.downcallHandle(
            LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE =
        LINKER.downcallHandle(
            LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    static void enter(String path) {
      try (Arena arena = Arena.ofConfined()) {
        int fd = (int) OPEN.invokeExact(arena.allocateFrom(path), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          throw new IllegalStateException("cannot open " + path);
        }
        try {
          if ((int) SETNS.invokeExact(fd, CLONE_NEWNET) != 0) {
            throw new IllegalStateException("setns(" + path + ") failed");
          }
        } finally {
          int ignored = (int) CLOSE.invokeExact(fd);
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }
}
