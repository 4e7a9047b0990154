package io.jtcp.io.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.io.tap.TapLink.Mode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TapLink#await} sleeps in the kernel, where no unpark reaches it: {@link TapLink#wake()}
 * and {@link TapLink#close()} must. The devices are in the test's namespace and down, so nothing
 * arrives and only those can end a wait. Needs root and /dev/net/tun.
 */
class TapLinkAwaitTest {
  private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);

  /** How long a woken wait may take to return: generous, for a loaded CI machine. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private TapFixture fx;
  private TapLink tap;

  @BeforeEach
  void setUp() throws Exception {
    fx = TapFixture.create();
    tap = fx.open(TapFixture.uniqueName(), Mode.TAP);
    fx.ns.adopt(tap);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  @Test
  void theTimeoutEndsAnIdleWait() {
    long start = System.nanoTime();
    tap.await(TimeUnit.MILLISECONDS.toNanos(50));
    long waited = System.nanoTime() - start;
    assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(45), "returned after " + waited + " ns");
  }

  @Test
  void wakeFromAnotherThreadEndsTheWait() throws Exception {
    CompletableFuture<Long> waited = waitInAnotherThread();
    Thread.sleep(200); // let it reach ppoll
    assertFalse(waited.isDone(), "nothing should end the wait but wake()");
    long woken = System.nanoTime();
    tap.wake();
    long returned = waited.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(returned - woken < BOUND.toNanos());
  }

  @Test
  void aWakeBeforeTheWaitIsNotLost() {
    tap.wake();
    assertTimeoutPreemptively(BOUND, () -> tap.await(LONG_WAIT));
    // The wake was used up: the next wait sleeps its time.
    long start = System.nanoTime();
    tap.await(TimeUnit.MILLISECONDS.toNanos(50));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(45));
  }

  @Test
  void closeEndsTheWaitAndReleasesTheDevice() throws Exception {
    CompletableFuture<Long> waited = waitInAnotherThread();
    Thread.sleep(200);
    assertTimeoutPreemptively(BOUND, () -> tap.close());
    waited.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
    assertFalse(fx.ns.hasLink(tap.name()), "the device goes with the last descriptor");

    // Closed, the driver neither reads, writes, nor sleeps past its timeout.
    assertEquals(0, tap.receive((b, o, l) -> {}, 10));
    assertFalse(tap.transmit(60, (b, o, l) -> b.asSlice(o, l).fill((byte) 0)));
    assertEquals(1, tap.transmitDrops());
    assertTimeoutPreemptively(BOUND, () -> tap.await(TimeUnit.MILLISECONDS.toNanos(10)));
    tap.wake();
    tap.close();
  }

  @Test
  void closeFromInsideAWriterDoesNotWaitForItself() {
    assertTimeoutPreemptively(
        BOUND,
        () ->
            tap.transmit(
                60,
                (b, o, l) -> {
                  b.asSlice(o, l).fill((byte) 0);
                  tap.close();
                }));
    assertTrue(tap.isClosed());
    assertFalse(fx.ns.hasLink(tap.name()));
  }

  private CompletableFuture<Long> waitInAnotherThread() {
    CompletableFuture<Long> returned = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("await")
        .start(
            () -> {
              try {
                tap.await(LONG_WAIT);
                returned.complete(System.nanoTime());
              } catch (Throwable t) {
                returned.completeExceptionally(t);
              }
            });
    return returned;
  }
}
