package io.jtcp.core.spi;

/**
 * A network link the engine sends and receives frames on: the in-memory network, a TAP or TUN
 * device, a libpcap handle. Decorators (fault injection, capture, tracing) wrap any driver.
 *
 * <p>The driver owns its buffers: on receive it lends a buffer to a {@link FrameSink}, on transmit
 * it lends one to a {@link FrameWriter} that fills it in place, so no frame is copied through an
 * intermediate array. Both calls are non-blocking and are made from the one thread that drives the
 * engine.
 */
public interface LinkDriver extends AutoCloseable {

  /** What the frames carry. */
  LinkType linkType();

  /** The largest IP packet the link carries, in bytes (1500 for Ethernet). */
  int mtu();

  /**
   * Whether TCP checksums need not be computed on transmit nor verified on receive, because the
   * link does both or needs neither: Linux's loopback device, whose packets carry CHECKSUM_PARTIAL
   * out and CHECKSUM_UNNECESSARY in, or a device with checksum offload (a TAP device with a
   * virtio-net header, which marks what it sends for the kernel to complete and checks what it
   * hands up unless the kernel vouches for it). A link that says yes hands up only frames whose
   * checksum is right or was never at risk, and accepts frames whose TCP checksum field is not
   * filled in. A decorator that corrupts frames must say no.
   */
  default boolean checksumOffload() {
    return false;
  }

  /**
   * The largest IPv4 packet, up to 65,535 bytes, that the link takes for a TCP segment carrying
   * more than one MSS of data, when that is more than the {@linkplain #mtu() MTU}; 0, the default,
   * when every packet must fit the MTU. A link that says more delivers such a packet whole to a
   * receiver that takes it whole, as Linux's loopback hands its 64 KB GSO packets up without ever
   * cutting them: the sending engine then puts as many MSS-sized segments' worth of data in one
   * packet as the windows allow (Linux's TSO), and both ends do the per-packet work once per packet
   * instead of once per MSS. A decorator that inspects, cuts or corrupts frames says 0.
   */
  default int segmentationOffload() {
    return 0;
  }

  /**
   * Hands up to {@code limit} frames that have arrived to {@code sink}, without blocking.
   *
   * @return how many frames were handed over
   */
  int receive(FrameSink sink, int limit);

  /**
   * Transmits one frame of {@code length} bytes, which {@code writer} fills in place.
   *
   * @return false when the link's transmit queue is full and the frame was dropped (counted by the
   *     caller), as a NIC ring drops
   */
  boolean transmit(int length, FrameWriter writer);

  /**
   * Transmits one IPv4 packet for {@code destination}, which {@code writer} fills in place: the
   * engine's way of sending, so that a link that must resolve the next hop (an Ethernet link with
   * ARP, {@link io.jtcp.core.ip.ArpLink}) knows where the packet goes before it is written. A link
   * that carries bare IP packets ignores the destination, as the default does.
   *
   * @param destination the packet's IPv4 destination address
   * @return as {@link #transmit(int, FrameWriter)}
   */
  default boolean transmit(int destination, int length, FrameWriter writer) {
    return transmit(length, writer);
  }

  /**
   * Whether a {@link #transmit} now would find room in the transmit queue. The engine asks before
   * each data segment and, when the answer is no, keeps the data in the send buffer and waits
   * instead of sending it into a full queue to be dropped: Linux stops a socket's output the same
   * way when the device queue is stopped (netif_stop_queue) or TCP Small Queues hold it back. A
   * driver that answers no must call the {@linkplain #setWakeup wakeup} once room appears, so that
   * a waiting event loop polls again. The default, for links with no such queue or no way to tell,
   * is always yes, and a full queue then drops as {@link #transmit} says.
   */
  default boolean transmitReady() {
    return true;
  }

  /**
   * Sends now whatever the driver holds back from earlier {@link #transmit} calls. The engine calls
   * it once it has no more frames to send for the moment (at the end of each {@link
   * io.jtcp.core.spi.Pollable#poll}), so that a driver may gather the frames of one burst and hand
   * them to the device together: Linux drivers ring the doorbell once per batch the same way
   * ({@code netdev_xmit_more()}), and a TAP driver with segmentation offload joins a burst's
   * segments into one super-frame. Decorators pass it on. The default, for drivers that send each
   * frame at once, does nothing.
   */
  default void flushTransmit() {}

  /**
   * Registers what to call, from whichever thread delivers frames, when frames arrive (or when room
   * appears after {@link #transmitReady} said no), so that an event loop waiting in {@link #await}
   * wakes up. Drivers whose frames only arrive in {@link #receive} need not call it.
   */
  default void setWakeup(Runnable wakeup) {}

  /**
   * Waits up to {@code timeoutNanos} for frames to arrive, or until {@link #wake()}. The default
   * parks the calling thread, so an unpark ends it too; a device driver may wait on its file
   * descriptor instead, and must then end the wait in {@code wake()}.
   */
  default void await(long timeoutNanos) {
    java.util.concurrent.locks.LockSupport.parkNanos(timeoutNanos);
  }

  /**
   * Ends a wait in {@link #await} at once, from any thread: the runtime calls it when it hands the
   * event loop work (an application's write, a close). The default does nothing, since the default
   * {@code await} parks and the runtime unparks the waiting thread itself; a driver that waits in a
   * native call (poll on a file descriptor) must override it, for instance with an eventfd.
   */
  default void wake() {}

  /** Releases the link. Idempotent. */
  @Override
  void close();
}
