package io.jtcp.cli;

import io.jtcp.core.api.TcpConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The two directions of an {@code nc}-like session: {@code in} to the connection, then a half-close
 * on EOF (as {@code nc -N} does), and the connection to {@code out}.
 */
final class Pump {
  private Pump() {}

  /**
   * Returns when both directions are done: the peer has closed its side and {@code in} has been
   * sent and half-closed. With {@code interactive} (standard input is a terminal) it returns once
   * the peer closes, since nobody may ever type EOF and a read of standard input cannot be
   * interrupted: the uploading thread is a daemon and ends with the process.
   */
  static void run(TcpConnection c, InputStream in, OutputStream out, boolean interactive)
      throws Exception {
    CompletableFuture<Void> up = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("jtcp-stdin")
        .start(
            () -> {
              try (InputStream src = in) {
                src.transferTo(c.outputStream());
                c.shutdownOutput();
                up.complete(null);
              } catch (IOException | RuntimeException e) {
                up.completeExceptionally(e);
              }
            });
    c.inputStream().transferTo(out);
    out.flush();
    if (!interactive || up.isDone()) {
      up.join(); // the peer half-closed: keep sending until our side ends too
    }
  }

  /** Sends everything {@code in} holds, half-closes, and copies what comes back to {@code out}. */
  static long send(TcpConnection c, InputStream in, OutputStream out) throws IOException {
    long n;
    try (InputStream src = in) {
      n = src.transferTo(c.outputStream());
    }
    c.shutdownOutput();
    c.inputStream().transferTo(out);
    out.flush();
    return n;
  }
}
