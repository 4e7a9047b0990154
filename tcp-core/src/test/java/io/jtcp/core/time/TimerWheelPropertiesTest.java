package io.jtcp.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wheel against a naive model, a sorted map of {@code (deadline, scheduling order)}: random
 * wheel shapes and random runs of schedule, cancel (live, fired, cancelled and never-issued ids),
 * poll (forward, backward, straight to the next deadline, with limits, with handlers that schedule
 * and cancel) and queries. After every operation both must have said and fired the same things.
 */
class TimerWheelPropertiesTest {
  static final long HOUR = 3_600_000_000_000L;

  record Config(long tick, int slots, long start) {}

  /** Which id an operation names: one issued earlier, or one never issued. */
  sealed interface Pick permits Recent, Any, Unknown {}

  /** The handle {@code back} places before the newest, so usually one still pending. */
  record Recent(int back) implements Pick {}

  /** Any handle issued so far, most of them fired or cancelled by then. */
  record Any(int selector) implements Pick {}

  record Unknown(long id) implements Pick {}

  sealed interface Op permits Schedule, ScheduleAt, Cancel, Poll, PollAtNext, Peek {}

  record Schedule(long delay, int kind) implements Op {}

  record ScheduleAt(long deadline, int kind) implements Op {}

  record Cancel(Pick pick) implements Op {}

  record Poll(long advance, int limit, List<Reaction> reactions) implements Op {}

  /** The simulator's move: poll at exactly {@code nextDeadline()}. */
  record PollAtNext(int limit, List<Reaction> reactions) implements Op {}

  record Peek(Pick pick) implements Op {}

  /** What a handler does on the n-th firing of a poll. */
  sealed interface Reaction permits Nothing, Arm, Disarm {}

  record Nothing() implements Reaction {}

  /** Schedules at {@code now + delay}; a delay {@code <= 0} is due in the same poll. */
  record Arm(long delay, int kind) implements Reaction {}

  record Disarm(Pick pick) implements Reaction {}

  record Scenario(Config config, boolean queryAfterEveryOp, List<Op> ops) {}

  // What each side reports; the two logs of every operation must be equal.
  record Fired(int handle, int kind, long now) {}

  record Scheduled(int handle) {}

  record Cancelled(boolean result) {}

  record Polled(int count) {}

  record Size(int size) {}

  record Next(long deadline) {}

  record DeadlineOf(boolean pending, long deadline) {}

  @Test
  void wheelBehavesLikeASortedMapOfDeadlines() {
    Property.forAll(scenarios())
        .tries(4000)
        .check(
            s -> {
              WheelSide wheel = new WheelSide(s.config());
              ModelSide model = new ModelSide(s.config());
              for (int n = 0; n < s.ops().size(); n++) {
                Op op = s.ops().get(n);
                List<Object> expected = model.apply(op, s.queryAfterEveryOp());
                List<Object> actual = wheel.apply(op, s.queryAfterEveryOp());
                assertEquals(expected, actual, "op " + n + ": " + op);
              }
            });
  }

  @Test
  void theModelCanTellAWrongFiringOrderApart() {
    // Guards the property against a model that agrees with anything.
    ModelSide model = new ModelSide(new Config(1, 2, 0));
    model.apply(new ScheduleAt(5, 0), false);
    model.apply(new ScheduleAt(3, 1), false);
    model.apply(new ScheduleAt(3, 2), false);
    List<Object> log = model.apply(new Poll(10, Integer.MAX_VALUE, List.of()), false);
    assertEquals(
        List.of(
            new Fired(1, 1, 10),
            new Fired(2, 2, 10),
            new Fired(0, 0, 10),
            new Polled(3),
            new Size(0)),
        log);
  }

  // ---- generators ----

  static Gen<Scenario> scenarios() {
    Gen<Config> configs =
        src -> {
          long tick = Gens.oneOf(1L, 3L, 1000L, 1_000_000L).generate(src);
          int slots = Gens.oneOf(2, 4, 8, 64, 1024).generate(src);
          long start =
              Gens.frequency(
                      Gens.weighted(3, Gens.constant(0L)),
                      Gens.weighted(2, Gens.longs(-1_000_000_000_000_000L, 1_000_000_000_000_000L)),
                      Gens.weighted(
                          1,
                          Gens.oneOf(
                              Long.MIN_VALUE, Long.MIN_VALUE / 2, Long.MAX_VALUE - 1_000_000_000)))
                  .generate(src);
          return new Config(tick, slots, start);
        };
    return configs.flatMap(
        c ->
            src -> {
              boolean every = src.bool();
              List<List<Op>> chunks = Gens.lists(Gens.lists(ops(c), 0, 30), 1, 30).generate(src);
              List<Op> ops = new ArrayList<>();
              chunks.forEach(ops::addAll);
              return new Scenario(c, every, ops);
            });
  }

  static Gen<Op> ops(Config c) {
    Gen<Long> delays = delays(c);
    Gen<Integer> kinds = Gens.ints(0, 5);
    Gen<Integer> limits =
        Gens.frequency(
            Gens.weighted(3, Gens.constant(Integer.MAX_VALUE)), Gens.weighted(2, Gens.ints(0, 4)));
    Gen<Reaction> reaction =
        Gens.frequency(
            Gens.weighted(2, Gens.constant(new Nothing())),
            Gens.weighted(
                2,
                src -> {
                  long delay =
                      Gens.frequency(
                              Gens.weighted(1, Gens.longs(-2 * c.tick(), 0)),
                              Gens.weighted(1, delays))
                          .generate(src);
                  return new Arm(delay, kinds.generate(src));
                }),
            Gens.weighted(1, picks().map(Disarm::new)));
    Gen<List<Reaction>> reactions = Gens.lists(reaction, 0, 4);
    Gen<Long> advances = advances(c);
    Gen<Op> schedule = src -> new Schedule(delays.generate(src), kinds.generate(src));
    Gen<Op> scheduleAt =
        src ->
            new ScheduleAt(
                Gens.oneOf(
                        Long.MAX_VALUE,
                        Long.MIN_VALUE,
                        c.start(),
                        c.start() - 1,
                        c.start() + 1,
                        c.start() + c.tick())
                    .generate(src),
                kinds.generate(src));
    Gen<Op> poll =
        src -> new Poll(advances.generate(src), limits.generate(src), reactions.generate(src));
    Gen<Op> pollAtNext = src -> new PollAtNext(limits.generate(src), reactions.generate(src));
    return Gens.frequency(
        Gens.weighted(6, schedule),
        Gens.weighted(1, scheduleAt),
        Gens.weighted(3, picks().map(Cancel::new)),
        Gens.weighted(3, poll),
        Gens.weighted(2, pollAtNext),
        Gens.weighted(1, picks().map(Peek::new)));
  }

  /** Delays from the current time: past, this tick, this revolution, deeper levels, hours. */
  static Gen<Long> delays(Config c) {
    long t = c.tick();
    long revolution = t * c.slots();
    long deep = Math.min(t * Math.max((long) c.slots() * c.slots() * c.slots(), 1 << 20), 1L << 55);
    return Gens.frequency(
        Gens.weighted(3, Gens.longs(-3 * t, 3 * t)),
        Gens.weighted(2, Gens.longs(0, 2L * c.slots()).map(k -> k * t)), // ties, tick edges
        Gens.weighted(3, Gens.longs(0, 2 * revolution)),
        Gens.weighted(2, Gens.longs(0, deep)),
        Gens.weighted(1, Gens.longs(0, 3 * HOUR)),
        Gens.weighted(1, Gens.longs()));
  }

  /** How far a poll moves the clock: often a little, sometimes far, sometimes backwards. */
  static Gen<Long> advances(Config c) {
    long t = c.tick();
    long revolution = t * c.slots();
    long deep = Math.min(t * Math.max((long) c.slots() * c.slots() * c.slots(), 1 << 20), 1L << 55);
    return Gens.frequency(
        Gens.weighted(2, Gens.constant(0L)),
        Gens.weighted(3, Gens.longs(0, 3 * t)),
        Gens.weighted(3, Gens.longs(0, 2 * revolution)),
        Gens.weighted(1, Gens.longs(0, deep)),
        Gens.weighted(1, Gens.longs(0, 3 * HOUR)),
        Gens.weighted(1, Gens.longs(-2 * t, -1)));
  }

  static Gen<Pick> picks() {
    return Gens.frequency(
        Gens.weighted(4, Gens.ints(0, 3).map(Recent::new)),
        Gens.weighted(3, Gens.ints(0, 1 << 20).map(Any::new)),
        Gens.weighted(
            1,
            Gens.oneOf(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xFFFF_FFFFL)
                .map(Unknown::new)));
  }

  static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return r;
  }

  /** The handle a pick names among {@code issued} handles, or -1 for none. */
  static int handleOf(Pick pick, int issued) {
    return switch (pick) {
      case Recent r -> issued == 0 ? -1 : Math.max(0, issued - 1 - r.back());
      case Any a -> issued == 0 ? -1 : a.selector() % issued;
      case Unknown u -> -1;
    };
  }

  // ---- the two sides ----

  /** Drives one side; subclasses say how each primitive works. */
  abstract static class Side {
    long clock;
    int issued;
    List<Object> log = new ArrayList<>();

    Side(Config c) {
      clock = c.start();
    }

    abstract int schedule(long deadline, int kind);

    abstract boolean cancel(Pick pick);

    abstract int poll(long now, int limit, List<Reaction> reactions);

    abstract long nextDeadline();

    abstract DeadlineOf deadlineOf(Pick pick);

    abstract int size();

    final List<Object> apply(Op op, boolean queryAfter) {
      log = new ArrayList<>();
      switch (op) {
        case Schedule s ->
            log.add(new Scheduled(schedule(saturatedAdd(clock, s.delay()), s.kind())));
        case ScheduleAt s -> log.add(new Scheduled(schedule(s.deadline(), s.kind())));
        case Cancel cancel -> log.add(new Cancelled(cancel(cancel.pick())));
        case Poll p -> {
          clock = saturatedAdd(clock, p.advance());
          log.add(new Polled(poll(clock, p.limit(), p.reactions())));
        }
        case PollAtNext p -> {
          long next = nextDeadline();
          log.add(new Next(next));
          if (next != Long.MAX_VALUE || size() > 0) {
            clock = next;
          }
          log.add(new Polled(poll(clock, p.limit(), p.reactions())));
        }
        case Peek p -> {
          log.add(new Next(nextDeadline()));
          log.add(deadlineOf(p.pick()));
        }
      }
      log.add(new Size(size()));
      if (queryAfter) {
        log.add(new Next(nextDeadline()));
      }
      return log;
    }

    /** Runs the reaction for the n-th firing of a poll, as a handler would. */
    final void react(List<Reaction> reactions, int n, long now) {
      if (n >= reactions.size()) {
        return;
      }
      switch (reactions.get(n)) {
        case Nothing nothing -> {}
        case Arm arm ->
            log.add(new Scheduled(schedule(saturatedAdd(now, arm.delay()), arm.kind())));
        case Disarm disarm -> log.add(new Cancelled(cancel(disarm.pick())));
      }
    }
  }

  static final class WheelSide extends Side {
    final TimerWheel wheel;
    final List<Long> ids = new ArrayList<>();
    final List<Integer> kinds = new ArrayList<>();

    WheelSide(Config c) {
      super(c);
      wheel = new TimerWheel(c.tick(), c.slots(), c.start(), 4); // small: growth is exercised
    }

    @Override
    int schedule(long deadline, int kind) {
      int handle = issued++;
      long id = wheel.schedule(deadline, handle, kind);
      assertTrue(id > 0, "id " + id);
      ids.add(id);
      kinds.add(kind);
      return handle;
    }

    long idOf(Pick pick) {
      int handle = handleOf(pick, issued);
      if (handle >= 0) {
        return ids.get(handle);
      }
      return pick instanceof Unknown u ? u.id() : 0;
    }

    @Override
    boolean cancel(Pick pick) {
      return wheel.cancel(idOf(pick));
    }

    @Override
    int poll(long now, int limit, List<Reaction> reactions) {
      int[] firings = {0};
      TimerHandler handler =
          (target, kind, timerId, at) -> {
            int handle = (Integer) target;
            assertEquals(ids.get(handle), timerId, "id given to the handler");
            assertEquals(kinds.get(handle), kind, "kind given to the handler");
            log.add(new Fired(handle, kind, at));
            react(reactions, firings[0]++, at);
          };
      return wheel.poll(now, handler, limit);
    }

    @Override
    long nextDeadline() {
      return wheel.nextDeadline();
    }

    @Override
    DeadlineOf deadlineOf(Pick pick) {
      long id = idOf(pick);
      return new DeadlineOf(wheel.isPending(id), wheel.deadline(id));
    }

    @Override
    int size() {
      return wheel.size();
    }
  }

  static final class ModelSide extends Side {
    /** Scheduling order is the handle order, so the handle breaks ties. */
    record Key(long deadline, int handle) implements Comparable<Key> {
      @Override
      public int compareTo(Key o) {
        int byDeadline = Long.compare(deadline, o.deadline);
        return byDeadline != 0 ? byDeadline : Integer.compare(handle, o.handle);
      }
    }

    final TreeMap<Key, Integer> queue = new TreeMap<>(); // -> kind
    final Map<Integer, Key> pending = new HashMap<>();

    ModelSide(Config c) {
      super(c);
    }

    @Override
    int schedule(long deadline, int kind) {
      int handle = issued++;
      Key key = new Key(deadline, handle);
      queue.put(key, kind);
      pending.put(handle, key);
      return handle;
    }

    @Override
    boolean cancel(Pick pick) {
      Key key = pending.remove(handleOf(pick, issued));
      return key != null && queue.remove(key) != null;
    }

    @Override
    int poll(long now, int limit, List<Reaction> reactions) {
      int fired = 0;
      while (fired < limit && !queue.isEmpty() && queue.firstKey().deadline() <= now) {
        Map.Entry<Key, Integer> first = queue.pollFirstEntry();
        pending.remove(first.getKey().handle());
        log.add(new Fired(first.getKey().handle(), first.getValue(), now));
        react(reactions, fired++, now);
      }
      return fired;
    }

    @Override
    long nextDeadline() {
      return queue.isEmpty() ? Long.MAX_VALUE : queue.firstKey().deadline();
    }

    @Override
    DeadlineOf deadlineOf(Pick pick) {
      Key key = pending.get(handleOf(pick, issued));
      return key == null
          ? new DeadlineOf(false, TimerWheel.NOT_PENDING)
          : new DeadlineOf(true, key.deadline());
    }

    @Override
    int size() {
      return queue.size();
    }
  }
}
