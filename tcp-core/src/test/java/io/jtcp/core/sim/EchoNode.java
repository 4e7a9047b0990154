package io.jtcp.core.sim;

import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.Ipv4Packet;

/** A node that sends every packet it receives back where it came from, at once. */
final class EchoNode implements Pollable {
  private final LinkDriver link;
  long echoed;

  EchoNode(LinkDriver link) {
    this.link = link;
  }

  static EchoNode on(SimHost host) {
    EchoNode node = new EchoNode(host.link());
    host.attach(node);
    return node;
  }

  @Override
  public void poll(long now) {
    link.receive(
        (seg, off, len) -> {
          Ipv4Packet p = Ipv4Packet.parse(seg, off, len).orElseThrow();
          Ipv4Packet reply =
              new Ipv4Packet(
                  p.tos(),
                  p.identification(),
                  p.flags(),
                  p.fragmentOffset(),
                  p.ttl(),
                  p.protocol(),
                  p.destination(),
                  p.source(),
                  p.options(),
                  p.payload());
          Packets.send(link, reply);
          echoed++;
        },
        Integer.MAX_VALUE);
  }

  @Override
  public long nextDeadline() {
    return NO_DEADLINE;
  }
}
