package io.jtcp.cli.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.jtcp.testkit.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of one test's own, {@code jtcp-it-<random>}, holding a TAP or TUN device
 * whose kernel side is 192.0.2.1/24 (TEST-NET-1) and on which jtcp runs as 192.0.2.2. Everything
 * the test starts runs inside it; closing it kills what is still running and deletes the namespace
 * with its device, so nothing is left and no packet can leave.
 */
final class Sandbox implements AutoCloseable {
  static final String KERNEL = "192.0.2.1";
  static final String JTCP = "192.0.2.2";
  static final String DEVICE = "jt0";
  static final long TIMEOUT_SECONDS = 120;

  final String name;
  private final List<Process> started = new ArrayList<>();

  private Sandbox(String name) {
    this.name = name;
  }

  /**
   * Skips the test with the reason when the machine cannot run it (not root, no /dev/net/tun, a
   * tool missing); under CI ({@code CI=true}) fails instead, since CI must run these tests.
   */
  static void requireCapable(String... tools) {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name"))) {
      missing.add("root (network namespaces and TAP devices need CAP_NET_ADMIN)");
    }
    if (!Files.exists(Path.of("/dev/net/tun"))) {
      missing.add("/dev/net/tun (modprobe tun)");
    }
    for (String t : tools) {
      if (!onPath(t)) {
        missing.add(t + " (apt-get install " + packageOf(t) + ")");
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String why = "kernel interop tests need " + String.join(", ", missing);
    if ("true".equals(System.getenv("CI"))) {
      fail(why + "; CI must run them (.ci/run installs the tools)");
    }
    Assumptions.abort(why);
  }

  private static String packageOf(String tool) {
    return switch (tool) {
      case "ip" -> "iproute2";
      case "ping" -> "iputils-ping";
      case "ss", "tc" -> "iproute2";
      case "sysctl" -> "procps";
      case "script" -> "bsdutils";
      case "unshare", "setpriv" -> "util-linux";
      default -> tool;
    };
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** A namespace with {@link #DEVICE} in {@code mode} ("tap" or "tun"), configured and up. */
  static Sandbox create(String mode) {
    String name = "jtcp-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    host("ip", "netns", "add", name);
    Sandbox s = new Sandbox(name);
    try {
      s.run("ip", "link", "set", "lo", "up");
      s.run("ip", "tuntap", "add", "dev", DEVICE, "mode", mode);
      s.run("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/" + DEVICE + "/disable_ipv6");
      s.run("ip", "addr", "add", KERNEL + "/24", "dev", DEVICE);
      s.run("ip", "link", "set", DEVICE, "up");
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * A namespace with a veth pair: {@code kernelEnd} is the kernel's, with {@link #KERNEL}/24, and
   * {@code jtcpEnd} is up without an address, for jtcp to run on through libpcap. Both ends stay in
   * the namespace. The kernel end's transmit offloads are off, since with them veth hands its peer
   * TCP segments whose checksum is not filled in, or several segments as one, which a packet socket
   * on the peer (libpcap) passes on as they are.
   */
  static Sandbox createVeth(String kernelEnd, String jtcpEnd) {
    String name = "jtcp-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    host("ip", "netns", "add", name);
    Sandbox s = new Sandbox(name);
    try {
      s.run("ip", "link", "set", "lo", "up");
      s.run("ip", "link", "add", kernelEnd, "type", "veth", "peer", "name", jtcpEnd);
      for (String end : List.of(kernelEnd, jtcpEnd)) {
        s.run("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/" + end + "/disable_ipv6");
      }
      // The offloads off, without needing ethtool (Machine.offloadsOff).
      s.run(Machine.offloadsOff(kernelEnd, "tx", "tso", "gso"));
      s.run(Machine.offloadsOff(jtcpEnd, "gro"));
      s.run("ip", "addr", "add", KERNEL + "/24", "dev", kernelEnd);
      s.run("ip", "link", "set", kernelEnd, "up");
      s.run("ip", "link", "set", jtcpEnd, "up");
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Sets a sysctl inside the namespace (net.ipv4.tcp_* are per namespace). */
  void sysctl(String name, String value) {
    run("sysctl", "-q", "-w", name + "=" + value);
  }

  /** The result of a finished command. */
  record Result(int exit, String stdout, String stderr) {
    String all() {
      return "exit " + exit + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  /** Runs a command inside the namespace to completion; fails the test if it does not exit 0. */
  Result run(String... command) {
    Result r = tryRun(command);
    if (r.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + r.all());
    }
    return r;
  }

  /** Runs a command inside the namespace to completion, whatever its exit status. */
  Result tryRun(String... command) {
    return start(command).finish();
  }

  /** A started process whose output is collected as it comes. */
  static final class Proc {
    final Process process;
    final String what;
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    private final Thread outReader;
    private final Thread errReader;

    Proc(Process process, String what) {
      this.process = process;
      this.what = what;
      this.outReader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), out));
      this.errReader = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), err));
    }

    private static void copy(java.io.InputStream in, java.io.ByteArrayOutputStream to) {
      byte[] b = new byte[8192];
      try {
        int n;
        while ((n = in.read(b)) > 0) {
          synchronized (to) {
            to.write(b, 0, n);
          }
        }
      } catch (IOException e) {
        // the process was killed
      }
    }

    String stderrSoFar() {
      synchronized (err) {
        return err.toString(StandardCharsets.UTF_8);
      }
    }

    /** Waits until standard error contains {@code text} (bounded). */
    void awaitStderr(String text) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!stderrSoFar().contains(text)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              what + " did not print '" + text + "' (" + finish().all() + ")");
        }
        sleep(50);
      }
    }

    /** Closes standard input, waits (bounded) and returns the output. */
    Result finish() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
        outReader.join();
        errReader.join();
        Result r;
        synchronized (out) {
          synchronized (err) {
            r =
                new Result(
                    process.isAlive() ? -1 : process.exitValue(),
                    out.toString(StandardCharsets.UTF_8).strip(),
                    err.toString(StandardCharsets.UTF_8).strip());
          }
        }
        return r;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Starts a command inside the namespace; {@link #close()} kills it if it is still running. */
  Proc start(String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(full).start();
      started.add(p);
      return new Proc(p, String.join(" ", command));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + full, e);
    }
  }

  /** Starts the jtcp jar inside the namespace with {@code args}. */
  Proc jtcp(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return start(cmd.toArray(String[]::new));
  }

  static Path jar() {
    String p = System.getProperty("jtcp.jar", "target/jtcp.jar");
    Path jar = Path.of(p);
    if (!Files.isRegularFile(jar)) {
      fail(
          "no "
              + jar
              + ": the interop tests run the packaged jar (mvn verify runs them after package)");
    }
    return jar;
  }

  private static void host(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until a kernel socket listens on {@code port} in the namespace (bounded, polled). */
  void awaitListening(int port, Proc server) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!server.process.isAlive()) {
        throw new IllegalStateException("the server exited: " + server.finish().all());
      }
      if (tryRun("sh", "-c", "ss -Hltn 'sport = :" + port + "' | grep -q .").exit() == 0) {
        return;
      }
      sleep(100);
    }
    throw new IllegalStateException("nothing listens on port " + port + " after 30 s");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    host("ip", "netns", "del", name);
  }
}
