package io.jtcp.core.ip;

import io.jtcp.core.spi.Clock;
import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.ArpView;
import io.jtcp.core.wire.DropReason;
import io.jtcp.core.wire.EtherType;
import io.jtcp.core.wire.EthernetView;
import io.jtcp.core.wire.Ipv4Address;
import io.jtcp.core.wire.MacAddress;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * An Ethernet link seen as the bare IPv4 link the engine speaks: IPv4 packets go out in Ethernet II
 * frames to the next hop's hardware address and come in stripped of their header; ARP (RFC 826)
 * runs underneath. It answers requests for the stack's address, learns who asked, and resolves a
 * next hop (the destination on the subnet, the gateway beyond it) with a request broadcast once a
 * second, queueing the packets meanwhile.
 *
 * <p>Linux's neighbour defaults are the model: up to three requests a second apart ({@code
 * mcast_solicit}, {@code retrans_time_ms}), then the queued packets are dropped and the next packet
 * starts over; at most 64 KiB queued per neighbour ({@code unres_qlen_bytes} is larger, but a TCP
 * sender retransmits whatever is dropped); an entry is trusted for 30 s ({@code
 * base_reachable_time}), then re-confirmed by a request while it stays in use and forgotten if no
 * answer comes within three more seconds.
 *
 * <p>Like any driver it is used by one thread. Packets to a resolved neighbour are written straight
 * into the Ethernet driver's buffer behind the header, with no copy; only packets waiting for
 * resolution are copied (and allocated).
 */
public final class ArpLink implements LinkDriver {
  static final long SECOND = 1_000_000_000L;
  static final long REACHABLE = 30 * SECOND;
  static final long RETRANSMIT = SECOND;
  static final int MAX_REQUESTS = 3;
  static final int MAX_PENDING_BYTES = 64 * 1024;

  /** An entry nobody confirmed for this long is dropped from the cache. */
  static final long FORGET = 2 * REACHABLE + MAX_REQUESTS * RETRANSMIT;

  private final LinkDriver ethernet;
  private final int address;
  private final int mask;
  private final int gateway;
  private final long mac;
  private final Clock clock;
  private final Map<Integer, ArpEntry> cache = new HashMap<>();
  private final Map<String, long[]> counts = new TreeMap<>();
  private final Map<DropReason, long[]> drops = new EnumMap<>(DropReason.class);

  private final EthernetView ethIn = new EthernetView();
  private final EthernetView ethOut = new EthernetView();
  private final ArpView arpIn = new ArpView();
  private final ArpView arpOut = new ArpView();
  private final Framer framer = new Framer();
  private final FrameSink fromEthernet = this::onFrame;
  private @Nullable FrameSink upper;
  private @Nullable ArpEntry lastEntry;

  /** When {@link #expire} next has something to do: a request to repeat, an entry to forget. */
  private long nextDue;

  private boolean anyDue;
  private int handed;

  /**
   * @param ethernet a driver whose {@link LinkDriver#linkType()} is {@link LinkType#ETHERNET}
   * @param address the stack's IPv4 address
   * @param prefixLength the subnet's prefix length, in [0, 32] (0: every address is on the link)
   * @param gateway where packets for other subnets go, or null for none
   * @param mac the stack's own hardware address (not the kernel's address of a TAP device)
   * @param clock the stack's clock, for the cache's timers
   */
  public ArpLink(
      LinkDriver ethernet,
      Ipv4Address address,
      int prefixLength,
      @Nullable Ipv4Address gateway,
      MacAddress mac,
      Clock clock) {
    if (ethernet.linkType() != LinkType.ETHERNET) {
      throw new IllegalArgumentException(
          "ARP runs on an Ethernet link; " + ethernet + " carries " + ethernet.linkType());
    }
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be in [0, 32]; got " + prefixLength);
    }
    if (mac.isMulticast() || mac.bits() == 0) {
      throw new IllegalArgumentException("the stack's MAC address must be unicast; got " + mac);
    }
    this.ethernet = ethernet;
    this.address = address.bits();
    this.mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    this.gateway = gateway == null ? 0 : gateway.bits();
    this.mac = mac.bits();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A random locally administered unicast address (02:xx:xx:xx:xx:xx), as Linux gives a new TAP.
   */
  public static MacAddress randomMac() {
    long bits = ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL;
    return new MacAddress((bits & ~(0x03L << 40)) | (0x02L << 40));
  }

  public MacAddress macAddress() {
    return new MacAddress(mac);
  }

  @Override
  public LinkType linkType() {
    return LinkType.RAW_IP;
  }

  /** The Ethernet link's MTU, which is the largest IP packet it carries. */
  @Override
  public int mtu() {
    return ethernet.mtu();
  }

  @Override
  public int receive(FrameSink sink, int limit) {
    upper = sink;
    handed = 0;
    try {
      ethernet.receive(fromEthernet, limit);
    } finally {
      upper = null;
    }
    long now = clock.nanos();
    if (anyDue && now - nextDue >= 0) {
      expire(now); // only when a timer is due: its iterator is garbage
    }
    return handed;
  }

  private void onFrame(MemorySegment buf, long off, int len) {
    DropReason r = ethIn.wrap(buf, off, len);
    if (r != null) {
      drop(r);
      return;
    }
    long dst = ethIn.destination();
    if (dst != mac && dst != MacAddress.BROADCAST.bits()) {
      count("frame not for this MAC");
      return;
    }
    switch (ethIn.etherType()) {
      case EtherType.IPV4 -> {
        handed++;
        FrameSink s = upper;
        if (s != null) {
          s.onFrame(buf, ethIn.payloadOffset(), ethIn.payloadLength());
        }
      }
      case EtherType.ARP -> arp(buf, ethIn.payloadOffset(), ethIn.payloadLength());
      default -> drop(DropReason.UNSUPPORTED_ETHERTYPE);
    }
  }

  /** RFC 826's packet reception, with Linux's rule that only a request for us creates an entry. */
  private void arp(MemorySegment buf, long off, int len) {
    DropReason r = arpIn.wrap(buf, off, len);
    if (r != null) {
      drop(r);
      return;
    }
    int sender = arpIn.senderProtocol();
    long senderMac = arpIn.senderHardware();
    boolean forUs = arpIn.targetProtocol() == address;
    // An RFC 5227 probe (sender 0.0.0.0) is answered but teaches nothing; neither does a
    // multicast sender address, which no host may have.
    if (sender != 0 && (senderMac >>> 40 & 1) == 0) {
      ArpEntry e = cache.get(sender);
      if (e == null && forUs) {
        e = new ArpEntry(sender);
        cache.put(sender, e);
      }
      if (e != null) {
        e.mac = senderMac;
        e.confirmedAt = clock.nanos();
        due(e.confirmedAt + FORGET);
        e.requests = 0;
        flush(e);
      }
    }
    if (forUs && arpIn.operation() == ArpView.REQUEST) {
      count("ARP requests answered");
      sendArp(ArpView.REPLY, senderMac, senderMac, sender);
    }
  }

  @Override
  public boolean transmit(int destination, int length, FrameWriter writer) {
    long now = clock.nanos();
    int hop = nextHop(destination);
    if (hop == 0) {
      count("no route (destination off the subnet and no gateway)");
      return false;
    }
    ArpEntry e = lookupEntry(hop);
    if (e != null && e.resolved()) {
      long age = now - e.confirmedAt;
      if (age <= REACHABLE + MAX_REQUESTS * RETRANSMIT) {
        if (age > REACHABLE) {
          solicit(hop, e, now); // re-confirm while still using it, like Linux's PROBE state
        }
        return send(e.mac, length, writer);
      }
      e.mac = -1; // nobody confirmed it: forget the address, resolve again
      e.requests = 0;
    }
    if (e == null) {
      e = new ArpEntry(hop);
      cache.put(hop, e);
    }
    if (e.pendingBytes + length > MAX_PENDING_BYTES) {
      count("dropped while resolving (queue full)");
      return false;
    }
    byte[] packet = new byte[length];
    writer.write(MemorySegment.ofArray(packet), 0, length);
    e.pending.addLast(packet);
    e.pendingBytes += length;
    solicit(e.ip, e, now);
    return true;
  }

  /**
   * Without a destination the packet must be written first to learn it: one copy, then as above.
   */
  @Override
  public boolean transmit(int length, FrameWriter writer) {
    byte[] packet = new byte[length];
    MemorySegment p = MemorySegment.ofArray(packet);
    writer.write(p, 0, length);
    if (length < 20) {
      count("not an IPv4 packet (too short)");
      return false;
    }
    int dst = p.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 16);
    return transmit(dst, length, (b, o, l) -> MemorySegment.copy(p, 0, b, o, l));
  }

  /**
   * The cache entry for {@code ip}, through a one-entry memo: a connection sends to one next hop
   * again and again, and the map's boxed key would allocate on every packet.
   */
  private @Nullable ArpEntry lookupEntry(int ip) {
    ArpEntry last = lastEntry;
    if (last != null && last.ip == ip) {
      return last; // removals clear the memo, so it is never stale
    }
    ArpEntry e = cache.get(ip);
    lastEntry = e;
    return e;
  }

  private int nextHop(int destination) {
    if ((destination & mask) == (address & mask)) {
      return destination;
    }
    return gateway;
  }

  private boolean send(long to, int length, FrameWriter writer) {
    framer.to = to;
    framer.type = EtherType.IPV4;
    framer.payload = writer;
    try {
      return ethernet.transmit(EthernetView.HEADER_LENGTH + length, framer);
    } finally {
      framer.payload = null;
    }
  }

  /** A request for {@code ip}, at most one a second and {@link #MAX_REQUESTS} per resolution. */
  private void solicit(int ip, ArpEntry e, long now) {
    if (e.requests >= MAX_REQUESTS
        || e.requestedAt != Long.MIN_VALUE && now - e.requestedAt < RETRANSMIT) {
      return;
    }
    e.requests++;
    e.requestedAt = now;
    due(now + RETRANSMIT);
    count("ARP requests sent");
    sendArp(ArpView.REQUEST, MacAddress.BROADCAST.bits(), 0, ip);
  }

  private void sendArp(int op, long ethDst, long targetMac, int targetIp) {
    framer.to = ethDst;
    framer.type = EtherType.ARP;
    framer.payload =
        (b, o, l) ->
            arpOut
                .writeTo(b, o)
                .operation(op)
                .senderHardware(mac)
                .senderProtocol(address)
                .targetHardware(targetMac)
                .targetProtocol(targetIp);
    try {
      if (!ethernet.transmit(EthernetView.HEADER_LENGTH + ArpView.LENGTH, framer)) {
        count("ARP not sent (transmit queue full)");
      }
    } finally {
      framer.payload = null;
    }
  }

  private void flush(ArpEntry e) {
    byte[] p;
    while ((p = e.pending.pollFirst()) != null) {
      e.pendingBytes -= p.length;
      byte[] packet = p;
      if (!send(
          e.mac,
          packet.length,
          (b, o, l) -> MemorySegment.copy(packet, 0, b, ValueLayout.JAVA_BYTE, o, l))) {
        count("transmit queue full");
      }
    }
  }

  /** Resolutions that got no answer after {@link #MAX_REQUESTS} requests fail; their queue goes. */
  private void expire(long now) {
    anyDue = false;
    for (Iterator<Map.Entry<Integer, ArpEntry>> it = cache.entrySet().iterator(); it.hasNext(); ) {
      ArpEntry e = it.next().getValue();
      if (e.resolved()) {
        if (now - e.confirmedAt > FORGET) {
          it.remove(); // unused for a long while: garbage-collect it (Linux's gc_stale_time)
          lastEntry = null;
        } else {
          due(e.confirmedAt + FORGET);
        }
        continue;
      }
      if (e.requests >= MAX_REQUESTS && now - e.requestedAt >= RETRANSMIT) {
        if (!e.pending.isEmpty()) {
          count("dropped: resolution failed");
        }
        it.remove();
        lastEntry = null;
        continue;
      }
      if (!e.pending.isEmpty()) {
        solicit(e.ip, e, now); // keep asking, a second apart, while packets wait
      }
      due(e.requestedAt + RETRANSMIT);
    }
  }

  private void due(long at) {
    if (!anyDue || at - nextDue < 0) {
      nextDue = at;
      anyDue = true;
    }
  }

  /** The hardware address {@code ip} resolves to now, if any (for tests and tools). */
  public @Nullable MacAddress lookup(Ipv4Address ip) {
    ArpEntry e = cache.get(ip.bits());
    return e == null || !e.resolved() ? null : new MacAddress(e.mac);
  }

  /** Counts by event and by drop reason, for diagnostics. */
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v[0]));
    drops.forEach((k, v) -> out.put("drop." + k.name().toLowerCase(java.util.Locale.ROOT), v[0]));
    return out;
  }

  private void count(String what) {
    counts.computeIfAbsent(what, k -> new long[1])[0]++;
  }

  private void drop(DropReason r) {
    drops.computeIfAbsent(r, k -> new long[1])[0]++;
  }

  @Override
  public boolean transmitReady() {
    return ethernet.transmitReady();
  }

  @Override
  public void setWakeup(Runnable wakeup) {
    ethernet.setWakeup(wakeup);
  }

  /** ARP adds and removes nothing a TCP checksum covers: the Ethernet link's answer. */
  @Override
  public boolean checksumOffload() {
    return ethernet.checksumOffload();
  }

  @Override
  public void flushTransmit() {
    ethernet.flushTransmit();
  }

  @Override
  public void wake() {
    ethernet.wake();
  }

  @Override
  public void await(long timeoutNanos) {
    ethernet.await(timeoutNanos);
  }

  @Override
  public void close() {
    ethernet.close();
  }

  @Override
  public String toString() {
    return "ARP over " + ethernet;
  }

  /** Writes the Ethernet header, then lets the payload's writer fill the rest. */
  private final class Framer implements FrameWriter {
    long to;
    int type;
    @Nullable FrameWriter payload;

    @Override
    public void write(MemorySegment buffer, long offset, int length) {
      ethOut.writeTo(buffer, offset, length).destination(to).source(mac).etherType(type);
      FrameWriter p = Objects.requireNonNull(payload, "payload");
      p.write(buffer, offset + EthernetView.HEADER_LENGTH, length - EthernetView.HEADER_LENGTH);
    }
  }
}
