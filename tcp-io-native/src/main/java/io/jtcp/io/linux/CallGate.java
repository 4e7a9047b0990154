package io.jtcp.io.linux;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * How a driver that owns native resources (a file descriptor, an eventfd, a native arena) closes
 * them safely while other threads may be inside a native call on them: every call counts itself in
 * ({@link #enter}) and out ({@link #exit}); {@link #close} marks the gate closed so that no new
 * call gets in, and the last call out (or close itself, when none is inside) runs the release
 * exactly once. So no thread is ever left in a native call on a closed descriptor, and a descriptor
 * number the kernel reuses is never touched.
 *
 * <p>A driver's callback (a frame sink, a frame writer) may itself close the driver; {@link
 * #callback} marks the calling thread as inside one, and close from that thread then leaves the
 * release to the call in progress instead of waiting for itself.
 */
public final class CallGate {
  /** Set in {@link #state} once {@link #close} began; the low bits count calls inside. */
  private static final int CLOSED = 1 << 30;

  private final AtomicInteger state = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private final Runnable release;

  /** The thread running a callback now, so that a close from it does not wait on itself. */
  private volatile @Nullable Thread inCallback;

  /**
   * @param release frees the native resources; run once, by the last call out after close
   */
  public CallGate(Runnable release) {
    this.release = release;
  }

  /** Counts a call in, unless closing has begun; a call that got in must {@link #exit}. */
  public boolean enter() {
    while (true) {
      int s = state.get();
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (state.compareAndSet(s, s + 1)) {
        return true;
      }
    }
  }

  /** Counts a call out; the last one out after close began releases everything. */
  public void exit() {
    if (state.decrementAndGet() == CLOSED) {
      try {
        release.run();
      } finally {
        released.countDown();
      }
    }
  }

  /** Whether {@link #close} has been called. */
  public boolean isClosed() {
    return (state.get() & CLOSED) != 0;
  }

  /**
   * Marks the calling thread as running a callback until {@link #endCallback} with what this
   * returns (callbacks nest: a sink may transmit).
   */
  public @Nullable Thread callback() {
    Thread outer = inCallback;
    inCallback = Thread.currentThread();
    return outer;
  }

  /** Ends the callback {@link #callback} began. */
  public void endCallback(@Nullable Thread outer) {
    inCallback = outer;
  }

  /**
   * Closes the gate: runs {@code wakeWaiters} first while the resources are still open (it may
   * signal an eventfd to end a wait in poll), then waits until the release has run, unless called
   * from inside a callback, in which case the release happens as that call returns. Idempotent; an
   * interrupt while waiting is kept for the caller.
   */
  public void close(Runnable wakeWaiters) {
    int before = state.getAndUpdate(s -> (s & CLOSED) != 0 ? s : (s | CLOSED) + 1);
    if ((before & CLOSED) == 0) {
      // We hold a count, so what wakeWaiters signals is still open.
      try {
        wakeWaiters.run();
      } finally {
        exit();
      }
    }
    if (inCallback == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        released.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
