package io.jtcp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress bar of a transfer, on standard error when it is a terminal (as curl and wget draw
 * theirs) and nothing otherwise, so that scripts and logs see only the result. One line, redrawn in
 * place with a carriage return at most ten times a second: percentage, bar, bytes so far, the
 * average rate and the time left; erased when the transfer ends.
 *
 * <p>Time comes from the given clock, so the drawing is tested without waiting. Thread-safe: the
 * counting streams call {@link #add} from whichever thread moves the bytes.
 */
final class Progress {
  /** Redraw at most this often: a terminal fed faster than it repaints only flickers. */
  private static final long REDRAW_NANOS = 100_000_000L;

  /** ANSI "erase in line" (ECMA-48 EL 2): leaves the cursor where the bar began. */
  static final String ERASE = "\r\033[2K";

  private static final int BAR = 24;

  private final PrintWriter err;
  private final LongSupplier nanos;
  private final String label;
  private final boolean enabled;
  private final long start;
  private long total;
  private long bytes;
  private long lastDraw = Long.MIN_VALUE;
  private boolean drawn;

  Progress(PrintWriter err, LongSupplier nanos, String label, long total, boolean enabled) {
    this.err = err;
    this.nanos = nanos;
    this.label = label;
    this.total = total;
    this.enabled = enabled;
    this.start = nanos.getAsLong();
  }

  /** A bar on {@code err} if standard error is a terminal, else one that draws nothing. */
  static Progress onStderr(PrintWriter err, String label, long total) {
    return new Progress(err, System::nanoTime, label, total, stderrIsTerminal());
  }

  /**
   * Whether file descriptor 2 is a terminal. Java's Console looks at standard input and output
   * only; on Linux the descriptor's link names the device, and terminals are /dev/pts/N or
   * /dev/ttyX. {@code JTCP_PROGRESS=always|never} overrides, for terminals this misses.
   */
  static boolean stderrIsTerminal() {
    String forced = System.getenv("JTCP_PROGRESS");
    if ("always".equals(forced)) {
      return true;
    }
    if ("never".equals(forced)) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The size, once known (an HTTP Content-Length); -1 while unknown. */
  synchronized void total(long total) {
    this.total = total;
  }

  /** Counts {@code n} more bytes and redraws if it is time. */
  synchronized void add(long n) {
    bytes += n;
    if (!enabled) {
      return;
    }
    long now = nanos.getAsLong();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    err.print("\r" + line(now));
    err.flush();
    drawn = true;
  }

  /** Erases the bar, if one was drawn; what the command prints next starts on a clean line. */
  synchronized void finish() {
    if (drawn) {
      err.print(ERASE);
      err.flush();
      drawn = false;
    }
  }

  /** {@code in}, counting what is read from it here. */
  java.io.InputStream counting(java.io.InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          add(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          add(n);
        }
        return n;
      }
    };
  }

  /** {@code out}, counting what is written to it here. */
  java.io.OutputStream counting(java.io.OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        add(1);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws IOException {
        out.write(buf, off, len);
        add(len);
      }
    };
  }

  synchronized long bytes() {
    return bytes;
  }

  /** The bar's text at {@code now}, without the carriage return. */
  synchronized String line(long now) {
    double seconds = Math.max(now - start, 1) / 1e9;
    double rate = bytes / seconds;
    StringBuilder sb = new StringBuilder(label).append(' ');
    if (total > 0) {
      long pct = Math.min(100, bytes * 100 / total);
      int filled = (int) Math.min(BAR, bytes * BAR / total);
      sb.append(String.format(Locale.ROOT, "%3d%% [", pct))
          .append("=".repeat(filled))
          .append(filled < BAR ? ">" : "")
          .append(" ".repeat(Math.max(0, BAR - filled - 1)))
          .append("] ")
          .append(ByteSize.format(bytes))
          .append(" of ")
          .append(ByteSize.format(total));
    } else {
      sb.append(ByteSize.format(bytes));
    }
    sb.append(String.format(Locale.ROOT, "  %s", bitRate(rate * 8)));
    if (total > 0 && bytes < total && rate > 0) {
      long left = (long) Math.ceil((total - bytes) / rate);
      sb.append(String.format(Locale.ROOT, "  ETA %d:%02d", left / 60, left % 60));
    }
    return sb.toString();
  }

  static String bitRate(double bitsPerSecond) {
    if (bitsPerSecond >= 1e9) {
      return String.format(Locale.ROOT, "%.2f Gbit/s", bitsPerSecond / 1e9);
    }
    if (bitsPerSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.1f Mbit/s", bitsPerSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f kbit/s", bitsPerSecond / 1e3);
  }
}
