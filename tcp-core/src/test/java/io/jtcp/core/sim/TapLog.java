package io.jtcp.core.sim;

import java.util.ArrayList;
import java.util.List;

/** A tap that keeps every event, for exact comparisons. */
final class TapLog implements FrameTap {
  record Entry(long time, String from, String to, int id, int length, FrameFate fate) {
    @Override
    public String toString() {
      return time + " " + from + ">" + to + " #" + id + " " + length + "B " + fate;
    }
  }

  final List<Entry> entries = new ArrayList<>();

  static TapLog on(SimNetwork net) {
    TapLog log = new TapLog();
    net.addTap(log);
    return log;
  }

  @Override
  public void onFrame(long time, String from, String to, byte[] packet, FrameFate fate) {
    int id = packet.length >= 24 ? Packets.id(packet) : -1;
    entries.add(new Entry(time, from, to, id, packet.length, fate));
  }

  List<Entry> withFate(FrameFate fate) {
    return entries.stream().filter(e -> e.fate() == fate).toList();
  }

  List<Integer> idsWithFate(FrameFate fate) {
    return withFate(fate).stream().map(Entry::id).toList();
  }

  List<String> lines() {
    return entries.stream().map(Entry::toString).toList();
  }
}
