package io.jtcp.core.wire;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A parsed ARP request or reply for IPv4 over Ethernet (RFC 826).
 *
 * @param operation {@link ArpView#REQUEST} or {@link ArpView#REPLY}
 * @param senderHardware sender MAC
 * @param senderProtocol sender IPv4 address
 * @param targetHardware target MAC (zero in a request)
 * @param targetProtocol target IPv4 address
 */
public record ArpPacket(
    int operation,
    MacAddress senderHardware,
    Ipv4Address senderProtocol,
    MacAddress targetHardware,
    Ipv4Address targetProtocol) {

  public ArpPacket {
    if (operation != ArpView.REQUEST && operation != ArpView.REPLY) {
      throw new IllegalArgumentException(
          "ARP operation must be 1 (request) or 2 (reply); got " + operation);
    }
    Objects.requireNonNull(senderHardware, "senderHardware");
    Objects.requireNonNull(senderProtocol, "senderProtocol");
    Objects.requireNonNull(targetHardware, "targetHardware");
    Objects.requireNonNull(targetProtocol, "targetProtocol");
  }

  /** Who has {@code target}? Tell {@code senderIp}. */
  public static ArpPacket request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address target) {
    return new ArpPacket(ArpView.REQUEST, senderMac, senderIp, MacAddress.ZERO, target);
  }

  /** The reply to {@code request} from the owner of its target address. */
  public static ArpPacket replyTo(ArpPacket request, MacAddress ownerMac) {
    return new ArpPacket(
        ArpView.REPLY,
        ownerMac,
        request.targetProtocol,
        request.senderHardware,
        request.senderProtocol);
  }

  /** Parses an ARP packet; trailing link padding is ignored. */
  public static Parsed<ArpPacket> parse(MemorySegment s, long off, int len) {
    ArpView v = new ArpView();
    DropReason r = v.wrap(s, off, len);
    if (r != null) {
      return Parsed.dropped(r);
    }
    return Parsed.ok(
        new ArpPacket(
            v.operation(),
            new MacAddress(v.senderHardware()),
            new Ipv4Address(v.senderProtocol()),
            new MacAddress(v.targetHardware()),
            new Ipv4Address(v.targetProtocol())));
  }

  public static Parsed<ArpPacket> parse(byte[] bytes) {
    return parse(MemorySegment.ofArray(bytes), 0, bytes.length);
  }

  public int length() {
    return ArpView.LENGTH;
  }

  public void emit(MemorySegment s, long off) {
    new ArpView()
        .writeTo(s, off)
        .operation(operation)
        .senderHardware(senderHardware.bits())
        .senderProtocol(senderProtocol.bits())
        .targetHardware(targetHardware.bits())
        .targetProtocol(targetProtocol.bits());
  }

  public byte[] toBytes() {
    byte[] out = new byte[length()];
    emit(MemorySegment.ofArray(out), 0);
    return out;
  }
}
