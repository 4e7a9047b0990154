package io.jtcp.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Drives one {@link LinkStage} by hand: offers frames at chosen times, records what the stage
 * forwards, drops, annotates and copies, and runs its timers in time order as time advances.
 */
final class StageHarness implements StageOutput {
  /** Something the stage did, in the order it did it. */
  record Out(long at, SimFrame frame, FrameFate fate) {
    @Override
    public String toString() {
      return at + " #" + frame.id() + "/" + frame.original() + " " + frame.length() + "B " + fate;
    }
  }

  private record Pending(long at, long seq, Runnable action) {}

  private static final SimHost SENDER = new SimNetwork().addHost("a", Packets.A);

  final List<Out> log = new ArrayList<>();
  private final PriorityQueue<Pending> timers =
      new PriorityQueue<>(
          (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
  private final LinkStage stage;
  private long now;
  private long nextId;
  private long seq;

  StageHarness(LinkStage stage) {
    this.stage = stage;
  }

  /**
   * A stage's random stream as {@link LinkModel#stagesFor} would seed it for link seed {@code s}.
   */
  static SplittableRandom random(long s, String stage) {
    return new SplittableRandom(SimSeeds.derive(s, stage));
  }

  /** A new frame with the next id, as a host would transmit it now. */
  SimFrame frame(byte[] packet) {
    long id = nextId++;
    return new SimFrame(id, id, SENDER, "b", packet, now);
  }

  /** Runs the timers due up to {@code at}, then offers {@code frame} at {@code at}. */
  StageHarness offer(long at, SimFrame frame) {
    advance(at);
    stage.offer(now, frame, this);
    return this;
  }

  /** Offers a fresh frame of {@code packet} at {@code at}. */
  SimFrame offer(long at, byte[] packet) {
    advance(at);
    SimFrame f = frame(packet);
    stage.offer(now, f, this);
    return f;
  }

  /** Runs every pending timer. */
  void finish() {
    advance(Long.MAX_VALUE);
  }

  private void advance(long to) {
    Pending p;
    while ((p = timers.peek()) != null && p.at <= to) {
      timers.poll();
      now = p.at;
      p.action.run();
    }
    if (to != Long.MAX_VALUE) {
      now = Math.max(now, to);
    }
  }

  List<Out> with(FrameFate fate) {
    return log.stream().filter(o -> o.fate == fate).toList();
  }

  /** Forwarded frames, as {@link FrameFate#DELIVERED} entries. */
  List<Out> forwarded() {
    return with(FrameFate.DELIVERED);
  }

  List<String> lines() {
    return log.stream().map(Out::toString).toList();
  }

  @Override
  public void forward(long at, SimFrame frame) {
    if (at < now) {
      throw new IllegalStateException("forwarded into the past: " + at + " < " + now);
    }
    log.add(new Out(at, frame, FrameFate.DELIVERED));
  }

  @Override
  public void drop(SimFrame frame, FrameFate fate) {
    if (!fate.isDrop()) {
      throw new IllegalArgumentException(fate + " is not a drop");
    }
    log.add(new Out(now, frame, fate));
  }

  @Override
  public void annotate(SimFrame frame, FrameFate fate) {
    if (!fate.isAnnotation()) {
      throw new IllegalArgumentException(fate + " is not an annotation");
    }
    log.add(new Out(now, frame, fate));
  }

  @Override
  public SimFrame duplicate(SimFrame frame) {
    SimFrame copy = frame.copy(nextId++);
    log.add(new Out(now, copy, FrameFate.DUPLICATED));
    return copy;
  }

  @Override
  public Scheduler.Timer wakeAt(long at, Runnable action) {
    if (at < now) {
      throw new IllegalStateException("timer in the past: " + at + " < " + now);
    }
    Pending p = new Pending(at, seq++, action);
    timers.add(p);
    return () -> timers.remove(p);
  }
}
