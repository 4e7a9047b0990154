package io.jtcp.io.tap;

import io.jtcp.core.spi.FrameSink;
import io.jtcp.core.spi.FrameWriter;
import io.jtcp.core.spi.LinkDriver;
import io.jtcp.core.spi.LinkType;
import io.jtcp.core.wire.MacAddress;
import io.jtcp.io.linux.CallGate;
import io.jtcp.io.linux.InterfaceName;
import io.jtcp.io.linux.Libc;
import io.jtcp.io.linux.PollWaiter;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A Linux TAP device (Ethernet frames) or TUN device (bare IP packets) as a {@link LinkDriver}: the
 * kernel's side of the device is a network interface, this driver is the wire behind it. Opening
 * {@code /dev/net/tun} and naming a device with {@code ioctl(TUNSETIFF)} either attaches to an
 * existing device of that name (one created with {@code ip tuntap add}, say) or creates one, which
 * lives until the driver closes unless it is made {@linkplain #setPersistent persistent}. See the
 * kernel's Documentation/networking/tuntap.rst.
 *
 * <p>The file descriptor is non-blocking. {@link #receive} reads frames in batches into buffers of
 * one native arena and lends each to the sink in place; {@link #transmit} lets the writer fill the
 * one transmit buffer in place, then writes it. Nothing is allocated per frame. {@link #await}
 * sleeps in {@code ppoll(2)} on the device and on an eventfd, so that {@link #wake()} from any
 * thread, or {@link #close()}, ends the wait at once.
 *
 * <p>Threads: {@code receive}, {@code transmit} and {@code await} are called by one thread at a
 * time (the stack's event loop), as {@link LinkDriver} says. {@link #wake()}, {@link #close()}, the
 * accessors and the counters may be called from any thread. {@code close()} waits until no call is
 * inside the driver, so no thread is left in a native call on a closed descriptor.
 *
 * <p>On a TAP link the kernel's interface has its own hardware address ({@link
 * #kernelMacAddress()}); the stack on this side of the wire is another host and needs another
 * address (see {@code io.jtcp.core.ip.ArpLink}).
 */
public final class TapLink implements LinkDriver {

  /** Which kind of device: what its frames carry. */
  public enum Mode {
    /** A TAP device: Ethernet II frames, {@link LinkType#ETHERNET}. */
    TAP(Tun.IFF_TAP, LinkType.ETHERNET, ETHERNET_HEADER + VLAN_TAG),
    /** A TUN device: bare IPv4 (or IPv6) packets, {@link LinkType#RAW_IP}. */
    TUN(Tun.IFF_TUN, LinkType.RAW_IP, 0);

    private final short flag;
    private final LinkType linkType;
    private final int receiveHeadroom;

    Mode(short flag, LinkType linkType, int receiveHeadroom) {
      this.flag = flag;
      this.linkType = linkType;
      this.receiveHeadroom = receiveHeadroom;
    }

    /** What the device's frames carry. */
    public LinkType linkType() {
      return linkType;
    }

    /** The word {@code ip tuntap} uses for the mode: "tap" or "tun". */
    String kind() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The clone device every TUN/TAP file descriptor is opened from. */
  public static final String CLONE_DEVICE = "/dev/net/tun";

  /** Frames read per batch before they are handed to the sink. */
  static final int RECEIVE_BATCH = 32;

  private static final int ETHERNET_HEADER = 14;

  /**
   * Room for one 802.1Q tag beyond the Ethernet header: the kernel may send a tagged frame of the
   * full MTU on a TAP device (a VLAN interface stacked on it).
   */
  private static final int VLAN_TAG = 4;

  private final Mode mode;
  private final String name;
  private final int mtu;
  private final @Nullable MacAddress kernelMac;
  private final int fd;
  private final int eventFd;
  private final Arena arena;
  private final MemorySegment callState;
  private final MemorySegment[] rxSlots;
  private final int[] rxLengths;
  private final boolean offload;
  private final int rxOffset;
  private final int maxFrame;
  private final MemorySegment tx;
  private final @Nullable SegmentCoalescer coalescer;
  private final PollWaiter waiter;

  /** Counts calls in and out, and releases the native resources once the last is out. */
  private final CallGate gate = new CallGate(this::release);

  private volatile long framesReceived;
  private volatile long framesTransmitted;
  private volatile long transmitDrops;
  private volatile long receiveDrops;
  private volatile long superFramesTransmitted;
  private volatile long superFramesReceived;

  private TapLink(
      Mode mode,
      String name,
      int mtu,
      @Nullable MacAddress kernelMac,
      int fd,
      int eventFd,
      boolean offload) {
    this.mode = mode;
    this.offload = offload;
    this.name = name;
    this.mtu = mtu;
    this.kernelMac = kernelMac;
    this.fd = fd;
    this.eventFd = eventFd;
    this.arena = Arena.ofShared();
    this.callState = arena.allocate(Libc.CALL_STATE);
    // One byte more than the largest frame, so that a read filling a slot shows truncation. With
    // offload the kernel sends TCP super-frames of up to 64 KB (its TSO/GSO), after a header.
    this.rxOffset = offload ? VirtioNetHeader.LENGTH : 0;
    int largest = offload ? SegmentCoalescer.MAX_IP_PACKET : mtu;
    int slot = roundUp(rxOffset + largest + mode.receiveHeadroom + 1, 64);
    MemorySegment rx = arena.allocate((long) slot * RECEIVE_BATCH, 64);
    this.rxSlots = new MemorySegment[RECEIVE_BATCH];
    for (int i = 0; i < RECEIVE_BATCH; i++) {
      rxSlots[i] = rx.asSlice((long) i * slot, slot);
    }
    this.rxLengths = new int[RECEIVE_BATCH];
    int linkHeader = mode == Mode.TAP ? ETHERNET_HEADER : 0;
    this.maxFrame = mtu + linkHeader;
    if (offload) {
      this.coalescer = new SegmentCoalescer(linkHeader, maxFrame, arena, this::writeFrame);
      this.tx = coalescer.buffer();
    } else {
      this.coalescer = null;
      this.tx = arena.allocate(maxFrame, 64);
    }
    this.waiter = new PollWaiter(fd, eventFd, arena);
  }

  /**
   * Opens {@code nameOrPattern} as a device of {@code mode}, with {@code IFF_NO_PI} (no packet
   * information header before each frame): attaches to the device of that name if one exists, else
   * creates it. A name with {@code %d} is a pattern, and the kernel picks the first free number
   * ({@code jtcp%d} gives jtcp0, then jtcp1...); {@link #name()} tells which.
   *
   * <p>A new device's interface is down and has no address: address the kernel's side and bring it
   * up ({@code ip addr add ADDRESS/PREFIX dev NAME; ip link set NAME up}), after moving it into
   * another namespace if wanted ({@code ip link set NAME netns NS}: this descriptor follows the
   * device). Writes to a device that is down are dropped.
   *
   * @param nameOrPattern an interface name of at most 15 bytes, without '/', ':' or whitespace,
   *     with at most one {@code %d}
   * @throws IllegalArgumentException if the name is not one Linux accepts
   * @throws TapException if the kernel refuses; the message says why and what to do (CAP_NET_ADMIN,
   *     a missing tun module, a device in use or of the other mode)
   */
  public static TapLink open(String nameOrPattern, Mode mode) throws TapException {
    return open(CLONE_DEVICE, nameOrPattern, mode, false);
  }

  /**
   * {@link #open(String, Mode)}, with checksum and TCP segmentation offload when {@code offload}:
   * the descriptor carries a {@code virtio_net_hdr} before each frame ({@code IFF_VNET_HDR}) and
   * the device tells the kernel it takes partial checksums and TCP super-frames ({@code
   * TUNSETOFFLOAD} with {@code TUN_F_CSUM | TUN_F_TSO4}), as a virtio NIC does. The kernel then
   * sends TCP in frames of up to 64 KB, which {@link #receive} hands on whole (an engine takes a
   * segment of any length its window allows) with their checksums completed; and {@link #transmit}
   * joins the consecutive segments of a burst into such frames, sent at {@link #flushTransmit}. A
   * link with offload moves several times the data per system call, which is what bounds a TAP link
   * (BENCHMARKS.md). Frames the driver hands on may thus exceed the MTU; frames it is given may
   * not.
   */
  public static TapLink open(String nameOrPattern, Mode mode, boolean offload) throws TapException {
    return open(CLONE_DEVICE, nameOrPattern, mode, offload);
  }

  /** {@link #open(String, Mode)} through another clone device path, for the tests. */
  static TapLink open(String cloneDevice, String nameOrPattern, Mode mode) throws TapException {
    return open(cloneDevice, nameOrPattern, mode, false);
  }

  private static TapLink open(String cloneDevice, String nameOrPattern, Mode mode, boolean offload)
      throws TapException {
    Objects.requireNonNull(mode, "mode");
    validateName(nameOrPattern);
    try (Arena temp = Arena.ofConfined()) {
      MemorySegment state = temp.allocate(Libc.CALL_STATE);
      int fd =
          Libc.open(
              state,
              temp.allocateFrom(cloneDevice),
              Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
      if (fd < 0) {
        throw Errors.openDevice(cloneDevice, nameOrPattern, mode, Libc.errno(state));
      }
      int eventFd = -1;
      try {
        MemorySegment ifr = temp.allocate(Libc.IFREQ);
        ifr.setString(0, nameOrPattern);
        short flags = (short) (mode.flag | Tun.IFF_NO_PI | (offload ? Tun.IFF_VNET_HDR : 0));
        ifr.set(ValueLayout.JAVA_SHORT, Libc.IFR_FLAGS, flags);
        if (Libc.ioctl(state, fd, Tun.TUNSETIFF, ifr) < 0) {
          throw Errors.setIff(nameOrPattern, mode, Libc.errno(state));
        }
        // The kernel writes back the name it gave, which differs from a pattern.
        String name = ifr.getString(0);
        if (offload
            && Libc.ioctl(state, fd, Tun.TUNSETOFFLOAD, (long) (Tun.TUN_F_CSUM | Tun.TUN_F_TSO4))
                < 0) {
          throw failure("TUNSETOFFLOAD", name, Libc.errno(state));
        }
        int mtu = readMtu(temp, state, name);
        MacAddress mac = mode == Mode.TAP ? readHardwareAddress(state, fd, ifr, name) : null;
        eventFd = Libc.eventfd(state, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (eventFd < 0) {
          throw failure("eventfd", name, Libc.errno(state));
        }
        return new TapLink(mode, name, mtu, mac, fd, eventFd, offload);
      } catch (TapException | RuntimeException | Error e) {
        // Closing the descriptor also deletes a device that TUNSETIFF just created.
        if (eventFd >= 0) {
          Libc.close(state, eventFd);
        }
        Libc.close(state, fd);
        throw e;
      }
    }
  }

  /**
   * Checks a name as the kernel's dev_valid_name() and dev_alloc_name() would (net/core/dev.c), so
   * that EINVAL from TUNSETIFF can only mean a device of the other kind.
   */
  static void validateName(String name) {
    InterfaceName.check(name, " (use a pattern like jtcp%d to let the kernel number it)");
    int percent = name.indexOf('%');
    if (percent >= 0 && (!name.startsWith("%d", percent) || name.indexOf('%', percent + 1) >= 0)) {
      throw new IllegalArgumentException(
          "interface name pattern '"
              + name
              + "' is invalid: '%' may appear once, as %d, where the kernel puts a number");
    }
  }

  private static int readMtu(Arena temp, MemorySegment state, String name) throws TapException {
    // The SIOCGIF* ioctls go to a socket of the namespace the device is in (netdevice(7)); the
    // device was just found or made in ours.
    int sock = Libc.socket(state, Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
    if (sock < 0) {
      throw failure("socket(AF_INET, SOCK_DGRAM)", name, Libc.errno(state));
    }
    try {
      MemorySegment ifr = temp.allocate(Libc.IFREQ);
      ifr.setString(0, name);
      if (Libc.ioctl(state, sock, Libc.SIOCGIFMTU, ifr) < 0) {
        throw failure("SIOCGIFMTU", name, Libc.errno(state));
      }
      return ifr.get(ValueLayout.JAVA_INT, Libc.IFR_MTU);
    } finally {
      Libc.close(state, sock);
    }
  }

  /**
   * SIOCGIFHWADDR on the TUN/TAP descriptor itself, which tun_chr_ioctl() answers for its own
   * device wherever that device is (drivers/net/tun.c), so no socket is needed.
   */
  private static MacAddress readHardwareAddress(
      MemorySegment state, int fd, MemorySegment ifr, String name) throws TapException {
    if (Libc.ioctl(state, fd, Libc.SIOCGIFHWADDR, ifr) < 0) {
      throw failure("SIOCGIFHWADDR", name, Libc.errno(state));
    }
    long bits = 0;
    for (int i = 0; i < 6; i++) {
      bits = bits << 8 | (ifr.get(ValueLayout.JAVA_BYTE, Libc.IFR_HWADDR_DATA + i) & 0xFF);
    }
    return new MacAddress(bits);
  }

  private static TapException failure(String call, String name, int errno) {
    return new TapException(call + " for " + name + " failed: " + Libc.describe(errno), errno);
  }

  private static int roundUp(int n, int to) {
    return (n + to - 1) / to * to;
  }

  /** The interface's name, as the kernel gave it (a pattern's number filled in). */
  public String name() {
    return name;
  }

  /** TAP or TUN. */
  public Mode mode() {
    return mode;
  }

  @Override
  public LinkType linkType() {
    return mode.linkType;
  }

  /**
   * The interface's MTU as read (SIOCGIFMTU) when the driver opened: the largest IP packet, without
   * the Ethernet header. Receive buffers are sized from it; raise the MTU before opening, not
   * after, or larger frames are dropped ({@link #receiveDrops()}).
   */
  @Override
  public int mtu() {
    return mtu;
  }

  /**
   * The hardware address of the kernel's side of a TAP device (SIOCGIFHWADDR at open), or null for
   * TUN. Frames the kernel sends come from it. It is not the address for the stack on this side,
   * which is another host on the link and needs a distinct one.
   */
  public @Nullable MacAddress kernelMacAddress() {
    return kernelMac;
  }

  /**
   * Keeps the device when the last descriptor closes ({@code TUNSETPERSIST}), or no longer does, so
   * that the next close deletes it. A persistent device is what {@code ip tuntap add} makes.
   *
   * @throws TapException if the kernel refuses, e.g. without CAP_NET_ADMIN on a device not owned by
   *     the caller
   * @throws IllegalStateException if the driver is closed
   */
  public void setPersistent(boolean persistent) throws TapException {
    if (!gate.enter()) {
      throw new IllegalStateException(this + " is closed");
    }
    try (Arena temp = Arena.ofConfined()) {
      MemorySegment state = temp.allocate(Libc.CALL_STATE);
      if (Libc.ioctl(state, fd, Tun.TUNSETPERSIST, persistent ? 1L : 0L) < 0) {
        throw failure("TUNSETPERSIST", name, Libc.errno(state));
      }
    } finally {
      gate.exit();
    }
  }

  /**
   * Reads up to {@code limit} frames, in batches of {@value #RECEIVE_BATCH}, until the device has
   * none left; each is lent to {@code sink} in its own buffer, valid during the sink's call.
   *
   * @throws UncheckedIOException with a {@link TapException} if the device is gone (deleted while
   *     open) or the read fails otherwise
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
          MemorySegment slot = rxSlots[n];
          long r = Libc.read(callState, fd, slot, slot.byteSize());
          if (r > rxOffset) {
            if (r < slot.byteSize()) {
              if (offload && !acceptOffloaded(slot, (int) r - rxOffset)) {
                receiveDrops++;
                continue;
              }
              rxLengths[n++] = (int) r - rxOffset;
            } else {
              // tun_put_user() copies what fits and frees the rest (drivers/net/tun.c); slots
              // exceed the largest frame of the MTU read at open, so a full one is truncated:
              // the MTU was raised since.
              receiveDrops++;
            }
            continue;
          }
          if (r >= 0) {
            if (r > 0) {
              receiveDrops++; // a virtio header with no frame behind it
              continue;
            }
            empty = true;
            break;
          }
          int errno = Libc.errno(callState);
          if (errno == Libc.EAGAIN) {
            empty = true;
            break;
          }
          if (errno != Libc.EINTR) {
            throw new UncheckedIOException(ioFailure("read", errno));
          }
        }
        Thread outer = gate.callback();
        try {
          for (int i = 0; i < n; i++) {
            sink.onFrame(rxSlots[i], rxOffset, rxLengths[i]);
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
   * Lets {@code writer} fill the transmit buffer with one frame, then writes it to the device.
   *
   * @return false when the kernel did not take the frame, counted in {@link #transmitDrops()}: its
   *     queue is full (EAGAIN, ENOBUFS), the interface is down (EIO), it refused the frame (EINVAL:
   *     a TUN packet that is neither IPv4 nor IPv6), or the driver is closed
   * @throws IllegalArgumentException if {@code length} exceeds the MTU plus, on TAP, the Ethernet
   *     header
   * @throws UncheckedIOException with a {@link TapException} if the device is gone or the write
   *     fails otherwise
   */
  @Override
  public boolean transmit(int length, FrameWriter writer) {
    if (length <= 0 || length > maxFrame) {
      throw new IllegalArgumentException(
          "a frame on "
              + this
              + " has 1 to "
              + maxFrame
              + " bytes (the MTU"
              + (mode == Mode.TAP ? " and the Ethernet header" : "")
              + "); got "
              + length);
    }
    if (!gate.enter()) {
      transmitDrops++;
      return false;
    }
    try {
      // A sink may transmit (a reply from inside receive): restore its mark afterwards.
      SegmentCoalescer c = coalescer;
      long at = c == null ? 0 : c.reserve(length);
      Thread outer = gate.callback();
      try {
        writer.write(tx, at, length);
      } finally {
        gate.endCallback(outer);
      }
      return c == null ? writeFrame(tx, length, 1) : c.add(length);
    } finally {
      gate.exit();
    }
  }

  /**
   * Sends the super-frame being built, if any ({@link #open(String, Mode, boolean)} with offload);
   * the engine calls this when a burst ends.
   */
  @Override
  public void flushTransmit() {
    SegmentCoalescer c = coalescer;
    if (c == null || c.heldSegments() == 0 || !gate.enter()) {
      return;
    }
    try {
      c.flush();
    } finally {
      gate.exit();
    }
  }

  /**
   * Completes a partial checksum the kernel left for the NIC, checks a TCP checksum the kernel did
   * not vouch for, and refuses a frame that fails either.
   */
  private boolean acceptOffloaded(MemorySegment slot, int frameLength) {
    if (VirtioNetHeader.gsoType(slot, 0) != VirtioNetHeader.GSO_NONE) {
      superFramesReceived++;
    }
    return VirtioNetHeader.acceptable(slot, 0, frameLength, mode == Mode.TAP ? ETHERNET_HEADER : 0);
  }

  /**
   * With offload, yes: the engine leaves TCP checksums to the device on transmit (every TCP frame
   * goes out marked for the kernel to complete, which it never needs to for local delivery) and
   * trusts what {@link #receive} hands up, which is what the kernel marked as its own or as
   * checked, or what this driver checked.
   */
  @Override
  public boolean checksumOffload() {
    return offload;
  }

  /** Writes {@code length} bytes of {@code buffer} as one frame that carries {@code segments}. */
  private boolean writeFrame(MemorySegment buffer, int length, int segments) {
    while (true) {
      long w = Libc.write(callState, fd, buffer, length);
      if (w == length) {
        framesTransmitted += segments;
        if (segments > 1) {
          superFramesTransmitted++;
        }
        return true;
      }
      if (w >= 0) {
        // tun_get_user() takes a whole frame or fails; a short count would be a kernel change.
        throw new UncheckedIOException(
            new TapException("short write on " + name + ": " + w + " of " + length + " bytes", 0));
      }
      int errno = Libc.errno(callState);
      switch (errno) {
        case Libc.EINTR -> {
          continue;
        }
        case Libc.EAGAIN, Libc.ENOBUFS, Libc.EIO, Libc.EINVAL -> {
          transmitDrops += segments;
          return false;
        }
        default -> throw new UncheckedIOException(ioFailure("write", errno));
      }
    }
  }

  private TapException ioFailure(String call, int errno) {
    if (errno == Libc.EBADFD) {
      // tun_chr_read_iter()/tun_chr_write_iter(): the file is detached from any device.
      return new TapException(
          mode.kind() + " device " + name + " is gone: it was deleted while the driver had it open",
          errno);
    }
    return new TapException(
        call + " on " + mode.kind() + " device " + name + " failed: " + Libc.describe(errno),
        errno);
  }

  /**
   * Sleeps until a frame is readable, {@link #wake()} or {@link #close()} is called, or {@code
   * timeoutNanos} pass, in {@code ppoll(2)} on the device and the eventfd. Unlike the default, an
   * {@code unpark} of the waiting thread does not end the wait; {@code wake()} does.
   */
  @Override
  public void await(long timeoutNanos) {
    flushTransmit();
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
      int errno = waiter.await(callState, timeoutNanos);
      if (errno != 0) {
        throw new UncheckedIOException(ioFailure("ppoll", errno));
      }
    } finally {
      gate.exit();
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

  /** Whether the link was opened with checksum and segmentation offload. */
  public boolean offload() {
    return offload;
  }

  /** Super-frames written, each carrying two or more of the segments counted as transmitted. */
  public long superFramesTransmitted() {
    return superFramesTransmitted;
  }

  /** TCP super-frames the kernel sent (segmentation offload), counted among frames received. */
  public long superFramesReceived() {
    return superFramesReceived;
  }

  /**
   * Frames read that did not fit the receive buffers (an MTU raised after opening), or with an
   * inconsistent virtio header.
   */
  public long receiveDrops() {
    return receiveDrops;
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return gate.isClosed();
  }

  /**
   * Closes the device's descriptor and the eventfd and frees the buffers; a device this driver
   * created, and did not make persistent, disappears with it. A thread in {@link #await} returns at
   * once. Waits until no other thread is inside the driver (a receive or transmit finishes its
   * batch), unless called from inside one of this driver's sinks or writers, in which case the
   * release happens as that call returns. Idempotent.
   */
  @Override
  public void close() {
    gate.close(this::signal);
  }

  /** Frees the native resources: the gate runs it once, after the last call is out. */
  private void release() {
    if (coalescer != null) {
      transmitDrops += coalescer.discard();
    }
    // close(2): on Linux the descriptor is freed even when close reports an error; never retry.
    Libc.close(callState, eventFd);
    Libc.close(callState, fd);
    arena.close();
  }

  @Override
  public String toString() {
    return "TapLink["
        + mode.kind()
        + " "
        + name
        + ", mtu "
        + mtu
        + (offload ? ", offload" : "")
        + "]";
  }
}
