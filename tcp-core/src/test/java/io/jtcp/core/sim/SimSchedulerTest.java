package io.jtcp.core.sim;

import static io.jtcp.core.sim.Packets.A;
import static io.jtcp.core.sim.Packets.B;
import static io.jtcp.core.sim.Packets.MS;
import static io.jtcp.core.sim.Packets.probe;
import static io.jtcp.core.sim.Packets.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.core.spi.Pollable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Virtual time: what runs when, in which order, and what stops a run that cannot end. */
class SimSchedulerTest {

  @Test
  void emptyNetwork_hasNothingToStep_andTimeStays() {
    SimNetwork net = new SimNetwork();
    assertFalse(net.step());
    assertTrue(net.isIdle());
    assertEquals(Pollable.NO_DEADLINE, net.nextEventTime());
    assertEquals(0, net.now());
    assertEquals(0, net.runUntilIdle(0));
  }

  @Test
  void runUntil_runsEventsUpToAndIncludingTheTarget_andStopsThere() {
    SimNetwork net = new SimNetwork();
    List<String> log = new ArrayList<>();
    net.schedule(5, () -> log.add("5@" + net.now()));
    net.schedule(10, () -> log.add("10@" + net.now()));
    net.schedule(11, () -> log.add("11@" + net.now()));

    net.runUntil(10);
    assertEquals(List.of("5@5", "10@10"), log);
    assertEquals(10, net.now());
    assertEquals(11, net.nextEventTime());

    net.runUntil(100);
    assertEquals(List.of("5@5", "10@10", "11@11"), log);
    assertEquals(100, net.now(), "time reaches the target even with nothing to do");
  }

  @Test
  void step_processesOneEventAndJumpsToIt() {
    SimNetwork net = new SimNetwork();
    List<Long> times = new ArrayList<>();
    net.schedule(7, () -> times.add(net.now()));
    net.schedule(3, () -> times.add(net.now()));
    assertTrue(net.step());
    assertEquals(3, net.now());
    assertTrue(net.step());
    assertEquals(7, net.now());
    assertFalse(net.step());
    assertEquals(List.of(3L, 7L), times);
  }

  @Test
  void eventsAtOneInstant_runInTheOrderTheyWereQueued() {
    SimNetwork net = new SimNetwork();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      net.schedule(4, () -> order.add(n));
    }
    net.schedule(4, () -> net.schedule(4, () -> order.add(99))); // queued later, runs later
    net.schedule(4, () -> order.add(10));
    net.runUntilIdle(100);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99), order);
  }

  @Test
  void timeNeverGoesBack() {
    SimNetwork net = new SimNetwork();
    net.runUntil(50);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> net.runUntil(49))
            .getMessage()
            .contains("already t=50"));
    assertThrows(IllegalArgumentException.class, () -> net.schedule(49, () -> {}));
    assertThrows(IllegalArgumentException.class, () -> net.runFor(-1));
    net.schedule(50, () -> {}); // now is fine
    net.runFor(25);
    assertEquals(75, net.now());
  }

  @Test
  void nodeDeadlines_drivePollsAtExactlyThoseTimes() {
    SimNetwork net = new SimNetwork();
    TimerNode node = new TimerNode();
    node.arm(3 * MS);
    node.arm(7 * MS);
    node.arm(7 * MS + 1);
    net.addHost("a", A).attach(node);

    assertEquals(3, net.runUntilIdle(100));
    assertEquals(List.of(3 * MS, 7 * MS, 7 * MS + 1), node.polls);
    assertEquals(node.polls, node.fired);
    assertEquals(7 * MS + 1, net.now());
  }

  @Test
  void scheduledAction_thatArmsATimer_isSeenAtOnce() {
    SimNetwork net = new SimNetwork();
    TimerNode node = new TimerNode();
    net.addHost("a", A).attach(node);
    net.schedule(5 * MS, () -> node.arm(net.now() + 2 * MS));
    net.runUntilIdle(100);
    assertEquals(List.of(7 * MS), node.polls);
  }

  @Test
  void timerArmedByHandBetweenRuns_isSeenByTheNextRun() {
    SimNetwork net = new SimNetwork();
    TimerNode node = new TimerNode();
    net.addHost("a", A).attach(node);
    net.runUntil(10 * MS);
    node.arm(12 * MS);
    net.runUntil(20 * MS);
    assertEquals(List.of(12 * MS), node.polls);
  }

  @Test
  void deadlineInThePast_isPolledNow() {
    SimNetwork net = new SimNetwork();
    TimerNode node = new TimerNode();
    net.addHost("a", A).attach(node);
    net.runUntil(10 * MS);
    node.arm(4 * MS);
    assertTrue(net.step());
    assertEquals(List.of(10 * MS), node.polls);
    assertEquals(List.of(4 * MS), node.fired);
  }

  @Test
  void movedAndCancelledDeadlines_pollOnlyWhereTheyEnded() {
    SimNetwork net = new SimNetwork();
    TimerNode node = new TimerNode();
    node.arm(10 * MS);
    net.addHost("a", A).attach(node);
    net.schedule(
        MS,
        () -> {
          node.disarm(10 * MS);
          node.arm(5 * MS);
        });
    net.schedule(2 * MS, () -> node.arm(8 * MS));
    net.schedule(6 * MS, () -> node.disarm(8 * MS));
    net.runUntilIdle(100);
    assertEquals(List.of(5 * MS), node.polls);
  }

  @Test
  void manyRearmedTimers_doNotClogTheQueue() {
    SimNetwork net = new SimNetwork();
    TimerNode node = new TimerNode();
    net.addHost("a", A).attach(node);
    for (int i = 1; i <= 10_000; i++) {
      long at = i;
      net.schedule(
          at,
          () -> {
            node.disarm(at + 999_999);
            node.arm(at + 1_000_000);
          });
    }
    assertEquals(10_001, net.runUntilIdle(20_000), "10000 actions, then the last timer");
    assertEquals(List.of(1_010_000L), node.polls);
  }

  @Test
  void deliveryAndDeadline_bothPollTheNode() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, LinkParams.DEFAULT.withDelayNanos(MS), LinkParams.DEFAULT);
    SimHost b = net.addHost("b", B);
    List<Long> polls = new ArrayList<>();
    long[] deadline = {2 * MS};
    b.attach(
        new Pollable() {
          @Override
          public void poll(long now) {
            polls.add(now);
            b.link().receive((s, o, l) -> {}, 10);
            if (now >= deadline[0]) {
              deadline[0] = NO_DEADLINE;
            }
          }

          @Override
          public long nextDeadline() {
            return deadline[0];
          }
        });
    net.schedule(0, () -> send(a.link(), probe(A, B, 1, 64)));
    net.runUntilIdle(100);
    assertEquals(List.of(MS, 2 * MS), polls);
    assertEquals(2, b.stats().polls());
  }

  @Test
  void runUntilCondition_stopsAtTheEventThatMadeItTrue() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A, LinkParams.DEFAULT.withDelayNanos(3 * MS), LinkParams.DEFAULT);
    SimHost b = net.addHost("b", B);
    RecordingNode rx = RecordingNode.on(b);
    net.schedule(0, () -> send(a.link(), probe(A, B, 1, 64)));
    net.schedule(MS, () -> send(a.link(), probe(A, B, 2, 64)));

    assertTrue(net.runUntil(() -> !rx.arrivals.isEmpty(), 100 * MS));
    assertEquals(3 * MS, net.now());
    assertFalse(net.runUntil(() -> rx.arrivals.size() == 3, 50 * MS));
    assertEquals(50 * MS, net.now());
    assertEquals(2, rx.arrivals.size());
  }

  @Test
  void nodeThatNeverAdvancesItsDeadline_failsRunUntilIdleWithTheBound() {
    SimNetwork net = new SimNetwork();
    net.addHost("stuck", A).attach(new StuckNode());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> net.runUntilIdle(1000));
    assertTrue(e.getMessage().contains("not idle after 1000 events"), e.getMessage());
    assertTrue(e.getMessage().contains("host 'stuck'"), e.getMessage());
  }

  @Test
  void nodeThatNeverAdvancesItsDeadline_failsRunUntilAtTheInstantLimit() {
    SimNetwork net = new SimNetwork(0, 500);
    StuckNode node = new StuckNode();
    net.addHost("stuck", A).attach(node);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.runUntil(MS));
    assertTrue(e.getMessage().contains("livelock: more than 500 events at t=0"), e.getMessage());
    assertEquals(500, node.polls);
  }

  @Test
  void actionThatReschedulesItselfAtTheSameInstant_isALivelockToo() {
    SimNetwork net = new SimNetwork(0, 100);
    Runnable[] again = new Runnable[1];
    again[0] = () -> net.schedule(net.now(), again[0]);
    net.schedule(1, again[0]);
    assertThrows(IllegalStateException.class, () -> net.runUntil(10));
  }

  @Test
  void runningFromInsideTheRun_isRefused() {
    SimNetwork net = new SimNetwork();
    net.schedule(1, net::step);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.runUntil(5));
    assertTrue(e.getMessage().contains("already running"), e.getMessage());
  }

  @Test
  void nodeAttachedAfterFramesArrived_isPolledForThem() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    SimHost b = net.addHost("b", B);
    send(a.link(), probe(A, B, 1, 64));
    net.runUntil(5 * MS);
    assertEquals(1, b.queued());
    RecordingNode rx = RecordingNode.on(b);
    net.runUntilIdle(10);
    assertEquals(List.of(5 * MS), rx.times());
  }

  @Test
  void attachingTwice_isRefused() {
    SimNetwork net = new SimNetwork();
    SimHost a = net.addHost("a", A);
    a.attach(new TimerNode());
    assertThrows(IllegalStateException.class, () -> a.attach(new TimerNode()));
  }

  /** Claims timer work at time 0 forever and never does it. */
  private static final class StuckNode implements Pollable {
    int polls;

    @Override
    public void poll(long now) {
      polls++;
    }

    @Override
    public long nextDeadline() {
      return 0;
    }
  }
}
