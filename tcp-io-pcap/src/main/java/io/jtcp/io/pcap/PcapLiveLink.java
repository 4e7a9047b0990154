package io.jtcp.io.pcap;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.linux.CallGate;
import io.jtcp.io.linux.Libc;
import io.jtcp.io.linux.PollWaiter;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A network interface (an Ethernet NIC, a veth endpoint) as a {@link LinkDriver}, through libpcap:
 * frames are captured from the interface and injected onto it, so a jtcp stack is one more host on
 * that interface's wire, beside the kernel that owns the interface.
 *
 * <p>The stack is a host of its own with its own MAC address (the runtime draws a random locally
 * administered one, see {@code io.jtcp.core.ip.ArpLink}) and its own IP address. The interface is
 * put into promiscuous mode so that the NIC passes frames for that address; the kernel marks them
 * PACKET_OTHERHOST and drops them, so it neither answers nor resets jtcp's connections, while the
 * capture gets them. A BPF filter installed in the kernel keeps everything else (the kernel's own
 * traffic, multicast, other hosts' frames) out of the capture buffer: only broadcast ARP until the
 * stack sends its first frame, then also frames for the source address of that frame (the stack's
 * address, learnt rather than configured, since the stack draws it). The capture reads incoming
 * frames only (pcap_setdirection), so frames injected on the interface, by jtcp or anyone, are not
 * read back.
 *
 * <p>The handle is non-blocking and in immediate mode (each frame is delivered as it arrives, not
 * when a buffer block fills). {@link #receive} copies frames in batches into buffers of one native
 * arena and lends each to the sink; {@link #transmit} lets the writer fill the one transmit buffer
 * in place, then injects it. Nothing is allocated per frame. {@link #await} sleeps in {@code
 * ppoll(2)} on libpcap's selectable descriptor and an eventfd, so that {@link #wake()} from any
 * thread, or {@link #close()}, ends the wait at once.
 *
 * <p>Threads: {@code receive}, {@code transmit} and {@code await} are called by one thread at a
 * time (the stack's event loop), as {@link LinkDriver} says; a libpcap handle is not thread-safe.
 * {@link #wake()}, {@link #close()}, the accessors and the counters may be called from any thread.
 * {@code close()} waits until no call is inside the driver, so no thread is left in libpcap on a
 * closed handle.
 *
 * <p>Offloads: the kernel may hand a packet socket frames that are not yet what goes on a wire. A
 * veth peer with transmit checksum offload on sends TCP segments whose checksum is not filled in
 * (CHECKSUM_PARTIAL), and segmentation offload (TSO, GSO) or receive offload (GRO, LRO) deliver
 * segments larger than the MTU. jtcp drops the first as corrupt and the second as too long ({@link
 * #receiveDrops()}); turn them off on the interfaces involved ({@code ethtool -K IFACE tx off tso
 * off gso off gro off lro off}, for veth on both ends).
 */
public final class PcapLiveLink implements LinkDriver {

  /** Frames copied per batch before they are handed to the sink. */
  static final int RECEIVE_BATCH = 32;

  /**
   * The kernel's capture ring (pcap_set_buffer_size): 4 MiB holds about two thousand full frames,
   * some milliseconds of a saturated gigabit link, while the event loop is busy elsewhere.
   */
  static final int BUFFER_BYTES = 4 << 20;

  private static final int ETHERNET_HEADER = 14;

  /** Room for one 802.1Q tag, which libpcap puts back into frames whose tag the NIC stripped. */
  private static final int VLAN_TAG = 4;

  /**
   * Every address, as one segment: libpcap's header and frame pointers are read through it without
   * making a segment per frame.
   */
  @SuppressWarnings("restricted")
  private static final MemorySegment EVERYWHERE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

  /** How many frames pass between refreshes of the kernel's drop counter (pcap_stats). */
  private static final long STATS_EVERY = 1024;

  private final NetInterface iface;
  private final MemorySegment handle;
  private final int fd;
  private final int eventFd;
  private final Arena arena;
  private final MemorySegment callState;
  private final MemorySegment[] rxSlots;
  private final int[] rxLengths;
  private final MemorySegment tx;
  private final MemorySegment headerOut;
  private final MemorySegment dataOut;
  private final MemorySegment stat;
  private final PollWaiter waiter;

  /** Counts calls in and out, and releases the native resources once the last is out. */
  private final CallGate gate = new CallGate(this::release);

  /** The source address of the stack's frames, or -1 before the first. */
  private volatile long stackMac = -1;

  private volatile String filter;
  private long statsMark;

  private volatile long framesReceived;
  private volatile long framesTransmitted;
  private volatile long transmitDrops;
  private volatile long receiveDrops;
  private volatile long captureDrops;

  private PcapLiveLink(
      NetInterface iface, MemorySegment handle, int fd, int eventFd, String filter) {
    this.iface = iface;
    this.handle = handle;
    this.fd = fd;
    this.eventFd = eventFd;
    this.filter = filter;
    this.arena = Arena.ofShared();
    this.callState = arena.allocate(Libc.CALL_STATE);
    int slot = roundUp(snaplen(iface.mtu()), 64);
    MemorySegment rx = arena.allocate((long) slot * RECEIVE_BATCH, 64);
    this.rxSlots = new MemorySegment[RECEIVE_BATCH];
    for (int i = 0; i < RECEIVE_BATCH; i++) {
      rxSlots[i] = rx.asSlice((long) i * slot, slot);
    }
    this.rxLengths = new int[RECEIVE_BATCH];
    this.tx = arena.allocate(iface.mtu() + ETHERNET_HEADER, 64);
    this.headerOut = arena.allocate(ValueLayout.ADDRESS);
    this.dataOut = arena.allocate(ValueLayout.ADDRESS);
    this.stat = arena.allocate(Libpcap.PCAP_STAT_SIZE, 8);
    this.waiter = new PollWaiter(fd, eventFd, arena);
  }

  /** The bytes captured of each frame: the largest the MTU allows, with a VLAN tag. */
  private static int snaplen(int mtu) {
    return mtu + ETHERNET_HEADER + VLAN_TAG;
  }

  /**
   * Opens {@code iface}, which must exist in the calling thread's network namespace, be up and
   * carry Ethernet: libpcap's packet socket is made in that namespace, and the driver works there
   * from any thread afterwards. Needs CAP_NET_RAW and CAP_NET_ADMIN (promiscuous mode), as root
   * has.
   *
   * <p>Give the stack an IP address that no other host on the link has, the kernel's included; the
   * kernel can keep its own address on the interface.
   *
   * @param iface an interface name, such as {@code eth1} or {@code veth0}
   * @throws IllegalArgumentException if the name is not one Linux accepts
   * @throws PcapException if libpcap is not installed, or the interface cannot be used; the message
   *     says why and what to do (the package to install, CAP_NET_RAW, {@code ip link set IFACE up},
   *     a name that does not exist here)
   */
  public static PcapLiveLink open(String iface) throws PcapException {
    NetInterface.validateName(iface);
    Libpcap.require();
    NetInterface info = NetInterface.read(iface);
    try (Arena temp = Arena.ofConfined()) {
      MemorySegment errbuf = temp.allocate(Libpcap.ERRBUF_SIZE);
      MemorySegment handle = Libpcap.create(temp.allocateFrom(iface), errbuf);
      if (handle.equals(MemorySegment.NULL)) {
        throw ActivationErrors.create(iface, errbuf.getString(0).strip());
      }
      int eventFd = -1;
      try {
        // The settings below only fail on an active handle, which this one is not yet.
        Libpcap.setSnaplen(handle, snaplen(info.mtu()));
        Libpcap.setPromisc(handle, 1);
        Libpcap.setImmediateMode(handle, 1);
        Libpcap.setTimeout(handle, 1);
        Libpcap.setBufferSize(handle, BUFFER_BYTES);
        int status = Libpcap.activate(handle);
        if (status < 0) {
          throw ActivationErrors.activate(iface, status, detail(handle, status));
        }
        if (status > 0) {
          PcapException unusable = ActivationErrors.warning(iface, status, detail(handle, status));
          if (unusable != null) {
            throw unusable;
          }
        }
        int datalink = Libpcap.datalink(handle);
        if (datalink != Libpcap.DLT_EN10MB) {
          throw ActivationErrors.notEthernet(iface, datalink);
        }
        if (Libpcap.setNonblock(handle, 1, errbuf) != 0) {
          throw ActivationErrors.call(
              "pcap_setnonblock", iface, Libpcap.PCAP_ERROR, errbuf.getString(0).strip());
        }
        int fd = Libpcap.selectableFd(handle);
        if (fd < 0) {
          throw ActivationErrors.call(
              "pcap_get_selectable_fd", iface, Libpcap.PCAP_ERROR, "no selectable descriptor");
        }
        makeSendsNonBlocking(temp, fd, iface);
        // Linux reports frames this host sends on the interface to its packet sockets as
        // PACKET_OUTGOING; only what arrives from the wire is for the stack.
        int direction = Libpcap.setDirection(handle, Libpcap.PCAP_D_IN);
        if (direction != 0) {
          throw ActivationErrors.call(
              "pcap_setdirection", iface, direction, detail(handle, direction));
        }
        String filter = CaptureFilter.forStack(null);
        installFilter(handle, iface, filter);
        MemorySegment state = temp.allocate(Libc.CALL_STATE);
        eventFd = Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (eventFd < 0) {
          throw new PcapException(
              "eventfd for " + iface + " failed: " + Libc.describe(Libc.errno(state)), 0);
        }
        return new PcapLiveLink(info, handle, fd, eventFd, filter);
      } catch (PcapException | RuntimeException | Error e) {
        if (eventFd >= 0) {
          Libc.close(temp.allocate(Libc.CALL_STATE), eventFd);
        }
        Libpcap.close(handle);
        throw e;
      }
    }
  }

  private static String detail(MemorySegment handle, int status) {
    String message = Libpcap.geterr(handle);
    return message.isEmpty() ? Libpcap.statusToString(status) : message;
  }

  /**
   * pcap_inject ends in send(2) on the packet socket, which waits for room in the socket's send
   * buffer unless the descriptor is non-blocking; pcap_setnonblock only changes how libpcap reads.
   * With O_NONBLOCK a full queue is EAGAIN, and the frame is dropped as a full NIC ring drops,
   * rather than the event loop stalling.
   */
  private static void makeSendsNonBlocking(Arena temp, int fd, String iface) throws PcapException {
    MemorySegment state = temp.allocate(Libc.CALL_STATE);
    int flags = Libc.fcntl(state, fd, Libc.F_GETFL, 0);
    if (flags < 0 || Libc.fcntl(state, fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK) < 0) {
      throw new PcapException(
          "fcntl(O_NONBLOCK) on the capture of "
              + iface
              + " failed: "
              + Libc.describe(Libc.errno(state)),
          0);
    }
  }

  /** Compiles {@code expression} (pcap-filter(7)) and installs it in the kernel. */
  private static void installFilter(MemorySegment handle, String iface, String expression)
      throws PcapException {
    try (Arena temp = Arena.ofConfined()) {
      MemorySegment program = temp.allocate(Libpcap.BPF_PROGRAM_SIZE, 8);
      int compiled =
          Libpcap.compile(
              handle, program, temp.allocateFrom(expression), 1, Libpcap.NETMASK_UNKNOWN);
      if (compiled != 0) {
        throw ActivationErrors.call(
            "pcap_compile of '" + expression + "'", iface, compiled, detail(handle, compiled));
      }
      try {
        int set = Libpcap.setFilter(handle, program);
        if (set != 0) {
          throw ActivationErrors.call(
              "pcap_setfilter of '" + expression + "'", iface, set, detail(handle, set));
        }
      } finally {
        Libpcap.freeCode(program);
      }
    }
  }

  private static int roundUp(int n, int to) {
    return (n + to - 1) / to * to;
  }

  /** The interface's name. */
  public String name() {
    return iface.name();
  }

  @Override
  public io.jtcp.core.spi.LinkType linkType() {
    return io.jtcp.core.spi.LinkType.ETHERNET;
  }

  /**
   * The interface's MTU as read (SIOCGIFMTU) when the driver opened: the largest IP packet, without
   * the Ethernet header. Buffers are sized from it; raise the MTU before opening, not after, or
   * larger frames are dropped ({@link #receiveDrops()}).
   */
  @Override
  public int mtu() {
    return iface.mtu();
  }

  /**
   * The interface's own hardware address (SIOCGIFHWADDR at open): the kernel's on this link, not
   * the stack's.
   */
  public @Nullable MacAddress interfaceMacAddress() {
    return iface.mac();
  }

  /** The source address of the frames the stack sends, or null before its first frame. */
  public @Nullable MacAddress stackMacAddress() {
    long mac = stackMac;
    return mac < 0 ? null : new MacAddress(mac);
  }

  /** The capture filter installed now, a pcap-filter(7) expression. */
  public String filter() {
    return filter;
  }

  /**
   * Copies up to {@code limit} captured frames, in batches of {@value #RECEIVE_BATCH}, until none
   * is waiting; each is lent to {@code sink} in its own buffer, valid during the sink's call. A
   * frame longer than the buffers (merged by an offload, or an MTU raised since opening) is dropped
   * and counted in {@link #receiveDrops()}.
   *
   * @throws UncheckedIOException with a {@link PcapException} if the interface is gone (deleted
   *     while open) or the capture fails otherwise
   */
  @Override
  public int receive(FrameSink sink, int limit) {
    if (limit <= 0 || !gate.enter()) {
      return 0;
    }
    try {
      int handed = 0;
      boolean empty = false;
      while (!empty && handed < limit) {
        int batch = Math.min(limit - handed, RECEIVE_BATCH);
        int n = 0;
        while (n < batch) {
          int r = Libpcap.nextEx(handle, headerOut, dataOut);
          if (r == 1) {
            long header = headerOut.get(ValueLayout.JAVA_LONG, 0);
            int captured = EVERYWHERE.get(ValueLayout.JAVA_INT, header + Libpcap.PKTHDR_CAPLEN);
            int length = EVERYWHERE.get(ValueLayout.JAVA_INT, header + Libpcap.PKTHDR_LEN);
            MemorySegment slot = rxSlots[n];
            if (captured <= 0 || captured != length || captured > slot.byteSize()) {
              // Cut at the snap length: longer than any frame of the MTU.
              receiveDrops++;
              continue;
            }
            long data = dataOut.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment.copy(EVERYWHERE, data, slot, 0, captured);
            rxLengths[n++] = captured;
            continue;
          }
          // 0: nothing waiting. PCAP_ERROR_IFACE_NOT_UP: libpcap saw ENETDOWN; nothing arrives
          // until the interface is up again, and the error is consumed, so waiting does not spin.
          if (r == 0 || r == Libpcap.PCAP_ERROR_IFACE_NOT_UP) {
            empty = true;
            break;
          }
          throw new UncheckedIOException(
              new PcapException(
                  "capturing on " + iface.name() + " failed: " + detail(handle, r), r));
        }
        Thread outer = gate.callback();
        try {
          for (int i = 0; i < n; i++) {
            sink.onFrame(rxSlots[i], 0, rxLengths[i]);
          }
        } finally {
          gate.endCallback(outer);
        }
        handed += n;
        framesReceived += n;
        if (isClosed()) {
          break; // a sink closed the driver
        }
      }
      return handed;
    } finally {
      gate.exit();
    }
  }

  /**
   * Lets {@code writer} fill the transmit buffer with one Ethernet frame, then injects it. The
   * first frame's source address, and any later change of it, sets the capture filter to that
   * address, before the frame leaves, so that no answer to it can arrive unfiltered-out.
   *
   * @return false when the kernel did not take the frame, counted in {@link #transmitDrops()}: the
   *     socket's queue is full (EAGAIN, ENOBUFS), the interface is down (ENETDOWN), the frame
   *     exceeds an MTU lowered since opening (EMSGSIZE), or the driver is closed
   * @throws IllegalArgumentException if {@code length} exceeds the MTU plus the Ethernet header
   * @throws UncheckedIOException with a {@link PcapException} if the interface is gone or the
   *     filter cannot be changed
   */
  @Override
  public boolean transmit(int length, FrameWriter writer) {
    if (length <= 0 || length > tx.byteSize()) {
      throw new IllegalArgumentException(
          "a frame on "
              + this
              + " has 1 to "
              + tx.byteSize()
              + " bytes (the MTU and the Ethernet header); got "
              + length);
    }
    if (!gate.enter()) {
      transmitDrops++;
      return false;
    }
    try {
      // A sink may transmit (a reply from inside receive): restore its mark afterwards.
      Thread outer = gate.callback();
      try {
        writer.write(tx, 0, length);
      } finally {
        gate.endCallback(outer);
      }
      if (length >= ETHERNET_HEADER) {
        long source = 0;
        for (int i = 6; i < 12; i++) {
          source = source << 8 | (tx.get(ValueLayout.JAVA_BYTE, i) & 0xFF);
        }
        if (source != stackMac) {
          learn(source);
        }
      }
      while (true) {
        int w = Libpcap.inject(callState, handle, tx, length);
        if (w == length) {
          framesTransmitted++;
          return true;
        }
        if (w >= 0) {
          // send(2) on a packet socket takes a whole frame or fails (packet_snd()).
          throw new UncheckedIOException(
              new PcapException(
                  "short inject on " + iface.name() + ": " + w + " of " + length + " bytes", 0));
        }
        int errno = Libc.errno(callState);
        switch (errno) {
          case Libc.EINTR -> {
            continue;
          }
          case Libc.EAGAIN, Libc.ENOBUFS, Libc.ENETDOWN, Libc.EMSGSIZE -> {
            transmitDrops++;
            return false;
          }
          case Libc.ENXIO, Libc.ENODEV ->
              throw new UncheckedIOException(
                  new PcapException(
                      "interface "
                          + iface.name()
                          + " is gone: it was deleted while the driver had it open ["
                          + Libpcap.geterr(handle)
                          + "]",
                      Libpcap.PCAP_ERROR));
          default ->
              throw new UncheckedIOException(
                  new PcapException(
                      "pcap_inject on " + iface.name() + " failed: " + Libpcap.geterr(handle),
                      Libpcap.PCAP_ERROR));
        }
      }
    } finally {
      gate.exit();
    }
  }

  /**
   * The stack sends from {@code source}: capture frames for it. A group address is never a sender's
   * (IEEE 802: the bit marks destinations), so such a frame changes nothing.
   */
  private void learn(long source) {
    if (source == 0 || (source >>> 40 & 1) != 0) {
      return;
    }
    MacAddress mac = new MacAddress(source);
    String expression = CaptureFilter.forStack(mac);
    try {
      installFilter(handle, iface.name(), expression);
    } catch (PcapException e) {
      throw new UncheckedIOException(e);
    }
    filter = expression;
    stackMac = source;
  }

  /**
   * Sleeps until a frame is readable, {@link #wake()} or {@link #close()} is called, or {@code
   * timeoutNanos} pass, in {@code ppoll(2)} on libpcap's descriptor and the eventfd. Unlike the
   * default, an {@code unpark} of the waiting thread does not end the wait; {@code wake()} does.
   */
  @Override
  public void await(long timeoutNanos) {
    if (timeoutNanos <= 0) {
      return;
    }
    if (!gate.enter()) {
      // Closed: nothing will arrive. Park as the default does, so a loop still running neither
      // spins nor needs this driver to stop it.
      LockSupport.parkNanos(timeoutNanos);
      return;
    }
    try {
      if (framesReceived - statsMark >= STATS_EVERY) {
        refreshStats(); // the loop is idle: a system call costs nothing now
      }
      int errno = waiter.await(callState, timeoutNanos);
      if (errno != 0) {
        throw new UncheckedIOException(
            new PcapException(
                "ppoll on the capture of " + iface.name() + " failed: " + Libc.describe(errno), 0));
      }
    } finally {
      gate.exit();
    }
  }

  /** pcap_stats(3PCAP): on Linux, frames the kernel dropped for want of room in the ring. */
  private void refreshStats() {
    statsMark = framesReceived;
    if (Libpcap.stats(handle, stat) == 0) {
      captureDrops = Integer.toUnsignedLong(stat.get(ValueLayout.JAVA_INT, Libpcap.PCAP_STAT_DROP));
    }
  }

  /**
   * Ends the current or the next {@link #await} at once; callable from any thread, cheap enough to
   * call on every command handed to the event loop. Does nothing once closed.
   */
  @Override
  public void wake() {
    if (!gate.enter()) {
      return;
    }
    try {
      signal();
    } finally {
      gate.exit();
    }
  }

  private void signal() {
    waiter.signal();
  }

  /** Frames handed to sinks since the driver opened. */
  public long framesReceived() {
    return framesReceived;
  }

  /** Frames the kernel took since the driver opened. */
  public long framesTransmitted() {
    return framesTransmitted;
  }

  /** Frames {@link #transmit} dropped: the kernel did not take them, or the driver was closed. */
  public long transmitDrops() {
    return transmitDrops;
  }

  /**
   * Frames captured but not handed over: longer than the MTU read at open (an offload merged
   * segments, or the MTU was raised since), or empty.
   */
  public long receiveDrops() {
    return receiveDrops;
  }

  /**
   * Frames the kernel dropped because the capture ring was full (pcap_stats' {@code ps_drop}): the
   * event loop fell behind. Refreshed while the loop waits, and once more at close.
   */
  public long captureDrops() {
    return captureDrops;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return gate.isClosed();
  }

  /**
   * Closes the capture (which takes the interface out of promiscuous mode again) and the eventfd,
   * and frees the buffers. A thread in {@link #await} returns at once. Waits until no other thread
   * is inside the driver (a receive or transmit finishes its batch), unless called from inside one
   * of this driver's sinks or writers, in which case the release happens as that call returns.
   * Idempotent.
   */
  @Override
  public void close() {
    gate.close(this::signal);
  }

  /** Frees the native resources: the gate runs it once, after the last call is out. */
  private void release() {
    refreshStats();
    // pcap_close closes the descriptor pcap_get_selectable_fd returned; only ours is left.
    Libpcap.close(handle);
    Libc.close(callState, eventFd);
    arena.close();
  }

  @Override
  public String toString() {
    return "PcapLiveLink[" + iface.name() + ", mtu " + iface.mtu() + "]";
  }
}
