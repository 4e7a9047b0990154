package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parsed TCP segment. The checksum and data offset are not fields: parse verifies and reads them,
 * emit computes them (options are padded with zeros, that is an end-of-list byte, to the next
 * 32-bit boundary).
 *
 * @param sourcePort source port
 * @param destinationPort destination port
 * @param sequenceNumber SEG.SEQ
 * @param acknowledgmentNumber SEG.ACK
 * @param flags the twelve control bits ({@link TcpFlags})
 * @param window the 16-bit window field as sent (unscaled)
 * @param urgentPointer the urgent pointer field
 * @param options the options before the end of the list, in order
 * @param payload the data
 * @param headerLength the data offset in bytes; 0 in the constructor means as short as the options
 *     allow. It is kept because RFC 9293 lets an end-of-list option stand before more padding than
 *     alignment needs, and a parsed frame must re-emit byte for byte.
 */
public record TcpSegment(
    int sourcePort,
    int destinationPort,
    int sequenceNumber,
    int acknowledgmentNumber,
    int flags,
    int window,
    int urgentPointer,
    List<TcpOption> options,
    byte[] payload,
    int headerLength) {

  public TcpSegment {
    check(sourcePort, 0xFFFF, "sourcePort");
    check(destinationPort, 0xFFFF, "destinationPort");
    check(flags, TcpFlags.MASK, "flags");
    check(window, 0xFFFF, "window");
    check(urgentPointer, 0xFFFF, "urgentPointer");
    options = List.copyOf(options);
    Objects.requireNonNull(payload, "payload");
    int optLen = optionsLength(options);
    if (optLen > TcpOptions.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "TCP options take at most 40 bytes; these take " + optLen + ": " + options);
    }
    int minimal = TcpView.MIN_HEADER_LENGTH + (optLen + 3 & ~3);
    if (headerLength == 0) {
      headerLength = minimal;
    } else if (headerLength < minimal
        || headerLength > TcpView.MAX_HEADER_LENGTH
        || headerLength % 4 != 0) {
      throw new IllegalArgumentException(
          "headerLength must be 0 (minimal) or a multiple of 4 in ["
              + minimal
              + ", 60] for these options; got "
              + headerLength);
    }
  }

  /** A segment whose header is as short as its options allow. */
  public TcpSegment(
      int sourcePort,
      int destinationPort,
      int sequenceNumber,
      int acknowledgmentNumber,
      int flags,
      int window,
      int urgentPointer,
      List<TcpOption> options,
      byte[] payload) {
    this(
        sourcePort,
        destinationPort,
        sequenceNumber,
        acknowledgmentNumber,
        flags,
        window,
        urgentPointer,
        options,
        payload,
        0);
  }

  private static void check(int value, int max, String name) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(name + " must be in [0, " + max + "]; got " + value);
    }
  }

  private static int optionsLength(List<TcpOption> options) {
    int n = 0;
    for (TcpOption o : options) {
      n += o.length();
    }
    return n;
  }

  /**
   * Parses a segment that travelled from {@code srcIp} to {@code dstIp}, verifying its checksum.
   */
  public static Parsed<TcpSegment> parse(MemorySegment s, long off, int len, int srcIp, int dstIp) {
    TcpView v = new TcpView();
    DropReason r = v.wrap(s, off, len, srcIp, dstIp);
    return r != null ? Parsed.dropped(r) : Parsed.ok(from(v));
  }

  public static Parsed<TcpSegment> parse(byte[] bytes, int srcIp, int dstIp) {
    return parse(MemorySegment.ofArray(bytes), 0, bytes.length, srcIp, dstIp);
  }

  /**
   * Parses without checking the checksum: for captures taken before checksum offload filled it in.
   */
  public static Parsed<TcpSegment> parseUnverified(MemorySegment s, long off, int len) {
    TcpView v = new TcpView();
    DropReason r = v.wrapUnverified(s, off, len);
    return r != null ? Parsed.dropped(r) : Parsed.ok(from(v));
  }

  /** The record form of a segment a view has already validated. */
  public static TcpSegment from(TcpView v) {
    MemorySegment s = v.segment();
    long base = v.optionsOffset() - TcpView.MIN_HEADER_LENGTH;
    List<TcpOption> options = new ArrayList<>(v.optionCount());
    for (int i = 0; i < v.optionCount(); i++) {
      options.add(option(s, base + v.optionStart(i), v.optionLength(i)));
    }
    return new TcpSegment(
        v.sourcePort(),
        v.destinationPort(),
        v.sequenceNumber(),
        v.acknowledgmentNumber(),
        v.flags(),
        v.window(),
        v.urgentPointer(),
        options,
        Bytes.copy(s, v.payloadOffset(), v.payloadLength()),
        v.headerLength());
  }

  private static TcpOption option(MemorySegment s, long p, int olen) {
    int kind = Bytes.u8(s, p);
    if (kind == TcpOptions.NOP) {
      return new TcpOption.Nop();
    }
    if (!TcpOptions.interpreted(kind, olen)) {
      return new TcpOption.Unknown(kind, Bytes.copy(s, p + 2, olen - 2));
    }
    return switch (kind) {
      case TcpOptions.MSS -> new TcpOption.Mss(Bytes.u16(s, p + 2));
      case TcpOptions.WINDOW_SCALE -> new TcpOption.WindowScale(Bytes.u8(s, p + 2));
      case TcpOptions.SACK_PERMITTED -> new TcpOption.SackPermitted();
      case TcpOptions.TIMESTAMPS ->
          new TcpOption.Timestamps(Bytes.i32(s, p + 2), Bytes.i32(s, p + 6));
      case TcpOptions.SACK -> {
        List<SackBlock> blocks = new ArrayList<>();
        for (long q = p + 2; q < p + olen; q += 8) {
          blocks.add(new SackBlock(Bytes.i32(s, q), Bytes.i32(s, q + 4)));
        }
        yield new TcpOption.Sack(blocks);
      }
      default -> throw new AssertionError("kind " + kind + " is not interpreted");
    };
  }

  public int length() {
    return headerLength() + payload.length;
  }

  /** Sequence space the segment occupies: its data, plus one each for SYN and FIN. */
  public int segmentLength() {
    return payload.length
        + (TcpFlags.has(flags, TcpFlags.SYN) ? 1 : 0)
        + (TcpFlags.has(flags, TcpFlags.FIN) ? 1 : 0);
  }

  public boolean has(int flag) {
    return TcpFlags.has(flags, flag);
  }

  /**
   * Writes the segment, with the checksum for the pseudo-header of {@code srcIp} to {@code dstIp}.
   */
  public void emit(MemorySegment s, long off, int srcIp, int dstIp) {
    int hlen = headerLength;
    TcpView v =
        new TcpView()
            .writeTo(s, off, hlen, length())
            .sourcePort(sourcePort)
            .destinationPort(destinationPort)
            .sequenceNumber(sequenceNumber)
            .acknowledgmentNumber(acknowledgmentNumber)
            .flags(flags)
            .window(window)
            .urgentPointer(urgentPointer);
    long p = v.optionsOffset();
    for (TcpOption o : options) {
      p += write(s, p, o);
    }
    s.asSlice(p, off + hlen - p).fill((byte) TcpOptions.EOL);
    Bytes.put(s, off + hlen, payload);
    v.fillChecksum(srcIp, dstIp);
  }

  private static int write(MemorySegment s, long p, TcpOption o) {
    return switch (o) {
      case TcpOption.Nop() -> TcpOptions.writeNop(s, p);
      case TcpOption.Mss(int mss) -> TcpOptions.writeMss(s, p, mss);
      case TcpOption.WindowScale(int shift) -> TcpOptions.writeWindowScale(s, p, shift);
      case TcpOption.SackPermitted() -> TcpOptions.writeSackPermitted(s, p);
      case TcpOption.Timestamps(int value, int echo) ->
          TcpOptions.writeTimestamps(s, p, value, echo);
      case TcpOption.Sack(List<SackBlock> blocks) -> {
        int[] lefts = blocks.stream().mapToInt(SackBlock::left).toArray();
        int[] rights = blocks.stream().mapToInt(SackBlock::right).toArray();
        yield TcpOptions.writeSack(s, p, lefts, rights, blocks.size());
      }
      case TcpOption.Unknown(int kind, byte[] data) -> {
        Bytes.u8(s, p, kind);
        Bytes.u8(s, p + 1, data.length + 2);
        Bytes.put(s, p + 2, data);
        yield data.length + 2;
      }
    };
  }

  public byte[] toBytes(int srcIp, int dstIp) {
    byte[] out = new byte[length()];
    emit(MemorySegment.ofArray(out), 0, srcIp, dstIp);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TcpSegment t
        && sourcePort == t.sourcePort
        && destinationPort == t.destinationPort
        && sequenceNumber == t.sequenceNumber
        && acknowledgmentNumber == t.acknowledgmentNumber
        && flags == t.flags
        && window == t.window
        && urgentPointer == t.urgentPointer
        && options.equals(t.options)
        && Arrays.equals(payload, t.payload)
        && headerLength == t.headerLength;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        sourcePort,
        destinationPort,
        sequenceNumber,
        acknowledgmentNumber,
        flags,
        window,
        urgentPointer,
        options,
        Arrays.hashCode(payload),
        headerLength);
  }

  /** tcpdump-like: {@code 1024 > 80 [SYN] seq=100 ack=0 win=65535 [Mss[mss=1460]] len=0}. */
  @Override
  public String toString() {
    return sourcePort
        + " > "
        + destinationPort
        + " ["
        + TcpFlags.toString(flags)
        + "] seq="
        + Seq.toString(sequenceNumber)
        + " ack="
        + Seq.toString(acknowledgmentNumber)
        + " win="
        + window
        + (urgentPointer != 0 ? " urg=" + urgentPointer : "")
        + (options.isEmpty() ? "" : " " + options)
        + " len="
        + payload.length
        + (payload.length > 0 ? " data=" + Bounds.hex(payload) : "");
  }
}
