package io.jtcp.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One direction of a host's link, as a pipeline of {@link LinkStage}s:
 *
 * <pre>
 * mtu → loss → burst loss → duplicate → corrupt → truncate → queue/serialization → delay/jitter → reorder
 * </pre>
 *
 * A frame moves to the next stage at the time its stage forwards it: at once when that time is now,
 * through an event otherwise, so every stage sees frames at their true arrival times and in time
 * order. Stages whose parameters are off are left out.
 *
 * <p>Why this order: losses come first, so a lost packet is neither copied nor corrupted; the copy
 * a duplication makes is corrupted and truncated independently of its original (as two
 * transmissions would be) and takes its own place in the queue, right behind the original, using
 * bandwidth as a real duplicate does; truncation comes before the queue, so a cut packet serializes
 * at its cut length; jitter belongs to the delay it varies; and reordering is last, so the number
 * of packets that overtake a held one is exactly what the far end sees.
 *
 * <p>Each stage that draws randomness gets its own stream, derived from the link's seed and the
 * stage's name ({@code "loss"}, {@code "burst-loss"}, {@code "duplicate"}, {@code "corrupt"},
 * {@code "truncate"}, {@code "jitter"}, {@code "reorder"}), so adding or tuning a stage leaves the
 * draws of the others unchanged. A new impairment is a new {@link LinkStage} placed in {@link
 * #stagesFor}.
 */
final class LinkModel {
  /** Receives frames that come out of the link, at the scheduler's current time. */
  interface Exit {
    void accept(SimFrame frame);
  }

  /**
   * Receives the events stages report, at the scheduler's current time: drops, annotations and
   * copies.
   */
  interface Fate {
    void accept(SimFrame frame, FrameFate fate);
  }

  private final String name;
  private final List<LinkStage> stages;
  private final Scheduler scheduler;
  private final Exit exit;
  private final Fate fate;
  private final Output[] outputs;

  LinkModel(String name, List<LinkStage> stages, Scheduler scheduler, Exit exit, Fate fate) {
    this.name = name;
    this.stages = List.copyOf(stages);
    this.scheduler = scheduler;
    this.exit = exit;
    this.fate = fate;
    this.outputs = new Output[this.stages.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = new Output(i + 1);
    }
  }

  /**
   * The stages {@code params} asks for, inactive ones left out. {@code seed} seeds this link's
   * random streams.
   */
  static List<LinkStage> stagesFor(LinkParams params, long seed) {
    List<LinkStage> stages = new ArrayList<>();
    stages.add(new MtuStage(params.mtu()));
    if (params.lossRate() > 0) {
      stages.add(new LossStage(params.lossRate(), random(seed, "loss")));
    }
    if (params.burstLoss().isActive()) {
      stages.add(new BurstLossStage(params.burstLoss(), random(seed, "burst-loss")));
    }
    if (params.duplicateRate() > 0) {
      stages.add(new DuplicateStage(params.duplicateRate(), random(seed, "duplicate")));
    }
    if (params.corruptRate() > 0) {
      stages.add(new CorruptStage(params.corruptRate(), random(seed, "corrupt")));
    }
    if (params.truncateRate() > 0) {
      stages.add(new TruncateStage(params.truncateRate(), random(seed, "truncate")));
    }
    if (!params.unlimitedBandwidth()) {
      stages.add(new SerializationStage(params));
    }
    if (params.jitterNanos() > 0) {
      stages.add(
          new JitterStage(
              params.delayNanos(),
              params.jitterNanos(),
              params.jitterDistribution(),
              random(seed, "jitter")));
    } else if (params.delayNanos() > 0) {
      stages.add(new DelayStage(params.delayNanos()));
    }
    if (params.reordering().isActive()) {
      stages.add(new ReorderStage(params.reordering(), random(seed, "reorder")));
    }
    return stages;
  }

  private static SplittableRandom random(long linkSeed, String stage) {
    return new SplittableRandom(SimSeeds.derive(linkSeed, stage));
  }

  /** Takes a frame into the first stage, now. */
  void enter(SimFrame frame) {
    offer(0, frame);
  }

  private void offer(int stage, SimFrame frame) {
    if (stage == stages.size()) {
      exit.accept(frame);
    } else {
      stages.get(stage).offer(scheduler.now(), frame, outputs[stage]);
    }
  }

  private String where(int stage) {
    return stage == stages.size()
        ? "the end of link " + name
        : "stage '" + stages.get(stage).name() + "' of link " + name;
  }

  @Override
  public String toString() {
    return name + stages.stream().map(LinkStage::name).toList();
  }

  /** What stage {@code next - 1} forwards to. */
  private final class Output implements StageOutput {
    private final int next;

    Output(int next) {
      this.next = next;
    }

    @Override
    public void forward(long at, SimFrame frame) {
      long now = scheduler.now();
      if (at < now) {
        throw new IllegalStateException(
            "stage '"
                + stages.get(next - 1).name()
                + "' of link "
                + name
                + " forwarded "
                + frame
                + " into the past: t="
                + at
                + " < now="
                + now);
      }
      if (at == now) {
        offer(next, frame);
      } else {
        scheduler.schedule(at, () -> offer(next, frame), () -> frame + " reaches " + where(next));
      }
    }

    @Override
    public void drop(SimFrame frame, FrameFate fate) {
      if (!fate.isDrop()) {
        throw new IllegalArgumentException(fate + " is not a drop");
      }
      LinkModel.this.fate.accept(frame, fate);
    }

    @Override
    public void annotate(SimFrame frame, FrameFate fate) {
      if (!fate.isAnnotation()) {
        throw new IllegalArgumentException(fate + " is not an annotation");
      }
      LinkModel.this.fate.accept(frame, fate);
    }

    @Override
    public SimFrame duplicate(SimFrame frame) {
      SimFrame copy = frame.copy(scheduler.nextFrameId());
      fate.accept(copy, FrameFate.DUPLICATED);
      return copy;
    }

    @Override
    public Scheduler.Timer wakeAt(long at, Runnable action) {
      String stage = stages.get(next - 1).name();
      return scheduler.schedule(
          at, action, () -> "the timer of stage '" + stage + "' of link " + name);
    }
  }
}
