package io.jtcp.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One wheel, a hand-moved clock, exact timers in and exact firings out. Times read as milliseconds
 * after a start of 0 unless a test says otherwise.
 */
class TimerWheelTest {
  static final long MS = 1_000_000L;
  static final long SECOND = 1000 * MS;
  static final long HOUR = 3600 * SECOND;

  /** What a handler saw, in order. */
  record Fired(Object target, int kind, long id, long now) {}

  /** A handler that records every firing and can run an action after recording it. */
  static final class Recorder implements TimerHandler {
    final List<Fired> fired = new ArrayList<>();
    Reaction reaction = f -> {};

    interface Reaction {
      void after(Fired f);
    }

    @Override
    public void onTimer(Object target, int kind, long timerId, long now) {
      Fired f = new Fired(target, kind, timerId, now);
      fired.add(f);
      reaction.after(f);
    }

    List<Object> targets() {
      return fired.stream().map(Fired::target).toList();
    }

    void clear() {
      fired.clear();
    }
  }

  final TimerWheel wheel = TimerWheel.create(0);
  final Recorder rec = new Recorder();

  int poll(long now) {
    return wheel.poll(now, rec, Integer.MAX_VALUE);
  }

  @Test
  void constructor_rejectsTicksPerWheelThatIsNotAPowerOfTwo() {
    for (int bad : new int[] {0, 1, 3, 1000, -4, 1 << 17}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> new TimerWheel(MS, bad, 0));
      assertTrue(e.getMessage().contains("power of two"), e.getMessage());
      assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
    }
    IllegalArgumentException tick =
        assertThrows(IllegalArgumentException.class, () -> new TimerWheel(0, 1024, 0));
    assertTrue(tick.getMessage().contains("tickNanos must be positive"), tick.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TimerWheel(MS, 8, 0, 0));
  }

  @Test
  void create_usesOneMillisecondTicksAnd1024Slots() {
    assertEquals(MS, wheel.tickNanos());
    assertEquals(1024, wheel.ticksPerWheel());
    // 2^64 ns in 1 ms ticks needs 44 bits: five levels of ten.
    assertEquals(5, wheel.levels());
  }

  @Test
  void schedule_returnsDistinctPositiveIds() {
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      long id = wheel.schedule(i * MS, "t" + i, 0);
      assertTrue(id > 0, "id " + id);
      assertTrue(ids.add(id), "duplicate id " + id);
    }
    assertEquals(1000, wheel.size());
  }

  @Test
  void empty_hasNoDeadlineAndPollFiresNothing() {
    assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
    assertEquals(0, poll(HOUR));
    assertEquals(0, wheel.size());
  }

  @Test
  void timer_firesAtItsExactDeadlineNotAtTheNextTickBoundary() {
    long deadline = 1500 * 1000 + 7; // 1.500007 ms: inside tick 1
    long id = wheel.schedule(deadline, "rto", 3);
    assertEquals(deadline, wheel.nextDeadline());

    assertEquals(0, poll(deadline - 1), "one nanosecond early");
    assertEquals(deadline, wheel.nextDeadline(), "still pending after an early poll");
    assertEquals(1, poll(deadline));
    assertEquals(List.of(new Fired("rto", 3, id, deadline)), rec.fired);
    assertEquals(0, wheel.size());
    assertEquals(Long.MAX_VALUE, wheel.nextDeadline());
  }

  @Test
  void timersInOneTick_fireOnlyUpToNowAndInDeadlineOrder() {
    wheel.schedule(5 * MS + 900, "c", 0);
    wheel.schedule(5 * MS + 100, "a", 0);
    wheel.schedule(5 * MS + 500, "b", 0);

    assertEquals(2, poll(5 * MS + 500));
    assertEquals(List.of("a", "b"), rec.targets());
    assertEquals(5 * MS + 900, wheel.nextDeadline());
    assertEquals(1, poll(6 * MS));
    assertEquals(List.of("a", "b", "c"), rec.targets());
  }

  @Test
  void timers_fireInDeadlineOrderAcrossLevelsWhateverTheSchedulingOrder() {
    wheel.schedule(2 * HOUR, "keepalive", 0);
    wheel.schedule(60 * SECOND, "time-wait", 0);
    wheel.schedule(200 * MS, "rto", 0);
    wheel.schedule(40 * MS, "delayed-ack", 0);
    wheel.schedule(3 * SECOND, "syn-rto", 0);

    assertEquals(5, poll(3 * HOUR));
    assertEquals(List.of("delayed-ack", "rto", "syn-rto", "time-wait", "keepalive"), rec.targets());
    assertTrue(rec.fired.stream().allMatch(f -> f.now() == 3 * HOUR), "now is the poll's time");
  }

  @Test
  void equalDeadlines_fireInSchedulingOrder() {
    for (int i = 0; i < 50; i++) {
      wheel.schedule(i % 2 == 0 ? 7 * SECOND : 3 * SECOND, i, 0); // tie groups far apart
    }
    assertEquals(50, poll(7 * SECOND));
    List<Object> expected = new ArrayList<>();
    for (int i = 1; i < 50; i += 2) {
      expected.add(i);
    }
    for (int i = 0; i < 50; i += 2) {
      expected.add(i);
    }
    assertEquals(expected, rec.targets());
  }

  @Test
  void pastDeadline_firesOnTheNextPoll() {
    poll(10 * SECOND);
    long id = wheel.schedule(3 * SECOND, "late", 1);
    assertEquals(3 * SECOND, wheel.nextDeadline(), "the exact past deadline, not now");
    wheel.schedule(Long.MIN_VALUE, "very late", 1);
    assertEquals(Long.MIN_VALUE, wheel.nextDeadline());

    assertEquals(2, poll(10 * SECOND));
    assertEquals(List.of("very late", "late"), rec.targets());
    assertEquals(id, rec.fired.get(1).id());
  }

  @Test
  void limit_capsFiringsAndTheRestFireAtTheNextPollInOrder() {
    for (int i = 0; i < 10; i++) {
      wheel.schedule(i * MS, i, 0);
    }
    assertEquals(3, wheel.poll(20 * MS, rec, 3));
    assertEquals(List.of(0, 1, 2), rec.targets());
    assertEquals(3 * MS, wheel.nextDeadline(), "due timers left by the limit stay due");
    assertEquals(0, wheel.poll(20 * MS, rec, 0));
    assertEquals(7, wheel.poll(20 * MS, rec, 100));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), rec.targets());
    assertThrows(IllegalArgumentException.class, () -> wheel.poll(0, rec, -1));
  }

  @Test
  void cancel_stopsATimerAndIsFalseForAnythingNotPending() {
    long a = wheel.schedule(100 * MS, "a", 0);
    long b = wheel.schedule(200 * MS, "b", 0);
    assertTrue(wheel.isPending(a));
    assertEquals(100 * MS, wheel.deadline(a));

    assertTrue(wheel.cancel(a));
    assertFalse(wheel.cancel(a), "twice");
    assertFalse(wheel.isPending(a));
    assertEquals(TimerWheel.NOT_PENDING, wheel.deadline(a));
    assertEquals(1, wheel.size());
    assertEquals(200 * MS, wheel.nextDeadline());

    poll(SECOND);
    assertEquals(List.of("b"), rec.targets());
    assertFalse(wheel.cancel(b), "after it fired");
    for (long unknown : new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, a ^ (1L << 40)}) {
      assertFalse(wheel.cancel(unknown), "unknown id " + unknown);
      assertEquals(TimerWheel.NOT_PENDING, wheel.deadline(unknown));
    }
  }

  @Test
  void staleId_cannotCancelTheTimerThatReusedItsSlot() {
    long old = wheel.schedule(SECOND, "old", 0);
    assertTrue(wheel.cancel(old));
    long reused = wheel.schedule(2 * SECOND, "new", 0);
    assertEquals(old & 0xFFFF_FFFFL, reused & 0xFFFF_FFFFL, "the freed slot is reused first");
    assertNotEquals(old, reused);

    assertFalse(wheel.cancel(old));
    assertEquals(TimerWheel.NOT_PENDING, wheel.deadline(old));
    assertTrue(wheel.isPending(reused));

    poll(2 * SECOND);
    assertEquals(List.of("new"), rec.targets());
    long third = wheel.schedule(3 * SECOND, "third", 0);
    assertFalse(wheel.cancel(reused), "an id that fired, its slot reused again");
    assertFalse(wheel.cancel(old));
    assertTrue(wheel.cancel(third));
  }

  @Test
  void handler_schedulingADueTimerFiresItInTheSamePoll() {
    wheel.schedule(10 * MS, "first", 0);
    wheel.schedule(12 * MS, "second", 0);
    rec.reaction =
        f -> {
          if (f.target().equals("first")) {
            wheel.schedule(11 * MS, "due, earlier than second", 0);
            wheel.schedule(f.now(), "due at now", 0);
            wheel.schedule(f.now() + 1, "not yet due", 0);
          }
        };

    assertEquals(4, poll(20 * MS));
    assertEquals(
        List.of("first", "due, earlier than second", "second", "due at now"), rec.targets());
    assertEquals(20 * MS + 1, wheel.nextDeadline(), "after a poll under its limit: > now");
  }

  @Test
  void handler_schedulingADueTimerBeyondTheLimitLeavesItForTheNextPoll() {
    wheel.schedule(10 * MS, "first", 0);
    rec.reaction = f -> wheel.schedule(f.now(), "again", 0);

    assertEquals(2, wheel.poll(10 * MS, rec, 2));
    assertEquals(List.of("first", "again"), rec.targets());
    assertEquals(1, wheel.size(), "a handler that re-arms at now keeps one pending");
    assertEquals(10 * MS, wheel.nextDeadline());
  }

  @Test
  void handler_cancellingATimerDueInTheSamePollStopsIt() {
    wheel.schedule(10 * MS, "first", 0);
    long victim = wheel.schedule(11 * MS, "victim", 0);
    wheel.schedule(12 * MS, "third", 0);
    List<Boolean> results = new ArrayList<>();
    rec.reaction =
        f -> {
          results.add(wheel.cancel(victim));
          results.add(wheel.cancel(f.id())); // its own id is already stale
        };

    assertEquals(2, poll(20 * MS));
    assertEquals(List.of("first", "third"), rec.targets());
    assertEquals(List.of(true, false, false, false), results);
    assertEquals(0, wheel.size());
  }

  @Test
  void handler_thatPollsIsRefusedAndTheWheelStaysUsable() {
    wheel.schedule(MS, "a", 0);
    wheel.schedule(2 * MS, "b", 0);
    rec.reaction = f -> wheel.poll(f.now(), rec, 1);

    assertThrows(IllegalStateException.class, () -> poll(5 * MS));
    assertEquals(List.of("a"), rec.targets());
    rec.reaction = f -> {};
    assertEquals(1, poll(5 * MS));
    assertEquals(List.of("a", "b"), rec.targets());
  }

  @Test
  void handler_throwingCountsItsTimerAsFiredAndLeavesTheRestPending() {
    wheel.schedule(MS, "boom", 0);
    wheel.schedule(2 * MS, "after", 0);
    rec.reaction =
        f -> {
          if (f.target().equals("boom")) {
            throw new IllegalStateException("boom");
          }
        };

    assertThrows(IllegalStateException.class, () -> poll(5 * MS));
    assertEquals(1, wheel.size());
    assertEquals(2 * MS, wheel.nextDeadline());
    assertEquals(1, poll(5 * MS));
    assertEquals(List.of("boom", "after"), rec.targets());
  }

  @Test
  void farFutureTimers_fireExactlyWhenTheSimulatorJumpsToThem() {
    long keepalive = 2 * HOUR + 123_456_789;
    long finWait2 = 60 * SECOND + 1;
    wheel.schedule(keepalive, "keepalive", 0);
    wheel.schedule(finWait2, "fin-wait-2", 0);
    wheel.schedule(40 * MS, "delayed-ack", 0);

    List<Long> times = new ArrayList<>();
    while (wheel.size() > 0) {
      long now = wheel.nextDeadline();
      times.add(now);
      assertEquals(1, poll(now), "exactly one timer at " + now);
    }
    assertEquals(List.of(40 * MS, finWait2, keepalive), times);
    assertEquals(List.of("delayed-ack", "fin-wait-2", "keepalive"), rec.targets());
  }

  @Test
  void farFutureTimers_areNotScannedWhileNearerTimersComeAndGo() {
    // A stack of idle connections: 100k keepalives two hours out, then busy ones arming and
    // cancelling RTOs, with the simulator asking for the next deadline after every event.
    for (int i = 0; i < 100_000; i++) {
      wheel.schedule(2 * HOUR + i * 37L, "keepalive", 0);
    }
    assertEquals(2 * HOUR, wheel.nextDeadline());
    long now = 0;
    long rto = wheel.schedule(200 * MS, "rto", 1);
    for (int i = 0; i < 10_000; i++) {
      now += 50_000;
      assertTrue(wheel.cancel(rto));
      assertEquals(2 * HOUR, wheel.nextDeadline());
      rto = wheel.schedule(now + 200 * MS, "rto", 1);
      assertEquals(now + 200 * MS, wheel.nextDeadline());
      poll(now);
    }
    assertTrue(
        wheel.scannedTimers() < 1000, "scanned " + wheel.scannedTimers() + " timers in buckets");
    assertTrue(rec.fired.isEmpty());
  }

  @Test
  void periodicTimer_staysExactOverManyRevolutionsOfASmallWheel() {
    // 4 slots of 1 us: a period of 0.7 ticks and 10,000 firings wrap every level many times.
    TimerWheel small = new TimerWheel(1000, 4, -5_000);
    long period = 700;
    long[] expected = {-4_321};
    List<Long> firedAt = new ArrayList<>();
    small.schedule(expected[0], "periodic", 0);
    TimerHandler rearm =
        (target, kind, id, now) -> {
          firedAt.add(now);
          small.schedule(now + period, target, kind);
        };
    for (int i = 0; i < 10_000; i++) {
      long next = small.nextDeadline();
      assertEquals(expected[0], next, "firing " + i);
      assertEquals(0, small.poll(next - 1, rearm, 10));
      assertEquals(1, small.poll(next, rearm, 10));
      expected[0] += period;
    }
    assertEquals(10_000, firedAt.size());
    assertEquals(1, small.size());
  }

  @Test
  void nextDeadline_isExactAfterEachFireAndCancel() {
    long a = wheel.schedule(5 * SECOND + 3, "a", 0); // level 1
    long b = wheel.schedule(5 * SECOND + 1, "b", 0); // same bucket, earlier
    long c = wheel.schedule(5 * SECOND + 2, "c", 0);
    long d = wheel.schedule(30 * MS + 9, "d", 0); // level 0
    wheel.schedule(3 * HOUR, "e", 0); // level 2
    assertEquals(30 * MS + 9, wheel.nextDeadline());

    assertTrue(wheel.cancel(d));
    assertEquals(5 * SECOND + 1, wheel.nextDeadline());
    assertTrue(wheel.cancel(b));
    assertEquals(5 * SECOND + 2, wheel.nextDeadline(), "a bucket whose minimum was cancelled");
    assertEquals(1, poll(5 * SECOND + 2));
    assertEquals(5 * SECOND + 3, wheel.nextDeadline());
    assertFalse(wheel.cancel(c));
    assertTrue(wheel.cancel(a));
    assertEquals(3 * HOUR, wheel.nextDeadline());
    wheel.schedule(4 * SECOND, "past", 0);
    assertEquals(4 * SECOND, wheel.nextDeadline());
    assertEquals(1, poll(5 * SECOND + 2));
    assertEquals(3 * HOUR, wheel.nextDeadline());
  }

  @Test
  void extremeTimes_negativeStartAndDeadlinesAtBothEndsOfLong() {
    TimerWheel w = new TimerWheel(1, 2, Long.MIN_VALUE + 10); // 1 ns ticks: 63 levels of 1 bit
    long max = w.schedule(Long.MAX_VALUE, "max", 0);
    w.schedule(-1, "minus one", 0);
    w.schedule(Long.MIN_VALUE, "min", 0);
    w.schedule(0, "zero", 0);
    assertEquals(Long.MIN_VALUE, w.nextDeadline());

    assertEquals(1, w.poll(Long.MIN_VALUE + 5, rec, 10), "before the start");
    assertEquals(-1, w.nextDeadline());
    assertEquals(2, w.poll(0, rec, 10));
    assertEquals(Long.MAX_VALUE, w.nextDeadline());
    assertEquals(1, w.size(), "the Long.MAX_VALUE timer is pending: size tells it from none");
    assertEquals(Long.MAX_VALUE, w.deadline(max));
    assertEquals(0, w.poll(Long.MAX_VALUE - 1, rec, 10));
    assertEquals(1, w.poll(Long.MAX_VALUE, rec, 10));
    assertEquals(List.of("min", "minus one", "zero", "max"), rec.targets());
  }

  @Test
  void now_goingBackwardsStillFiresExactlyWhatIsDue() {
    wheel.schedule(10 * SECOND, "late", 0);
    poll(5 * SECOND);
    wheel.schedule(3 * SECOND + 500, "in the past of the cursor", 0);
    assertEquals(0, poll(3 * SECOND));
    assertEquals(1, poll(3 * SECOND + 500));
    assertEquals(0, poll(4 * SECOND));
    assertEquals(1, poll(10 * SECOND));
    assertEquals(List.of("in the past of the cursor", "late"), rec.targets());
  }

  @Test
  void slab_growsByDoublingAndAFullCycleReusesEverySlot() {
    TimerWheel w = new TimerWheel(MS, 64, 0, 1);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      ids.add(w.schedule(i * 7919L % 5000 * MS, i, 0)); // a permutation of 0..4999 ms
    }
    assertEquals(5000, w.poll(5000 * MS, rec, Integer.MAX_VALUE));
    for (int i = 0; i < 5000; i++) {
      assertEquals(i, (int) rec.fired.get(i).target() * 7919L % 5000, "firing " + i);
    }
    for (long id : ids) {
      assertFalse(w.isPending(id));
    }
    Set<Long> slots = new HashSet<>();
    for (int i = 0; i < 5000; i++) {
      slots.add(w.schedule(i, i, 0) & 0xFFFF_FFFFL);
    }
    assertEquals(5000, slots.size());
    assertTrue(slots.stream().allMatch(s -> s < 5000), "no slot beyond the ones already grown");
  }

  @Test
  void steadyState_scheduleCancelAndPollAllocateNothing() {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs HotSpot's per-thread allocation counter");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Object[] targets = {"a", "b", "c", "d"};
    long[] live = new long[1024];
    TimerHandler nothing = (target, kind, id, now) -> {};
    long[] now = {0};
    Runnable round =
        () -> {
          for (int i = 0; i < live.length; i++) {
            wheel.cancel(live[i]);
            long delay = i % 4 == 0 ? 2 * HOUR : i % 4 * 4 * MS; // some fire every round
            live[i] = wheel.schedule(now[0] + delay, targets[i % 4], i % 4);
          }
          now[0] += 10 * MS;
          wheel.poll(now[0], nothing, Integer.MAX_VALUE);
          wheel.nextDeadline();
        };
    for (int i = 0; i < 2000; i++) {
      round.run(); // grows the slab and lets the JIT settle
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1000; i++) {
      round.run();
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // A million operations: one allocation per operation would be tens of megabytes.
    assertTrue(allocated < 64 * 1024, allocated + " bytes allocated");
  }
}
