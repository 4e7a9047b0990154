package io.jtcp.core.sim;

import java.util.ArrayDeque;

/**
 * A drop-tail queue in front of a serializer of fixed rate: the bottleneck of a path, where
 * congestion control earns its keep.
 *
 * <p>A packet starts serializing when the link finishes the one before it, and leaves the stage
 * when its last bit is out. Because the rate is fixed and the queue is FIFO, each packet's start is
 * known when it arrives, so the stage needs no events of its own: the packets still waiting at
 * {@code now} are those whose start lies after {@code now}. The packet being serialized belongs to
 * the NIC, not the queue, as Linux's qdisc limit counts only what waits in the qdisc.
 */
final class SerializationStage implements LinkStage {
  private final LinkParams params;
  private final long limit;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private long waitingBytes;

  /** When the link finishes serializing the last packet it accepted. */
  private long busyUntil = Long.MIN_VALUE;

  private record Waiting(long start, int bytes) {}

  SerializationStage(LinkParams params) {
    this.params = params;
    this.limit = params.queueLimitBytes();
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    Waiting head;
    while ((head = waiting.peekFirst()) != null && head.start() <= now) {
      waiting.removeFirst();
      waitingBytes -= head.bytes();
    }
    int size = frame.length();
    long start = Math.max(now, busyUntil);
    if (start > now) {
      if (limit > 0 && waitingBytes + size > limit) {
        out.drop(frame, FrameFate.DROPPED_QUEUE_FULL);
        return;
      }
      waiting.addLast(new Waiting(start, size));
      waitingBytes += size;
    }
    busyUntil = start + params.serializationNanos(size);
    out.forward(busyUntil, frame);
  }

  @Override
  public String name() {
    return "queue "
        + (limit == 0 ? "unlimited" : limit + " B")
        + " at "
        + params.bandwidthBitsPerSecond()
        + " bit/s";
  }
}
