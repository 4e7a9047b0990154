package io.jtcp.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One direction of a host's link, as a pipeline of {@link LinkStage}s: {@code mtu → loss →
 * queue/serialization → delay}. A frame moves to the next stage at the time its stage forwards it:
 * at once when that time is now, through an event otherwise, so every stage sees frames at their
 * true arrival times and in time order.
 *
 * <p>{@link #stagesFor} is the seam for impairments. Each stage that draws randomness gets its own
 * stream, derived from the link's seed and the stage's name, so adding a stage leaves the draws of
 * the others unchanged. The intended places for what comes next: burst loss (Gilbert–Elliott)
 * beside random loss; corruption and duplication after loss; jitter and reordering after the delay.
 */
final class LinkModel {
  /** Receives frames that come out of the link, at the scheduler's current time. */
  interface Exit {
    void accept(SimFrame frame);
  }

  /** Receives frames a stage drops, at the scheduler's current time. */
  interface Drop {
    void accept(SimFrame frame, FrameFate fate);
  }

  private final String name;
  private final List<LinkStage> stages;
  private final Scheduler scheduler;
  private final Exit exit;
  private final Drop drop;
  private final Output[] outputs;

  LinkModel(String name, List<LinkStage> stages, Scheduler scheduler, Exit exit, Drop drop) {
    this.name = name;
    this.stages = List.copyOf(stages);
    this.scheduler = scheduler;
    this.exit = exit;
    this.drop = drop;
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
      stages.add(
          new LossStage(params.lossRate(), new SplittableRandom(SimSeeds.derive(seed, "loss"))));
    }
    if (!params.unlimitedBandwidth()) {
      stages.add(new SerializationStage(params));
    }
    if (params.delayNanos() > 0) {
      stages.add(new DelayStage(params.delayNanos()));
    }
    return stages;
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
      drop.accept(frame, fate);
    }
  }
}
