package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed IPv4 packet. The header checksum is not a field: parse verifies it and emit computes it.
 *
 * @param tos the DSCP/ECN byte
 * @param identification the identification field
 * @param flags the three flag bits ({@link Ipv4View#FLAG_DF} and friends)
 * @param fragmentOffset the fragment offset in 8-byte units
 * @param ttl time to live
 * @param protocol the payload protocol ({@link IpProtocol})
 * @param source source address
 * @param destination destination address
 * @param options raw option bytes (a multiple of 4, at most 40), kept but not interpreted
 * @param payload the bytes after the header, up to the total length
 */
public record Ipv4Packet(
    int tos,
    int identification,
    int flags,
    int fragmentOffset,
    int ttl,
    int protocol,
    Ipv4Address source,
    Ipv4Address destination,
    byte[] options,
    byte[] payload) {

  public Ipv4Packet {
    check(tos, 0xFF, "tos");
    check(identification, 0xFFFF, "identification");
    check(flags, 0b111, "flags");
    check(fragmentOffset, 0x1FFF, "fragmentOffset");
    check(ttl, 0xFF, "ttl");
    check(protocol, 0xFF, "protocol");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    if (options.length % 4 != 0 || options.length > 40) {
      throw new IllegalArgumentException(
          "IPv4 options are a multiple of 4 bytes, at most 40; got " + options.length);
    }
    if (Ipv4View.MIN_HEADER_LENGTH + options.length + payload.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "an IPv4 packet holds at most 65535 bytes; this one would hold "
              + (Ipv4View.MIN_HEADER_LENGTH + options.length + payload.length));
    }
  }

  private static void check(int value, int max, String name) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(name + " must be in [0, " + max + "]; got " + value);
    }
  }

  /**
   * A packet with no options, DF set (as Linux sends TCP, for path-MTU discovery) and
   * identification 0.
   */
  public static Ipv4Packet of(
      Ipv4Address source, Ipv4Address destination, int protocol, int ttl, byte[] payload) {
    return new Ipv4Packet(
        0, 0, Ipv4View.FLAG_DF, 0, ttl, protocol, source, destination, new byte[0], payload);
  }

  /** Parses and verifies a packet; bytes beyond the total length (link padding) are ignored. */
  public static Parsed<Ipv4Packet> parse(MemorySegment s, long off, int len) {
    Ipv4View v = new Ipv4View();
    DropReason r = v.wrap(s, off, len);
    if (r != null) {
      return Parsed.dropped(r);
    }
    int optLen = v.headerLength() - Ipv4View.MIN_HEADER_LENGTH;
    return Parsed.ok(
        new Ipv4Packet(
            v.tos(),
            v.identification(),
            v.flags(),
            v.fragmentOffset(),
            v.ttl(),
            v.protocol(),
            new Ipv4Address(v.source()),
            new Ipv4Address(v.destination()),
            Bytes.copy(s, v.optionsOffset(), optLen),
            Bytes.copy(s, v.payloadOffset(), v.payloadLength())));
  }

  public static Parsed<Ipv4Packet> parse(byte[] bytes) {
    return parse(MemorySegment.ofArray(bytes), 0, bytes.length);
  }

  public int headerLength() {
    return Ipv4View.MIN_HEADER_LENGTH + options.length;
  }

  public int length() {
    return headerLength() + payload.length;
  }

  public void emit(MemorySegment s, long off) {
    Bounds.requireRoom(s, off, length(), "an IPv4 packet");
    Ipv4View v =
        new Ipv4View()
            .writeTo(s, off, headerLength())
            .tos(tos)
            .totalLength(length())
            .identification(identification)
            .flagsAndFragmentOffset(flags, fragmentOffset)
            .ttl(ttl)
            .protocol(protocol)
            .source(source.bits())
            .destination(destination.bits());
    Bytes.put(s, v.optionsOffset(), options);
    Bytes.put(s, v.payloadOffset(), payload);
    v.fillChecksum();
  }

  public byte[] toBytes() {
    byte[] out = new byte[length()];
    emit(MemorySegment.ofArray(out), 0);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ipv4Packet p
        && tos == p.tos
        && identification == p.identification
        && flags == p.flags
        && fragmentOffset == p.fragmentOffset
        && ttl == p.ttl
        && protocol == p.protocol
        && source.equals(p.source)
        && destination.equals(p.destination)
        && Arrays.equals(options, p.options)
        && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        tos,
        identification,
        flags,
        fragmentOffset,
        ttl,
        protocol,
        source,
        destination,
        Arrays.hashCode(options),
        Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "Ipv4Packet["
        + source
        + " > "
        + destination
        + ", proto="
        + protocol
        + ", ttl="
        + ttl
        + ", tos="
        + tos
        + ", id="
        + identification
        + ", flags="
        + flags
        + ", frag="
        + fragmentOffset
        + ", options="
        + Bounds.hex(options)
        + ", payload="
        + Bounds.hex(payload)
        + "]";
  }
}
