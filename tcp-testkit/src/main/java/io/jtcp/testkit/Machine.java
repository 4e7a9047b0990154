package io.jtcp.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What tests that need the machine (root, a device, a tool) ask of it. Without what they need they
 * skip and say why. Under CI ({@code CI=true}), which runs as root with every tool installed and
 * must run them, they fail instead, so that a missing prerequisite never passes for green.
 */
public final class Machine {
  private Machine() {}

  /** Skips the calling test with {@code why}, or fails it under CI. */
  public static void skipOrFail(String why) {
    if ("true".equals(System.getenv("CI"))) {
      fail(why + " (CI=true, so this fails rather than skips)");
    }
    assumeTrue(false, why);
  }

  /** Skips (or under CI fails) unless {@code tool} is on the PATH or in the sbin directories. */
  public static void requireTool(String tool, String debianPackage) {
    if (onPath(tool).isEmpty()) {
      skipOrFail(
          "needs " + tool + " on the PATH: install it (apt-get install " + debianPackage + ")");
    }
  }

  /** The effective user id from {@code /proc/self/status}, or -1 when it cannot be read. */
  public static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** Where {@code tool} is: the PATH first, then the sbin and bin directories root has. */
  public static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>(List.of((path == null ? "" : path).split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, tool);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** How long a command may run before {@link #tryRun} gives up on it. */
  private static final long COMMAND_TIMEOUT_SECONDS = 30;

  /** A command's exit status and its output (stdout and stderr together). */
  public record Result(int exit, String output) {}

  /** Runs a command to its end and returns its output; throws with the output if it fails. */
  public static String run(String... command) {
    Result r = tryRun(command);
    if (r.exit() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + r.exit() + ": " + r.output().strip());
    }
    return r.output();
  }

  /**
   * Runs a command to its end, with no input, whatever its exit status; one that takes more than
   * {@value #COMMAND_TIMEOUT_SECONDS} s is killed and throws.
   */
  public static Result tryRun(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }

  /** Starts a command with its output and errors merged, without waiting for it. */
  public static Process start(String... command) {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + String.join(" ", command), e);
    }
  }

  /** {@code ip netns exec NS COMMAND...}: {@code command} as it runs in network namespace ns. */
  public static String[] inNamespace(String ns, String... command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(command));
    return all.toArray(String[]::new);
  }

  /**
   * {@code ethtool -K DEV FEATURE... off} through SIOCETHTOOL (linux/ethtool.h) in python3, so that
   * a test needs no ethtool: struct ethtool_value {u32 cmd; u32 data;} behind ifreq's ifr_data, for
   * ETHTOOL_STXCSUM, _STSO, _SGSO and _SGRO.
   */
  private static final String OFFLOADS_OFF =
      "import array,fcntl,socket,struct,sys\n"
          + "cmds={'tx':0x17,'tso':0x1f,'gso':0x24,'gro':0x2c}\n"
          + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
          + "for f in sys.argv[2:]:\n"
          + "  v=array.array('I',[cmds[f],0])\n"
          + "  ifr=struct.pack('16sP16x',sys.argv[1].encode(),v.buffer_info()[0])\n"
          + "  fcntl.ioctl(s.fileno(),0x8946,ifr)\n";

  /**
   * The command that turns {@code features} (of tx, tso, gso and gro) off on {@code device}, as
   * {@code ethtool -K} would, with python3 alone; run it in the device's namespace.
   */
  public static String[] offloadsOff(String device, String... features) {
    List<String> command = new ArrayList<>(List.of("python3", "-c", OFFLOADS_OFF, device));
    command.addAll(List.of(features));
    return command.toArray(String[]::new);
  }
}
