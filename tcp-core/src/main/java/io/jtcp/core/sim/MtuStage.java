package io.jtcp.core.sim;

/**
 * Drops packets larger than the link's MTU. The routers of this network never fragment: TCP sets DF
 * (RFC 9293 §3.7.2 leans on path-MTU discovery), and a DF packet too big for the next hop is
 * dropped (RFC 1191; the ICMP "fragmentation needed" it would trigger is not modelled yet).
 */
final class MtuStage implements LinkStage {
  private final int mtu;

  MtuStage(int mtu) {
    this.mtu = mtu;
  }

  @Override
  public void offer(long now, SimFrame frame, StageOutput out) {
    if (frame.length() > mtu) {
      out.drop(frame, FrameFate.DROPPED_TOO_BIG);
    } else {
      out.forward(now, frame);
    }
  }

  @Override
  public String name() {
    return "mtu " + mtu;
  }
}
