package io.jtcp.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./jtcp} launcher on a machine without a JDK 25: in a mount namespace of the test's own
 * (unshare -m), the JDK directory is covered by an empty tmpfs, HOME is empty and PATH holds only
 * /usr/bin and /bin, so no JDK can be found; the launcher says what to install and exits 1. Nothing
 * outside that namespace sees the mount.
 */
class LauncherIT {
  @TempDir Path home;

  @Test
  void withoutAJdk25TheLauncherSaysWhatToInstall() throws Exception {
    Sandbox.requireCapable("unshare", "mount");
    Path root = Path.of("..").toAbsolutePath().normalize();
    Path launcher = root.resolve("jtcp");
    assertTrue(Files.isExecutable(launcher), launcher.toString());
    Process p =
        new ProcessBuilder(
                "unshare",
                "-m",
                "sh",
                "-c",
                "mount -t tmpfs none /usr/lib/jvm && exec env -i HOME="
                    + home
                    + " PATH=/usr/bin:/bin "
                    + launcher
                    + " --version")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), out);
    assertEquals(
        "jtcp needs a JDK 25 or newer and none was found: install one (Eclipse Temurin 25, or your"
            + " distribution's openjdk-25-jdk) or point JAVA_HOME at it.",
        out);
  }
}
