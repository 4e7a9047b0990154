package io.jtcp.cli.interop;

import static io.jtcp.cli.interop.Sandbox.JTCP;
import static io.jtcp.cli.interop.Sandbox.KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The two transfers every link's interop test makes, whatever the link (TAP, TUN, pcap): curl
 * downloading from {@code jtcp listen --serve}, and {@code jtcp get} downloading from python3's
 * http.server, each compared by SHA-256. The copies go next to the file served.
 */
final class Transfers {
  private Transfers() {}

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] b = new byte[1 << 16];
      int n;
      while ((n = in.read(b)) > 0) {
        d.update(b, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** curl (the kernel's TCP) downloads {@code file} from {@code jtcp listen --serve}. */
  static void curlFromJtcp(Sandbox s, Path file, String link, String... extra) throws IOException {
    String[] args =
        Stream.concat(
                Stream.of(
                    "listen",
                    "8080",
                    "--link",
                    link,
                    "--ip",
                    JTCP + "/24",
                    "--serve",
                    file.toString()),
                Stream.of(extra))
            .toArray(String[]::new);
    Sandbox.Proc server = s.jtcp(args);
    server.awaitStderr("listening on");
    Path got = file.resolveSibling("curl-" + s.name);
    Sandbox.Result curl =
        s.tryRun(
            "curl",
            "-sS",
            "--max-time",
            "100",
            "-o",
            got.toString(),
            "http://" + JTCP + ":8080/" + file.getFileName());
    Sandbox.Result jtcp = server.finish();
    assertEquals(0, curl.exit(), "curl: " + curl.all() + "\njtcp: " + jtcp.all());
    assertEquals(sha256(file), sha256(got), "curl's copy differs; jtcp: " + jtcp.all());
    assertEquals(0, jtcp.exit(), jtcp.all());
    assertTrue(jtcp.stderr().contains(" 200 " + Files.size(file) + " bytes"), jtcp.all());
    Files.delete(got);
  }

  /** python3's http.server on the kernel's side, port 8000, serving {@code dir}, once listening. */
  static Sandbox.Proc pythonServer(Sandbox s, Path dir) {
    Sandbox.Proc server =
        s.start(
            "python3",
            "-m",
            "http.server",
            "8000",
            "--bind",
            KERNEL,
            "--directory",
            dir.toString());
    s.awaitListening(8000, server);
    return server;
  }

  /** {@code jtcp get} downloads {@code file} from python3's http.server on the kernel's side. */
  static void jtcpFromPython(Sandbox s, Path file, String link, String... extra)
      throws IOException {
    Sandbox.Proc server = pythonServer(s, file.getParent());
    Path got = file.resolveSibling("get-" + s.name);
    String[] args =
        Stream.concat(
                Stream.of(
                    "get",
                    "http://" + KERNEL + ":8000/" + file.getFileName(),
                    "--link",
                    link,
                    "--ip",
                    JTCP + "/24",
                    "-o",
                    got.toString()),
                Stream.of(extra))
            .toArray(String[]::new);
    Sandbox.Result get = s.jtcp(args).finish();
    assertEquals(0, get.exit(), get.all());
    assertEquals(sha256(file), sha256(got), "jtcp get's copy differs: " + get.all());
    Files.delete(got);
  }
}
