package io.jtcp.io.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A driver's wait for its device: {@code ppoll(2)} on the device's descriptor and on an eventfd, so
 * that another thread ends the wait at once by {@link #signal}ing the eventfd (an unpark cannot end
 * a native call). ppoll rather than poll: a timespec keeps the event loop's sub-millisecond
 * deadlines, which poll's milliseconds would round. Nothing is allocated per wait.
 *
 * <p>Threads: {@link #await} from the one thread that drives the device; {@link #signal} from any.
 * The caller owns both descriptors and closes them, after the last wait (see {@link CallGate}).
 */
public final class PollWaiter {
  private final int eventFd;
  private final MemorySegment pollFds;
  private final MemorySegment timeout;
  private final MemorySegment counter;
  private final MemorySegment one;

  /**
   * Waits on {@code deviceFd} and {@code eventFd} (non-blocking), with buffers from {@code arena}.
   */
  public PollWaiter(int deviceFd, int eventFd, Arena arena) {
    this.eventFd = eventFd;
    this.pollFds = arena.allocate(Libc.POLLFD, 2);
    this.timeout = arena.allocate(Libc.TIMESPEC);
    this.counter = arena.allocate(ValueLayout.JAVA_LONG);
    this.one = arena.allocate(ValueLayout.JAVA_LONG);
    one.set(ValueLayout.JAVA_LONG, 0, 1L);
    long size = Libc.POLLFD.byteSize();
    pollFds.set(ValueLayout.JAVA_INT, Libc.POLLFD_FD, deviceFd);
    pollFds.set(ValueLayout.JAVA_SHORT, Libc.POLLFD_EVENTS, Libc.POLLIN);
    pollFds.set(ValueLayout.JAVA_INT, size + Libc.POLLFD_FD, eventFd);
    pollFds.set(ValueLayout.JAVA_SHORT, size + Libc.POLLFD_EVENTS, Libc.POLLIN);
  }

  /**
   * Sleeps until the device is readable, {@link #signal} is called, or {@code timeoutNanos} pass.
   *
   * @param callState where errno is captured ({@link Libc#CALL_STATE}), the caller's
   * @return 0, or the errno of a ppoll that failed for another reason than a signal (EINTR)
   */
  public int await(MemorySegment callState, long timeoutNanos) {
    timeout.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
    timeout.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
    long size = Libc.POLLFD.byteSize();
    pollFds.set(ValueLayout.JAVA_SHORT, Libc.POLLFD_REVENTS, (short) 0);
    pollFds.set(ValueLayout.JAVA_SHORT, size + Libc.POLLFD_REVENTS, (short) 0);
    int r = Libc.ppoll(callState, pollFds, 2, timeout);
    if (r < 0) {
      int errno = Libc.errno(callState);
      return errno == Libc.EINTR ? 0 : errno;
    }
    if ((pollFds.get(ValueLayout.JAVA_SHORT, size + Libc.POLLFD_REVENTS) & Libc.POLLIN) != 0) {
      // Reset the counter (eventfd(2)): wakes that came before this point are served by the loop
      // iteration that follows; later ones make the next wait return at once.
      Libc.read(callState, eventFd, counter, 8);
    }
    return 0;
  }

  /** Ends the current or the next {@link #await} at once; from any thread. */
  public void signal() {
    // EAGAIN here means the counter is near 2^64 - 1, so a wake is pending anyway.
    Libc.writeIgnoringErrno(eventFd, one, 8);
  }
}
