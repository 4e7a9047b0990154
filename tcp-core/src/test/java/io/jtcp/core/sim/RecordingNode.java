package io.jtcp.core.sim;

import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.List;

/** A node that receives everything its link holds and remembers when. */
final class RecordingNode implements Pollable {
  record Arrival(long time, Ipv4Packet packet) {
    int id() {
      return Packets.id(packet);
    }
  }

  private final LinkDriver link;
  final List<Arrival> arrivals = new ArrayList<>();
  final List<Long> polls = new ArrayList<>();

  /** Frames taken per poll, to see batching. */
  final List<Integer> batches = new ArrayList<>();

  RecordingNode(LinkDriver link) {
    this.link = link;
  }

  static RecordingNode on(SimHost host) {
    RecordingNode node = new RecordingNode(host.link());
    host.attach(node);
    return node;
  }

  @Override
  public void poll(long now) {
    polls.add(now);
    batches.add(
        link.receive(
            (seg, off, len) ->
                arrivals.add(new Arrival(now, Ipv4Packet.parse(seg, off, len).orElseThrow())),
            Integer.MAX_VALUE));
  }

  @Override
  public long nextDeadline() {
    return NO_DEADLINE;
  }

  List<Long> times() {
    return arrivals.stream().map(Arrival::time).toList();
  }

  List<Integer> ids() {
    return arrivals.stream().map(Arrival::id).toList();
  }
}
