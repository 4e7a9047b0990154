package io.jtcp.core.sim;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.Ipv4Address;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A host of a {@link SimNetwork}: an address, an uplink and a downlink model, a receive queue, and
 * the node (a stack's engine) that the simulator polls.
 *
 * <p>Setting a host up takes two steps because the engine needs its driver at construction:
 *
 * <pre>{@code
 * SimHost a = net.addHost("a", Ipv4Address.parse("192.0.2.1"), wan, wan);
 * Engine engine = new Engine(a.link(), ...);
 * a.attach(engine);
 * }</pre>
 *
 * <p>A host with no node attached still receives: its frames wait in the queue until someone calls
 * {@code link().receive}, which is how tests act as a host by hand. Everything here runs on the
 * simulation's thread only.
 */
public final class SimHost {
  private final SimNetwork network;
  private final String name;
  private final Ipv4Address address;
  private final LinkParams uplink;
  private final LinkParams downlink;
  private final Link link;

  final LinkModel up;
  final LinkModel down;

  /** The link names events carry ({@link FrameEvent#link()}). */
  final String upName;

  final String downName;
  final ArrayDeque<byte[]> received = new ArrayDeque<>();
  final FateCounters outbound = new FateCounters();
  final FateCounters inbound = new FateCounters();

  @Nullable Pollable node;

  /** The pending poll for the node's deadline, if it has one. */
  SimNetwork.@Nullable Event deadline;

  /** Whether a poll for newly delivered frames is already queued at the current time. */
  boolean pollQueued;

  long polls;
  boolean closed;

  SimHost(
      SimNetwork network,
      String name,
      Ipv4Address address,
      LinkParams uplink,
      LinkParams downlink) {
    this.network = network;
    this.name = name;
    this.address = address;
    this.uplink = uplink;
    this.downlink = downlink;
    long seed = network.seed();
    this.upName = name + "/up";
    this.downName = name + "/down";
    this.up =
        new LinkModel(
            upName,
            LinkModel.stagesFor(uplink, SimSeeds.link(seed, name, "up", uplink.seed())),
            network.scheduler(),
            network::route,
            (frame, fate) -> network.account(frame, fate, upName, null));
    this.down =
        new LinkModel(
            downName,
            LinkModel.stagesFor(downlink, SimSeeds.link(seed, name, "down", downlink.seed())),
            network.scheduler(),
            frame -> network.deliver(this, frame),
            (frame, fate) -> network.account(frame, fate, downName, this));
    this.link = new Link();
  }

  public String name() {
    return name;
  }

  public Ipv4Address address() {
    return address;
  }

  /** The model of what this host sends. */
  public LinkParams uplink() {
    return uplink;
  }

  /** The model of what this host receives. */
  public LinkParams downlink() {
    return downlink;
  }

  /**
   * The driver a stack on this host uses: {@link LinkType#RAW_IP}, with the uplink's MTU. Its
   * {@code transmit} always accepts the frame (returns true): the frame enters the uplink model,
   * whose queue drops happen "in the network" and show in the taps and {@link #stats()}, as a
   * sender learns of a bottleneck's drops only from its peer.
   */
  public LinkDriver link() {
    return link;
  }

  /**
   * Binds the engine the simulator polls for this host, and reads its first deadline. Frames
   * already waiting in the queue get a poll at the current time.
   *
   * @return this host
   * @throws IllegalStateException if a node is already attached
   */
  public SimHost attach(Pollable engine) {
    Objects.requireNonNull(engine, "engine");
    if (node != null) {
      throw new IllegalStateException("host '" + name + "' already has a node attached: " + node);
    }
    node = engine;
    network.refreshDeadline(this);
    if (!received.isEmpty()) {
      network.queueDeliveryPoll(this);
    }
    return this;
  }

  /** Frames delivered and not yet received. */
  public int queued() {
    return received.size();
  }

  public HostStats stats() {
    return new HostStats(name, outbound.snapshot(), inbound.snapshot(), polls, received.size());
  }

  @Override
  public String toString() {
    return "SimHost[" + name + " " + address + "]";
  }

  /** The host's side of its link. Owns one receive and one transmit buffer, as a NIC does. */
  private final class Link implements LinkDriver {
    private final byte[] rx = new byte[downlink.mtu()];
    private final MemorySegment rxSegment = MemorySegment.ofArray(rx);
    private final byte[] tx = new byte[uplink.mtu()];
    private final MemorySegment txSegment = MemorySegment.ofArray(tx);

    @Override
    public LinkType linkType() {
      return LinkType.RAW_IP;
    }

    @Override
    public int mtu() {
      return uplink.mtu();
    }

    @Override
    public int receive(FrameSink sink, int limit) {
      int n = 0;
      byte[] packet;
      while (n < limit && (packet = received.pollFirst()) != null) {
        System.arraycopy(packet, 0, rx, 0, packet.length);
        n++;
        sink.onFrame(rxSegment, 0, packet.length);
      }
      return n;
    }

    /**
     * @throws IllegalArgumentException if {@code length} is not in [1, mtu]: an engine that sends
     *     more than the MTU has a bug the test should see
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public boolean transmit(int length, FrameWriter writer) {
      if (closed) {
        throw new IllegalStateException("the link of host '" + name + "' is closed");
      }
      if (length < 1 || length > tx.length) {
        throw new IllegalArgumentException(
            "host '"
                + name
                + "' cannot transmit a frame of "
                + length
                + " bytes: the length must be in [1, "
                + tx.length
                + "] (the uplink MTU)");
      }
      Arrays.fill(tx, 0, length, (byte) 0); // no bytes of an earlier frame leak into this one
      writer.write(txSegment, 0, length);
      network.transmit(SimHost.this, Arrays.copyOf(tx, length));
      return true;
    }

    /** Stops the link: queued frames are discarded and later ones dropped as link-closed. */
    @Override
    public void close() {
      closed = true;
      received.clear();
    }

    @Override
    public String toString() {
      return "sim link of " + name;
    }
  }
}
