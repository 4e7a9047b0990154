package io.jtcp.core.sim;

import java.util.Objects;

/**
 * A link between the router and the destination hosts that the packets of several host pairs cross
 * together: the bottleneck of a dumbbell. Its one queue and serializer are shared, so flows that
 * cross it compete for its rate and its buffer, and a burst of one delays and drops the packets of
 * the others, which per-host links (each with a queue of its own) cannot model.
 *
 * <pre>{@code
 * SharedLink bottleneck = net.addSharedLink("bottleneck", LinkParams.DEFAULT
 *     .withBandwidthBitsPerSecond(100_000_000).withQueueLimitBytes(417 * 1500));
 * bottleneck.carry(sender1, receiver1).carry(sender2, receiver2);
 * }</pre>
 *
 * <p>A packet from a carried pair passes its sender's uplink, is routed, passes this link, is
 * routed again by its (possibly corrupted) header, and passes its destination's downlink. Any
 * {@link LinkParams} model applies, in the usual order of stages. Events on the link reach the taps
 * with the link's name as {@link FrameEvent#link()}, and count for the packet's sender (its {@link
 * HostStats#outbound()}) and network-wide, as drops on its uplink do. Its random streams derive
 * from the network's seed and the link's name, so adding a shared link changes no host's draws.
 *
 * <p>Carry one direction per link: a full-duplex bottleneck is two shared links, one carrying the
 * senders to the receivers and one carrying the way back.
 */
public final class SharedLink {
  private final SimNetwork network;
  private final String name;
  private final LinkParams params;
  private final FateCounters counters = new FateCounters();
  final LinkModel model;
  private long forwarded;

  SharedLink(SimNetwork network, String name, LinkParams params) {
    this.network = network;
    this.name = name;
    this.params = params;
    this.model =
        new LinkModel(
            name,
            LinkModel.stagesFor(
                params, SimSeeds.link(network.seed(), name, "shared", params.seed())),
            network.scheduler(),
            frame -> {
              forwarded++;
              network.leaveSharedLink(frame);
            },
            (frame, fate) -> {
              counters.add(fate, frame.length());
              network.account(frame, fate, name, null);
            });
  }

  public String name() {
    return name;
  }

  public LinkParams params() {
    return params;
  }

  /**
   * Sends the packets {@code from} transmits to {@code to}'s address through this link from now on.
   * The reverse direction is not carried: carry {@code (to, from)} on another link for that.
   *
   * @return this link, to chain calls
   * @throws IllegalArgumentException if a host belongs to another network, the two are one host, or
   *     the pair already crosses a shared link
   */
  public SharedLink carry(SimHost from, SimHost to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    network.carry(this, from, to);
    return this;
  }

  /** Packets that came out of this link, toward their destination's downlink. */
  public long forwarded() {
    return forwarded;
  }

  /**
   * What this link did to the packets that crossed it: its drops (a full queue, loss), copies and
   * annotations. Packets it forwarded intact have no fate here; see {@link #forwarded()}.
   */
  public FrameCounts stats() {
    return counters.snapshot();
  }

  @Override
  public String toString() {
    return "SharedLink[" + model + "]";
  }
}
