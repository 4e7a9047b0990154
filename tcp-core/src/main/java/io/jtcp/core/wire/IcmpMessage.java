package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * A parsed ICMPv4 message. The checksum is not a field: parse verifies it and emit computes it.
 *
 * @param type the message type ({@link IcmpView#TYPE_ECHO_REQUEST} and friends)
 * @param code the code within the type
 * @param restOfHeader the four type-specific header bytes
 * @param body the bytes after the header
 */
public record IcmpMessage(int type, int code, int restOfHeader, byte[] body) {

  public IcmpMessage {
    if ((type & ~0xFF) != 0 || (code & ~0xFF) != 0) {
      throw new IllegalArgumentException(
          "ICMP type and code are one byte each; got " + type + "/" + code);
    }
    Objects.requireNonNull(body, "body");
  }

  public static IcmpMessage echoRequest(int identifier, int sequence, byte[] data) {
    return new IcmpMessage(IcmpView.TYPE_ECHO_REQUEST, 0, echoWord(identifier, sequence), data);
  }

  /** The reply RFC 792 requires: the request's identifier, sequence and data, echoed. */
  public static IcmpMessage echoReplyTo(IcmpMessage request) {
    return new IcmpMessage(IcmpView.TYPE_ECHO_REPLY, 0, request.restOfHeader, request.body);
  }

  /**
   * Destination unreachable, quoting the offending datagram's header and first 8 payload bytes (RFC
   * 792); for code {@link IcmpView#CODE_FRAGMENTATION_NEEDED} the next-hop MTU goes in the low 16
   * bits (RFC 1191).
   */
  public static IcmpMessage destinationUnreachable(int code, int nextHopMtu, byte[] quoted) {
    return new IcmpMessage(
        IcmpView.TYPE_DESTINATION_UNREACHABLE, code, nextHopMtu & 0xFFFF, quoted);
  }

  private static int echoWord(int identifier, int sequence) {
    return (identifier & 0xFFFF) << 16 | sequence & 0xFFFF;
  }

  public static Parsed<IcmpMessage> parse(MemorySegment s, long off, int len) {
    IcmpView v = new IcmpView();
    DropReason r = v.wrap(s, off, len);
    if (r != null) {
      return Parsed.dropped(r);
    }
    return Parsed.ok(
        new IcmpMessage(
            v.type(), v.code(), v.restOfHeader(), Bytes.copy(s, v.bodyOffset(), v.bodyLength())));
  }

  public static Parsed<IcmpMessage> parse(byte[] bytes) {
    return parse(MemorySegment.ofArray(bytes), 0, bytes.length);
  }

  /** Echo identifier (echo request and reply). */
  public int identifier() {
    return restOfHeader >>> 16;
  }

  /** Echo sequence number (echo request and reply). */
  public int sequence() {
    return restOfHeader & 0xFFFF;
  }

  /** Next-hop MTU (fragmentation needed). */
  public int nextHopMtu() {
    return restOfHeader & 0xFFFF;
  }

  public int length() {
    return IcmpView.HEADER_LENGTH + body.length;
  }

  public void emit(MemorySegment s, long off) {
    IcmpView v = new IcmpView().writeTo(s, off, length()).type(type).code(code);
    v.restOfHeader(restOfHeader);
    Bytes.put(s, v.bodyOffset(), body);
    v.fillChecksum();
  }

  public byte[] toBytes() {
    byte[] out = new byte[length()];
    emit(MemorySegment.ofArray(out), 0);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IcmpMessage m
        && type == m.type
        && code == m.code
        && restOfHeader == m.restOfHeader
        && Arrays.equals(body, m.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, code, restOfHeader, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "IcmpMessage[type="
        + type
        + ", code="
        + code
        + ", rest=0x"
        + Integer.toHexString(restOfHeader)
        + ", body="
        + Bounds.hex(body)
        + "]";
  }
}
