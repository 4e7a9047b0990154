package io.jtcp.io.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wait ends at once when the device is readable or another thread signals, whatever the
 * timeout; an eventfd stands in for the device. Each wait asks for an hour: a wait that did not end
 * at once would hit the test's timeout instead.
 */
// A native wait ignores interrupts: the timeout runs the test on a thread of its own, so that a
// wait that never ends fails the test instead of hanging the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PollWaiterTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private final Arena arena = Arena.ofShared(); // signal() runs on another thread too
  private final MemorySegment state = arena.allocate(Libc.CALL_STATE);
  private int device;
  private int events;
  private PollWaiter waiter;

  @BeforeEach
  void open() {
    device = Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
    events = Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
    assertTrue(device >= 0 && events >= 0, "eventfd: " + Libc.describe(Libc.errno(state)));
    waiter = new PollWaiter(device, events, arena);
  }

  @AfterEach
  void close() {
    Libc.close(state, device);
    Libc.close(state, events);
    arena.close();
  }

  @Test
  void aSignalBeforeTheWaitEndsItAtOnceAndIsConsumed() {
    waiter.signal();
    assertEquals(0, waiter.await(state, HOUR));
    // The signal was consumed: the device now says "readable" to end the next wait.
    MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
    one.set(ValueLayout.JAVA_LONG, 0, 1L);
    Libc.writeIgnoringErrno(device, one, 8);
    assertEquals(0, waiter.await(state, HOUR));
  }

  @Test
  void aSignalFromAnotherThreadEndsAWaitInProgress() throws Exception {
    Thread other = Thread.ofPlatform().start(waiter::signal);
    assertEquals(0, waiter.await(state, HOUR));
    other.join();
  }
}
