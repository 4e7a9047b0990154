package io.jtcp.core.isn;

import io.jtcp.core.wire.Seq;
import java.security.SecureRandom;
import java.util.List;

/**
 * SYN cookies (RFC 4987 §3.6), after Linux's {@code net/ipv4/syncookies.c}: when a listener's SYN
 * queue is full, it answers a SYN with a SYN-ACK whose ISN is a cookie and keeps no state; the
 * client's ACK ({@code SEG.ACK = cookie + 1}, {@code SEG.SEQ = client ISN + 1}) carries enough to
 * rebuild the connection.
 *
 * <h2>The cookie</h2>
 *
 * A cookie is a 32-bit word {@code W} whitened with a pad, {@code cookie = W ^ P}:
 *
 * <pre>
 *  31    29 28   27 26                                               0
 * +--------+-------+--------------------------------------------------+
 * | count  | mss   |                    mac                           |
 * | 3 bits | 2 bits|                    27 bits                       |
 * +--------+-------+--------------------------------------------------+
 *
 * count = C mod 8, where C = floor(now / 60 s)                    (the time counter)
 * mss   = index into MSS_TABLE {536, 1300, 1440, 1460}
 * mac   = low 27 bits of SipHash-2-4(key; la‖ra, lp‖rp, clientIsn‖mss‖"M", C)
 * P     = low 32 bits of SipHash-2-4(key; la‖ra, lp‖rp, clientIsn‖"P")
 * </pre>
 *
 * (la/ra the local/remote IPv4 addresses, lp/rp the ports, each 64-bit message word little-endian;
 * see {@code SipHash.addresses} and {@code SipHash.ports}.) The MAC covers the full 64-bit counter,
 * the MSS index, the client's ISN and the 4-tuple, so changing any of them, or any bit of a
 * cookie's MAC, fails the check. The pad hides the counter and MSS bits, which would otherwise give
 * away the server's clock and make every cookie of a minute share its top bits (Linux hides them by
 * adding a keyed hash of the tuple for the same reason).
 *
 * <p>Compared with Linux (8 counter bits, then 24 bits holding {@code hash + mssIndex}, the client
 * ISN added to the cookie rather than hashed into it): a blind forger's chance per guessed ACK is
 * the same, 8 valid words in 2<sup>32</sup> = 2<sup>-29</sup> (2 counter values times 4 MSS
 * indexes); but here the client's ISN is authenticated (Linux accepts an ACK whose sequence number
 * is off by up to 3, reading it as another MSS index), and a cookie with a changed MAC bit is
 * always rejected. A changed cookie that decodes to a counter inside the window with a wrong MSS
 * index or counter passes only if 27 hash bits match: probability 2<sup>-27</sup>.
 *
 * <h2>Validity window</h2>
 *
 * The counter ticks every {@link #COUNTER_PERIOD_NANOS} (60 s, Linux's {@code
 * TCP_SYNCOOKIE_PERIOD}); {@link #check} accepts a cookie whose counter is the current one or the
 * one before ({@link #MAX_AGE} = 2, Linux's {@code MAX_SYNCOOKIE_AGE}). An ACK within 60 s of the
 * SYN-ACK is therefore always accepted, one 120 s or more after it never; in between it depends on
 * where the SYN fell in its minute. A cookie from the future (an ACK time before the cookie's) is
 * rejected.
 *
 * <h2>Options in the timestamp</h2>
 *
 * The cookie has room for the MSS only. When the client offers timestamps, {@link #timestampValue}
 * stores its window scale, SACK-permitted and ECN in the low {@value #TS_OPTION_BITS} bits of our
 * SYN-ACK's TSval, which the client echoes in the ACK's TSecr, and {@link #timestampOptions} reads
 * them back (Linux's {@code cookie_init_timestamp} and {@code cookie_timestamp_decode}, same bits).
 *
 * <h2>Using it in LISTEN (as Linux does)</h2>
 *
 * <ul>
 *   <li>Send a cookie SYN-ACK only when the SYN queue is full and {@code tcp_syncookies} is on. Its
 *       sequence number is {@link #cookie}; its MSS option is our own MSS as usual (the table MSS
 *       is what we send with, not what we announce). If the SYN had no Timestamps option, the
 *       SYN-ACK carries no Window Scale, SACK-permitted, Timestamps or ECN either (nothing could
 *       carry them back); otherwise it offers them as usual with TSval from {@link #timestampValue}
 *       and TSecr the SYN's TSval. Our own window shift must be a function of the listener's
 *       configuration so it can be recomputed from the ACK. Keep nothing; never retransmit it (the
 *       client retransmits its SYN instead).
 *   <li>Check cookies only for a bare ACK (no SYN, no RST) that matches no connection, and only
 *       while a cookie was sent within the validity window, so an ACK flood cannot grind through
 *       guesses at other times. On {@link #INVALID}, handle the ACK as LISTEN always does: a reset
 *       with {@code SEQ = SEG.ACK}.
 *   <li>On success, build the connection in ESTABLISHED: {@code IRS = SEG.SEQ - 1}, {@code RCV.NXT
 *       = SEG.SEQ}, {@code ISS = SEG.ACK - 1}, {@code SND.UNA = SND.NXT = SEG.ACK}, send MSS the
 *       returned value (capped by our own), {@code SND.WND = SEG.WND << snd.wscale} (the ACK's
 *       window is scaled), {@code SND.WL1 = SEG.SEQ}, {@code SND.WL2 = SEG.ACK}. With a Timestamps
 *       option on the ACK take window scale, SACK and ECN from {@link #timestampOptions}(TSecr) and
 *       {@code TS.Recent} = its TSval; without one, none of them. Then process the ACK's data and
 *       FIN, if any, in the new connection. Take no RTT sample from it: the SYN-ACK's send time is
 *       unknown and its TSval was moved back by up to 63 ticks.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe; {@link #cookie}, {@link #check} and the timestamp
 * methods allocate nothing.
 */
public final class SynCookies {
  /**
   * The MSS values a cookie can carry, smallest first: Linux's {@code msstab} for IPv4. 536 is the
   * RFC 9293 default; 1300 covers tunnels and VPNs, 1440 PPPoE (1452 rounds down to it), 1460 plain
   * Ethernet. Two bits index it.
   */
  public static final List<Integer> MSS_TABLE = List.of(536, 1300, 1440, 1460);

  /** The time counter's period: one minute, as Linux. */
  public static final long COUNTER_PERIOD_NANOS = 60_000_000_000L;

  /**
   * How many counter values a cookie is valid for: the current one and the one before (Linux's
   * {@code MAX_SYNCOOKIE_AGE}), so a cookie lives between 60 and 120 seconds.
   */
  public static final int MAX_AGE = 2;

  /** What {@link #check} returns for anything but a valid cookie: stale, forged or misdirected. */
  public static final int INVALID = -1;

  /** Bits of the counter kept in the cookie (the MAC covers all of it). */
  public static final int COUNTER_BITS = 3;

  /** Bits of the MSS table index. */
  public static final int MSS_INDEX_BITS = 2;

  /** Bits of the truncated SipHash MAC. */
  public static final int MAC_BITS = 32 - COUNTER_BITS - MSS_INDEX_BITS;

  /** Low bits of the SYN-ACK's TSval that carry the client's options. */
  public static final int TS_OPTION_BITS = 6;

  /** TSval bits 0-3: the client's window shift, or all ones for "no Window Scale option". */
  static final int TS_WSCALE_MASK = 0xF;

  /** TSval bit 4: the client sent SACK-permitted. */
  static final int TS_SACK = 1 << 4;

  /** TSval bit 5: ECN agreed. */
  static final int TS_ECN = 1 << 5;

  private static final int[] MSS = {536, 1300, 1440, 1460};
  private static final int COUNTER_SHIFT = 32 - COUNTER_BITS;
  private static final int COUNTER_MASK = (1 << COUNTER_BITS) - 1;
  private static final int MSS_SHIFT = MAC_BITS;
  private static final int MSS_INDEX_MASK = (1 << MSS_INDEX_BITS) - 1;
  private static final int MAC_MASK = (1 << MAC_BITS) - 1;
  private static final int TS_OPTION_MASK = (1 << TS_OPTION_BITS) - 1;

  /** Domain tags in the last byte of the third message word, so pad and MAC never coincide. */
  private static final int PAD_TAG = 'P';

  private static final int MAC_TAG = 'M';

  /** Every decoded option set, by the six TSval bits, so decoding allocates nothing. */
  private static final CookieOptions[] DECODED = new CookieOptions[1 << TS_OPTION_BITS];

  static {
    for (int bits = 0; bits < DECODED.length; bits++) {
      int ws = bits & TS_WSCALE_MASK;
      DECODED[bits] =
          new CookieOptions(
              ws == TS_WSCALE_MASK ? -1 : ws, (bits & TS_SACK) != 0, (bits & TS_ECN) != 0);
    }
  }

  private final long k0;
  private final long k1;

  /**
   * Cookies under an explicit 128-bit SipHash key (SipHash's {@code k0}, {@code k1}), for tests and
   * the reproducible simulator. A real stack uses {@link #random()}.
   */
  public SynCookies(long k0, long k1) {
    this.k0 = k0;
    this.k1 = k1;
  }

  /**
   * Cookies under a key drawn from {@link SecureRandom}: anyone who knows the key can mint valid
   * cookies and open connections from spoofed addresses, so the key must come from the operating
   * system's cryptographic generator, never a predictable {@code Random}. Use a key of its own, not
   * the {@link Rfc6528IsnGenerator}'s.
   */
  public static SynCookies random() {
    SecureRandom random = new SecureRandom();
    return new SynCookies(random.nextLong(), random.nextLong());
  }

  /**
   * The MSS a cookie records for a client that announced {@code clientMss}: the largest table entry
   * not above it, and the smallest entry, 536, when it is below every entry. Linux does the same
   * (its {@code msstab} loop stops at index 0); 536 is what RFC 9293 §3.7.1 assumes without an MSS
   * option, and every IPv4 host must accept the 576-byte datagrams it makes.
   */
  public static int mssFor(int clientMss) {
    return MSS[mssIndex(clientMss)];
  }

  private static int mssIndex(int clientMss) {
    int i = MSS.length - 1;
    while (i > 0 && clientMss < MSS[i]) {
      i--;
    }
    return i;
  }

  /**
   * Our ISN for a SYN on this 4-tuple answered with a cookie at {@code now} (nanoseconds).
   *
   * @param clientIsn the SYN's sequence number
   * @param clientMss the SYN's MSS option, already clamped by any user MSS; 536 when it had none
   * @return the cookie, to send as the SYN-ACK's sequence number
   */
  public int cookie(
      int localAddress,
      int localPort,
      int remoteAddress,
      int remotePort,
      int clientIsn,
      int clientMss,
      long now) {
    long addresses = SipHash.addresses(localAddress, remoteAddress);
    long ports = SipHash.ports(localPort, remotePort);
    long counter = Math.floorDiv(now, COUNTER_PERIOD_NANOS);
    int index = mssIndex(clientMss);
    int word =
        (int) (counter & COUNTER_MASK) << COUNTER_SHIFT
            | index << MSS_SHIFT
            | mac(addresses, ports, clientIsn, index, counter);
    return word ^ pad(addresses, ports, clientIsn);
  }

  /**
   * Validates a cookie returned in an ACK at {@code now} (nanoseconds).
   *
   * @param clientIsn the ACK's {@code SEG.SEQ - 1}
   * @param cookie the ACK's {@code SEG.ACK - 1}
   * @return the MSS to send with (an entry of {@link #MSS_TABLE}), or {@link #INVALID} if this is
   *     not a cookie we issued on this 4-tuple for this client ISN within the validity window
   */
  public int check(
      int localAddress,
      int localPort,
      int remoteAddress,
      int remotePort,
      int clientIsn,
      int cookie,
      long now) {
    long addresses = SipHash.addresses(localAddress, remoteAddress);
    long ports = SipHash.ports(localPort, remotePort);
    int word = cookie ^ pad(addresses, ports, clientIsn);
    long nowCounter = Math.floorDiv(now, COUNTER_PERIOD_NANOS);
    int age = (int) (nowCounter - (word >>> COUNTER_SHIFT)) & COUNTER_MASK;
    if (age >= MAX_AGE) {
      return INVALID;
    }
    int index = word >>> MSS_SHIFT & MSS_INDEX_MASK;
    if ((word & MAC_MASK) != mac(addresses, ports, clientIsn, index, nowCounter - age)) {
      return INVALID;
    }
    return MSS[index];
  }

  /** {@link #check} with the ACK's own numbers: {@code check(..., segSeq - 1, segAck - 1, now)}. */
  public int checkAck(
      int localAddress,
      int localPort,
      int remoteAddress,
      int remotePort,
      int segSeq,
      int segAck,
      long now) {
    return check(localAddress, localPort, remoteAddress, remotePort, segSeq - 1, segAck - 1, now);
  }

  private int pad(long addresses, long ports, int clientIsn) {
    return (int) SipHash.hash(k0, k1, addresses, ports, (long) clientIsn << 32 | PAD_TAG);
  }

  private int mac(long addresses, long ports, int clientIsn, int index, long counter) {
    long word = (long) clientIsn << 32 | index << 8 | MAC_TAG;
    return (int) SipHash.hash(k0, k1, addresses, ports, word, counter) & MAC_MASK;
  }

  /**
   * The TSval for a cookie SYN-ACK: our timestamp clock {@code tsClock} with its low {@value
   * #TS_OPTION_BITS} bits replaced by the client's options.
   *
   * <pre>
   *  31                              6   5     4    3   0
   * +---------------------------------+-----+------+-------+
   * |  tsClock's high bits            | ECN | SACK | wscale|
   * +---------------------------------+-----+------+-------+
   * wscale = the client's shift 0..14, or 15 for "no Window Scale option"
   * </pre>
   *
   * If that value would lie ahead of {@code tsClock}, it is moved back by 64, so the result is
   * always within 63 ticks at or behind {@code tsClock}: the TSvals that follow on the connection
   * never go backwards, and the client's PAWS check (RFC 7323 §5) keeps passing. The clock is
   * assumed to tick in milliseconds (Linux's {@code TCP_TS_HZ}, within RFC 7323 §5.4's 1 ms to 1 s
   * range): the SYN-ACK's TSval then lags the clock by less than 64 ms. The lag is 63 ticks at most
   * whatever the tick, so a coarser clock lags longer (630 ms at 10 ms ticks), and an RTT sample
   * taken from the ACK's TSecr would be inflated by as much: the engine should take none.
   *
   * @param windowScale the client's Window Scale shift, or -1 if it sent none; shifts above 14 are
   *     recorded as 14, the value RFC 7323 §2.3 says to use instead
   * @param sackPermitted whether the client sent SACK-permitted (and we allow SACK)
   * @param ecn whether the SYN-ACK agrees to ECN
   * @param tsClock our timestamp clock now, including any per-connection offset
   */
  public static int timestampValue(
      int windowScale, boolean sackPermitted, boolean ecn, int tsClock) {
    if (windowScale < -1) {
      throw new IllegalArgumentException("window scale " + windowScale + " below -1");
    }
    int options =
        (windowScale < 0 ? TS_WSCALE_MASK : Math.min(windowScale, CookieOptions.MAX_WINDOW_SCALE))
            | (sackPermitted ? TS_SACK : 0)
            | (ecn ? TS_ECN : 0);
    int ts = tsClock & ~TS_OPTION_MASK | options;
    if (Seq.gt(ts, tsClock)) {
      ts -= 1 << TS_OPTION_BITS;
    }
    return ts;
  }

  /**
   * The client's options recorded by {@link #timestampValue}, read back from the ACK's TSecr (which
   * echoes the SYN-ACK's TSval). Call it only when the ACK carries a Timestamps option; without one
   * the connection gets {@link CookieOptions#NONE}. The bits are not authenticated by the cookie (a
   * client could echo other bits), so the engine must still refuse what it did not offer, as
   * Linux's {@code cookie_timestamp_decode} fails when SACK or window scaling are disabled. A
   * window-scale field of 15 decodes to "none"; the field cannot hold anything else above 14.
   */
  public static CookieOptions timestampOptions(int tsEcr) {
    return DECODED[tsEcr & TS_OPTION_MASK];
  }
}
