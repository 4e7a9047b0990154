package io.jtcp.core.ip;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A shared Ethernet segment in one thread: every frame a port transmits reaches every other port,
 * as a hub does (so broadcasts work and unicast filtering is each receiver's job). Each port also
 * keeps what it sent, for inspection.
 */
final class EthernetWire {
  private final List<Port> ports = new ArrayList<>();

  Port port() {
    Port p = new Port();
    ports.add(p);
    return p;
  }

  final class Port implements LinkDriver {
    final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    final List<byte[]> sent = new ArrayList<>();
    boolean unplugged;

    @Override
    public LinkType linkType() {
      return LinkType.ETHERNET;
    }

    @Override
    public int mtu() {
      return 1500;
    }

    @Override
    public int receive(FrameSink sink, int limit) {
      int n = 0;
      byte[] f;
      while (n < limit && (f = inbound.pollFirst()) != null) {
        sink.onFrame(MemorySegment.ofArray(f), 0, f.length);
        n++;
      }
      return n;
    }

    @Override
    public boolean transmit(int length, FrameWriter writer) {
      byte[] f = new byte[length];
      writer.write(MemorySegment.ofArray(f), 0, length);
      sent.add(f);
      if (unplugged) {
        return true;
      }
      for (Port p : ports) {
        if (p != this) {
          p.inbound.addLast(f.clone());
        }
      }
      return true;
    }

    @Override
    public void close() {}
  }
}
