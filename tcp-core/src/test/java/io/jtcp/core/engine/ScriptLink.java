package io.jtcp.core.engine;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A raw-IP link a test types into and reads from, one packet at a time. */
final class ScriptLink implements LinkDriver {
  private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
  private final List<byte[]> outbound = new ArrayList<>();
  private final int mtu;

  ScriptLink(int mtu) {
    this.mtu = mtu;
  }

  void inject(byte[] packet) {
    inbound.add(packet);
  }

  List<byte[]> drainSent() {
    List<byte[]> out = new ArrayList<>(outbound);
    outbound.clear();
    return out;
  }

  @Override
  public LinkType linkType() {
    return LinkType.RAW_IP;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public int receive(FrameSink sink, int limit) {
    int n = 0;
    while (n < limit && !inbound.isEmpty()) {
      byte[] p = inbound.poll();
      sink.onFrame(MemorySegment.ofArray(p), 0, p.length);
      n++;
    }
    return n;
  }

  @Override
  public boolean transmit(int length, FrameWriter writer) {
    byte[] frame = new byte[length];
    writer.write(MemorySegment.ofArray(frame), 0, length);
    outbound.add(frame);
    return true;
  }

  @Override
  public void close() {}
}
