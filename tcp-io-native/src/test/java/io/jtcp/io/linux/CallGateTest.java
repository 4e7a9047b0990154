package io.jtcp.io.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The call gate: no call gets in after close, and the release runs once, after the last call. */
class CallGateTest {
  private final List<String> events = new ArrayList<>();
  private final CallGate gate = new CallGate(() -> events.add("release"));

  @Test
  void closeWithNoCallInsideReleasesAtOnceAndOnce() {
    gate.close(() -> events.add("wake"));
    gate.close(() -> events.add("wake again"));
    assertEquals(List.of("wake", "release"), events);
    assertTrue(gate.isClosed());
    assertFalse(gate.enter(), "no call gets in after close");
  }

  @Test
  void aCallInsideDelaysTheReleaseToItsExit() throws Exception {
    assertTrue(gate.enter());
    CountDownLatch closing = new CountDownLatch(1);
    Thread closer =
        Thread.ofPlatform()
            .start(
                () -> {
                  closing.countDown();
                  gate.close(() -> {});
                  synchronized (events) {
                    events.add("closed");
                  }
                });
    closing.await();
    // Whatever the closer has done by now, the release cannot have run: a call is inside.
    synchronized (events) {
      assertFalse(events.contains("release"), events.toString());
    }
    gate.exit();
    closer.join();
    assertEquals(List.of("release", "closed"), events);
  }

  @Test
  void closeFromInsideACallbackLeavesTheReleaseToThatCall() {
    assertTrue(gate.enter());
    Thread outer = gate.callback();
    gate.close(() -> {}); // would wait for itself if it waited
    assertEquals(List.of(), events, "not yet: the call is still inside");
    gate.endCallback(outer);
    gate.exit();
    assertEquals(List.of("release"), events);
  }
}
