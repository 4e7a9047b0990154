package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed Ethernet II frame.
 *
 * @param destination destination MAC
 * @param source source MAC
 * @param etherType the payload's protocol ({@link EtherType})
 * @param payload everything after the header, including any link padding
 */
public record EthernetFrame(
    MacAddress destination, MacAddress source, int etherType, byte[] payload) {

  public EthernetFrame {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(payload, "payload");
    if ((etherType & ~0xFFFF) != 0) {
      throw new IllegalArgumentException("EtherType is 16 bits; got " + etherType);
    }
  }

  public static Parsed<EthernetFrame> parse(MemorySegment s, long off, int len) {
    EthernetView v = new EthernetView();
    DropReason r = v.wrap(s, off, len);
    if (r != null) {
      return Parsed.dropped(r);
    }
    return Parsed.ok(
        new EthernetFrame(
            new MacAddress(v.destination()),
            new MacAddress(v.source()),
            v.etherType(),
            Bytes.copy(s, v.payloadOffset(), v.payloadLength())));
  }

  public static Parsed<EthernetFrame> parse(byte[] bytes) {
    return parse(MemorySegment.ofArray(bytes), 0, bytes.length);
  }

  /** Bytes on the wire, excluding preamble and FCS. */
  public int length() {
    return EthernetView.HEADER_LENGTH + payload.length;
  }

  public void emit(MemorySegment s, long off) {
    new EthernetView()
        .writeTo(s, off, length())
        .destination(destination.bits())
        .source(source.bits())
        .etherType(etherType);
    Bytes.put(s, off + EthernetView.HEADER_LENGTH, payload);
  }

  public byte[] toBytes() {
    byte[] out = new byte[length()];
    emit(MemorySegment.ofArray(out), 0);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EthernetFrame f
        && destination.equals(f.destination)
        && source.equals(f.source)
        && etherType == f.etherType
        && Arrays.equals(payload, f.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(destination, source, etherType, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "EthernetFrame["
        + source
        + " > "
        + destination
        + ", type=0x"
        + Integer.toHexString(etherType)
        + ", payload="
        + Bounds.hex(payload)
        + "]";
  }
}
