package io.jtcp.core.sim;

import io.jtcp.core.spi.Pollable;
import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.Ipv4View;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory IPv4 network in virtual time: hosts, each with an uplink and a downlink model, a
 * router between them, and one event queue that drives the stacks on the hosts deterministically.
 *
 * <p>A packet a host transmits passes the sender's uplink model, is routed by its IPv4 destination
 * to the host owning that address, passes that host's downlink model and lands in its receive
 * queue. A packet the router cannot read, or whose destination no host owns, is dropped and
 * counted. {@link FrameTap}s see every step. Packets of chosen host pairs also cross a {@link
 * SharedLink} between the router and the destination's downlink: a bottleneck that several flows
 * share, as in a dumbbell.
 *
 * <p>The link models ({@link LinkParams}) can delay, jitter, queue, lose (randomly or in bursts),
 * reorder, duplicate, corrupt and truncate packets. The router reads IPv4 headers without verifying
 * their checksum, as a switch forwards without looking, so that receivers, not the network, judge
 * bad packets: a packet corrupted on its sender's uplink may be routed to the wrong host, found
 * unroutable, or found unreadable ({@link FrameFate#DROPPED_MALFORMED}); one truncated there is
 * always unreadable ({@link io.jtcp.core.wire.DropReason#TRUNCATED}); every other corrupted or
 * truncated packet reaches a receiver, whose checksum and length checks drop it.
 *
 * <h2>Virtual time</h2>
 *
 * Time is a {@code long} of nanoseconds starting at 0 and jumps from event to event; nothing reads
 * a clock or sleeps, so a simulated hour of TCP takes as long as its events take to compute. Events
 * are stage hops of packets, polls of nodes and scripted actions; events at the same time run in
 * the order they were queued, so a run depends only on the seed and the script.
 *
 * <h2>The poll contract</h2>
 *
 * A node (a stack's engine, a {@link Pollable}) is polled at time {@code now}:
 *
 * <ul>
 *   <li>when frames land in its host's receive queue: once per batch of frames delivered at the
 *       same instant, so it can {@code receive} them together;
 *   <li>when its {@link Pollable#nextDeadline()} is due. A deadline in the past is polled at once.
 *       A node that wants to be polled again at the same instant (say it left frames in the queue)
 *       reports {@code nextDeadline() <= now}.
 * </ul>
 *
 * The simulator reads {@code nextDeadline()} after every poll of a node, after every scripted
 * action (for every node), when a node is attached, and when {@link #step}, {@link #runUntil} or
 * {@link #runUntilIdle} is called, so that work a test did by hand between runs is seen. Whatever a
 * node transmits during a poll enters its uplink at that poll's {@code now}.
 *
 * <h2>Livelock</h2>
 *
 * A node whose deadline stays at or before {@code now} after it is polled would be polled forever
 * at one instant. More than {@code instantEventLimit} events at one instant, or more than {@code
 * maxEvents} in {@link #runUntilIdle}, throw an {@link IllegalStateException} that names the
 * offending event, so such a bug fails a test instead of hanging it.
 *
 * <p>Not thread-safe: a network, its hosts and their links belong to the thread that runs it.
 */
public final class SimNetwork {
  /**
   * The default bound on events at one virtual instant. A bulk transfer over links with no delay
   * and no bandwidth limit runs at a single instant, so this is generous; a livelock reaches it in
   * seconds.
   */
  public static final long DEFAULT_INSTANT_EVENT_LIMIT = 10_000_000L;

  /** Rebuild the heap once this many cancelled deadline polls are in it (and half of it). */
  private static final int COMPACT_THRESHOLD = 1024;

  /** Where {@link FrameEvent#link()} says the router's drops happen. */
  public static final String ROUTER = "router";

  private final long seed;
  private final long instantEventLimit;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final List<SimHost> hosts = new ArrayList<>();
  private final Map<String, SimHost> hostsByName = new HashMap<>();
  private final Map<Integer, SimHost> hostsByAddress = new HashMap<>();
  private final Map<String, SharedLink> sharedLinks = new HashMap<>();

  /** The shared link each carried (sender, destination) pair crosses, by sender. */
  private final Map<SimHost, Map<SimHost, SharedLink>> carried = new HashMap<>();

  private final List<FrameTap> taps = new ArrayList<>();
  private final FateCounters totals = new FateCounters();
  private final long[] malformed = new long[DropReason.values().length];
  private final Ipv4View view = new Ipv4View();
  private final Scheduler scheduler = new EventScheduler();

  private long now;
  private long nextSeq;
  private long nextFrameId;
  private long processed;
  private long eventsThisInstant;
  private int cancelled;
  private boolean running;

  /** A network with seed 0. */
  public SimNetwork() {
    this(0);
  }

  /** A network whose links draw their randomness from streams derived from {@code seed}. */
  public SimNetwork(long seed) {
    this(seed, DEFAULT_INSTANT_EVENT_LIMIT);
  }

  /**
   * @param instantEventLimit how many events may run at one virtual instant before the run is
   *     declared a livelock (see the class comment)
   */
  public SimNetwork(long seed, long instantEventLimit) {
    if (instantEventLimit < 1) {
      throw new IllegalArgumentException(
          "instantEventLimit must be >= 1; got " + instantEventLimit);
    }
    this.seed = seed;
    this.instantEventLimit = instantEventLimit;
  }

  public long seed() {
    return seed;
  }

  /** The current virtual time, in nanoseconds. */
  public long now() {
    return now;
  }

  /** Adds a host whose link is ideal both ways. */
  public SimHost addHost(String name, Ipv4Address address) {
    return addHost(name, address, LinkParams.DEFAULT, LinkParams.DEFAULT);
  }

  /** Adds a host whose uplink and downlink follow the same model (each with its own state). */
  public SimHost addHost(String name, Ipv4Address address, LinkParams link) {
    return addHost(name, address, link, link);
  }

  /**
   * Adds a host. Its links' random streams derive from this network's seed, the host's name and the
   * direction, so adding a host never changes what happens on the others' links.
   *
   * @param uplink the model of what the host sends
   * @param downlink the model of what it receives
   * @throws IllegalArgumentException if the name is blank or taken, or the address is 0.0.0.0,
   *     255.255.255.255 or taken
   */
  public SimHost addHost(String name, Ipv4Address address, LinkParams uplink, LinkParams downlink) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(uplink, "uplink");
    Objects.requireNonNull(downlink, "downlink");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a host needs a non-blank name");
    }
    if (hostsByName.containsKey(name)) {
      throw new IllegalArgumentException("a host named '" + name + "' already exists");
    }
    if (address.equals(Ipv4Address.ANY) || address.equals(Ipv4Address.BROADCAST)) {
      throw new IllegalArgumentException(
          "host '" + name + "' needs a unicast address, not " + address);
    }
    SimHost owner = hostsByAddress.get(address.bits());
    if (owner != null) {
      throw new IllegalArgumentException(
          "address " + address + " already belongs to host '" + owner.name() + "'");
    }
    SimHost host = new SimHost(this, name, address, uplink, downlink);
    hosts.add(host);
    hostsByName.put(name, host);
    hostsByAddress.put(address.bits(), host);
    return host;
  }

  /** The hosts, in the order they were added. */
  public List<SimHost> hosts() {
    return Collections.unmodifiableList(hosts);
  }

  /**
   * @throws NoSuchElementException if no host has that name
   */
  public SimHost host(String name) {
    SimHost h = hostsByName.get(name);
    if (h == null) {
      throw new NoSuchElementException(
          "no host named '" + name + "'; hosts: " + hostsByName.keySet());
    }
    return h;
  }

  /**
   * Adds a link that the packets of chosen host pairs cross between the router and their
   * destination ({@link SharedLink#carry}): a bottleneck that several flows share. Its random
   * streams derive from this network's seed and {@code name}.
   *
   * @throws IllegalArgumentException if the name is blank, contains '/', is {@value #ROUTER} or is
   *     taken by another shared link
   */
  public SharedLink addSharedLink(String name, LinkParams params) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(params, "params");
    if (name.isBlank() || name.contains("/") || name.equals(ROUTER)) {
      throw new IllegalArgumentException(
          "a shared link needs a non-blank name without '/' other than '"
              + ROUTER
              + "'; got '"
              + name
              + "'");
    }
    if (sharedLinks.containsKey(name)) {
      throw new IllegalArgumentException("a shared link named '" + name + "' already exists");
    }
    SharedLink link = new SharedLink(this, name, params);
    sharedLinks.put(name, link);
    return link;
  }

  /** Adds a tap that sees every packet event from now on, after the taps added before it. */
  public void addTap(FrameTap tap) {
    taps.add(Objects.requireNonNull(tap, "tap"));
  }

  /**
   * Runs {@code action} at virtual time {@code at}, after everything already queued for that time;
   * then reads every node's deadline, because the action may have armed timers or transmitted.
   *
   * @throws IllegalArgumentException if {@code at} is before {@link #now()}
   */
  public void schedule(long at, Runnable action) {
    Objects.requireNonNull(action, "action");
    if (at < now) {
      throw new IllegalArgumentException(
          "cannot schedule an action at t=" + at + " ns: the network is already at t=" + now);
    }
    enqueue(
        at,
        () -> {
          action.run();
          refreshAllDeadlines();
        },
        () -> "the action scheduled for t=" + at);
  }

  /** Whether no event is pending: no packet in flight, no queued poll, no node deadline. */
  public boolean isIdle() {
    return peek() == null;
  }

  /** The time of the next pending event, or {@link Pollable#NO_DEADLINE} when idle. */
  public long nextEventTime() {
    Event e = peek();
    return e == null ? Pollable.NO_DEADLINE : e.time;
  }

  /**
   * Processes the next event, advancing time to it.
   *
   * @return false, with time unchanged, if nothing is pending
   */
  public boolean step() {
    enter();
    try {
      refreshAllDeadlines();
      Event e = peek();
      if (e == null) {
        return false;
      }
      process(e);
      return true;
    } finally {
      running = false;
    }
  }

  /**
   * Processes every event up to and including {@code time}, then sets the time to {@code time}.
   *
   * @throws IllegalArgumentException if {@code time} is before {@link #now()}
   */
  public void runUntil(long time) {
    requireNotPast(time);
    enter();
    try {
      refreshAllDeadlines();
      Event e;
      while ((e = peek()) != null && e.time <= time) {
        process(e);
      }
      advanceTo(time);
    } finally {
      running = false;
    }
  }

  /** {@link #runUntil(long) runUntil(now() + duration)}. */
  public void runFor(long durationNanos) {
    if (durationNanos < 0) {
      throw new IllegalArgumentException("cannot run for a negative duration: " + durationNanos);
    }
    runUntil(Math.addExact(now, durationNanos));
  }

  /**
   * Processes events until {@code condition} holds (checked before each event) or the next event
   * lies after {@code timeLimit}. On success time stays at the event that made the condition true;
   * otherwise it is set to {@code timeLimit}.
   *
   * @return whether the condition holds
   * @throws IllegalArgumentException if {@code timeLimit} is before {@link #now()}
   */
  public boolean runUntil(BooleanSupplier condition, long timeLimit) {
    Objects.requireNonNull(condition, "condition");
    requireNotPast(timeLimit);
    enter();
    try {
      refreshAllDeadlines();
      while (!condition.getAsBoolean()) {
        Event e = peek();
        if (e == null || e.time > timeLimit) {
          advanceTo(timeLimit);
          return condition.getAsBoolean();
        }
        process(e);
      }
      return true;
    } finally {
      running = false;
    }
  }

  /**
   * Processes events until none is pending.
   *
   * @return how many events were processed
   * @throws IllegalStateException if events are still pending after {@code maxEvents}, naming the
   *     next one: a livelock, or a node with a periodic timer (run those with {@link #runUntil})
   */
  public long runUntilIdle(long maxEvents) {
    if (maxEvents < 0) {
      throw new IllegalArgumentException("maxEvents must be >= 0; got " + maxEvents);
    }
    enter();
    try {
      refreshAllDeadlines();
      long n = 0;
      Event e;
      while ((e = peek()) != null) {
        if (n == maxEvents) {
          throw new IllegalStateException(
              "the network is not idle after "
                  + maxEvents
                  + " events (now t="
                  + now
                  + " ns); next: "
                  + e.describe()
                  + " at t="
                  + e.time
                  + ". A node polled forever (nextDeadline() <= now after poll), a periodic"
                  + " timer or packets looping keep it busy; use runUntil(time) for the last.");
        }
        process(e);
        n++;
      }
      return n;
    } finally {
      running = false;
    }
  }

  /** Network-wide counters. */
  public NetworkStats stats() {
    Map<DropReason, Long> reasons = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      if (malformed[r.ordinal()] > 0) {
        reasons.put(r, malformed[r.ordinal()]);
      }
    }
    return new NetworkStats(now, processed, totals.snapshot(), reasons);
  }

  @Override
  public String toString() {
    return "SimNetwork[seed=" + seed + ", t=" + now + " ns, hosts=" + hostsByName.keySet() + "]";
  }

  // ---- the journey of a packet ----

  Scheduler scheduler() {
    return scheduler;
  }

  /** A host transmitted {@code packet} (a copy the network owns). */
  void transmit(SimHost from, byte[] packet) {
    long id = nextFrameId++;
    SimFrame frame = new SimFrame(id, id, from, label(packet), packet, now);
    account(frame, FrameFate.SENT, from.upName, null);
    from.up.enter(frame);
  }

  /** The router: a frame left its sender's uplink. */
  void route(SimFrame frame) {
    SimHost to = destination(frame);
    if (to == null) {
      return;
    }
    if (!carried.isEmpty()) {
      Map<SimHost, SharedLink> bySender = carried.get(frame.sender());
      SharedLink via = bySender == null ? null : bySender.get(to);
      if (via != null) {
        via.model.enter(frame);
        return;
      }
    }
    to.down.enter(frame);
  }

  /**
   * The router again: a frame left a shared link. It is routed by its header as it is now, since
   * the link may have corrupted it, and never into a shared link a second time.
   */
  void leaveSharedLink(SimFrame frame) {
    SimHost to = destination(frame);
    if (to != null) {
      to.down.enter(frame);
    }
  }

  /** The host owning the frame's destination, or null after counting the frame as dropped. */
  private @Nullable SimHost destination(SimFrame frame) {
    byte[] p = frame.packet();
    DropReason bad = view.wrap(MemorySegment.ofArray(p), 0, p.length, false);
    if (bad != null) {
      malformed[bad.ordinal()]++;
      account(frame, FrameFate.DROPPED_MALFORMED, ROUTER, null);
      return null;
    }
    SimHost to = hostsByAddress.get(view.destination());
    if (to == null) {
      account(frame, FrameFate.DROPPED_UNROUTABLE, ROUTER, null);
    }
    return to;
  }

  /** {@link SharedLink#carry}. */
  void carry(SharedLink link, SimHost from, SimHost to) {
    for (SimHost h : List.of(from, to)) {
      if (hostsByName.get(h.name()) != h) {
        throw new IllegalArgumentException(h + " is not a host of this network");
      }
    }
    if (from == to) {
      throw new IllegalArgumentException(
          "a shared link carries packets between two hosts; got " + from + " twice");
    }
    Map<SimHost, SharedLink> bySender = carried.computeIfAbsent(from, h -> new HashMap<>());
    SharedLink old = bySender.get(to);
    if (old != null && old != link) {
      throw new IllegalArgumentException(
          "packets from "
              + from.name()
              + " to "
              + to.name()
              + " already cross shared link '"
              + old.name()
              + "'");
    }
    bySender.put(to, link);
  }

  /** A frame left {@code host}'s downlink. */
  void deliver(SimHost host, SimFrame frame) {
    if (host.closed) {
      account(frame, FrameFate.DROPPED_LINK_CLOSED, host.downName, host);
      return;
    }
    host.received.addLast(frame.packet());
    account(frame, FrameFate.DELIVERED, host.downName, host);
    queueDeliveryPoll(host);
  }

  /**
   * Polls the host's node now, after the events already queued for now, unless such a poll is
   * already queued: frames landing at one instant are received in one poll.
   */
  void queueDeliveryPoll(SimHost host) {
    if (host.node != null && !host.pollQueued) {
      host.pollQueued = true;
      enqueue(
          now,
          () -> {
            host.pollQueued = false;
            poll(host);
          },
          () -> "the poll of host '" + host.name() + "' for delivered frames");
    }
  }

  /**
   * Counts {@code fate} for the frame's sender, for {@code receiver} if the frame reached its
   * downlink, and network-wide, and shows it to the taps as happening at {@code link}.
   */
  void account(SimFrame frame, FrameFate fate, String link, @Nullable SimHost receiver) {
    int length = frame.length();
    totals.add(fate, length);
    frame.sender().outbound.add(fate, length);
    if (receiver != null) {
      receiver.inbound.add(fate, length);
    }
    if (!taps.isEmpty()) {
      FrameEvent event =
          new FrameEvent(
              now,
              frame.id(),
              frame.original(),
              frame.sender().name(),
              frame.to(),
              link,
              frame.packet(),
              fate);
      for (FrameTap tap : taps) {
        tap.onEvent(event);
      }
    }
  }

  private String label(byte[] packet) {
    if (view.wrap(MemorySegment.ofArray(packet), 0, packet.length, false) != null) {
      return "?";
    }
    SimHost to = hostsByAddress.get(view.destination());
    return to != null ? to.name() : Ipv4Address.toString(view.destination());
  }

  // ---- nodes ----

  private void poll(SimHost host) {
    Pollable node = Objects.requireNonNull(host.node);
    host.polls++;
    node.poll(now);
    refreshDeadline(host);
  }

  /** Re-reads a node's deadline and moves its pending deadline poll to match. */
  void refreshDeadline(SimHost host) {
    Pollable node = host.node;
    if (node == null) {
      return;
    }
    long d = node.nextDeadline();
    Event pending = host.deadline;
    if (d == Pollable.NO_DEADLINE) {
      if (pending != null) {
        cancel(pending);
        host.deadline = null;
      }
      return;
    }
    long at = Math.max(d, now);
    if (pending != null) {
      if (pending.time == at) {
        return; // keep its place among events of the same time
      }
      cancel(pending);
    }
    host.deadline =
        enqueue(
            at,
            () -> {
              host.deadline = null;
              poll(host);
            },
            () -> "the poll of host '" + host.name() + "' for its deadline " + d);
  }

  private void refreshAllDeadlines() {
    for (SimHost h : hosts) {
      refreshDeadline(h);
    }
  }

  // ---- the event queue ----

  /** One thing to do at one time. Ordered by time, then by the order they were queued. */
  static final class Event implements Comparable<Event> {
    final long time;
    final long seq;
    final Runnable action;
    final Supplier<String> description;
    boolean cancelled;
    boolean done;

    Event(long time, long seq, Runnable action, Supplier<String> description) {
      this.time = time;
      this.seq = seq;
      this.action = action;
      this.description = description;
    }

    String describe() {
      return description.get();
    }

    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
      return describe() + " at t=" + time;
    }
  }

  private final class EventScheduler implements Scheduler {
    @Override
    public long now() {
      return now;
    }

    @Override
    public Scheduler.Timer schedule(long at, Runnable action, Supplier<String> description) {
      Event e = enqueue(at, action, description);
      return () -> {
        if (!e.done && !e.cancelled) {
          cancel(e);
        }
      };
    }

    @Override
    public long nextFrameId() {
      return nextFrameId++;
    }
  }

  private Event enqueue(long at, Runnable action, Supplier<String> description) {
    if (at < now) {
      throw new IllegalStateException(
          "event at t=" + at + " is before now t=" + now + ": " + description.get());
    }
    Event e = new Event(at, nextSeq++, action, description);
    queue.add(e);
    return e;
  }

  private void cancel(Event e) {
    e.cancelled = true;
    if (++cancelled > COMPACT_THRESHOLD && cancelled > queue.size() / 2) {
      queue.removeIf(x -> x.cancelled);
      cancelled = 0;
    }
  }

  /** The next live event, discarding cancelled ones at the head. */
  private @Nullable Event peek() {
    Event e;
    while ((e = queue.peek()) != null && e.cancelled) {
      queue.poll();
      cancelled--;
    }
    return e;
  }

  private void process(Event e) {
    queue.poll();
    e.done = true;
    advanceTo(e.time);
    if (++eventsThisInstant > instantEventLimit) {
      throw new IllegalStateException(
          "livelock: more than "
              + instantEventLimit
              + " events at t="
              + now
              + " ns without time advancing; the last: "
              + e.describe()
              + ". A node whose nextDeadline() stays <= now after poll(now) is polled forever;"
              + " if the run is legitimate, raise the instantEventLimit of new SimNetwork(...).");
    }
    processed++;
    e.action.run();
  }

  private void advanceTo(long time) {
    if (time > now) {
      now = time;
      eventsThisInstant = 0;
    }
  }

  private void requireNotPast(long time) {
    if (time < now) {
      throw new IllegalArgumentException(
          "cannot run until t=" + time + " ns: time never goes back, and it is already t=" + now);
    }
  }

  private void enter() {
    if (running) {
      throw new IllegalStateException(
          "the network is already running: step() and run*() cannot be called from a node, a tap"
              + " or a scheduled action; use schedule(...) instead");
    }
    running = true;
  }
}
