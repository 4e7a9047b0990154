package io.jtcp.core.api;

import io.jtcp.core.runtime.EventLoop;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Waiting for the loop's answer from an application thread; virtual threads park here cheaply. */
final class Blocking {
  private Blocking() {}

  static void requireNotIn(EventLoop loop) {
    if (loop.inLoop()) {
      throw new IllegalStateException(
          "a blocking jtcp call was made on the stack's event-loop thread, where it would wait"
              + " forever; call it from another thread (a virtual thread is cheap)");
    }
  }

  /** Waits for {@code f}; a null or zero timeout waits forever; returns null on timeout. */
  static <T> T await(CompletableFuture<T> f, @Nullable Duration timeout) throws IOException {
    try {
      if (timeout == null || timeout.isZero()) {
        return f.get();
      }
      return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the stack");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        io.addSuppressed(new Exception("waited here"));
        throw io;
      }
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(cause);
    }
  }
}
