package io.jtcp.core.wire;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import java.util.ArrayList;
import java.util.List;

/**
 * Generators of wire records, simplest alternatives first so failures shrink toward plain headers.
 */
final class WireGens {
  private WireGens() {}

  static final Gen<Integer> U8 = Gens.ints(0, 0xFF);
  static final Gen<Integer> U16 = Gens.ints(0, 0xFFFF);
  static final Gen<Ipv4Address> IPV4 = Gens.ints().map(Ipv4Address::new);
  static final Gen<MacAddress> MAC = Gens.longs(0, 0xFFFF_FFFF_FFFFL).map(MacAddress::new);

  static final Gen<SackBlock> SACK_BLOCK =
      Gens.seqNumbers().flatMap(l -> Gens.seqNumbers().map(r -> new SackBlock(l, r)));

  static final Gen<TcpOption> UNKNOWN_OPTION =
      U8.filter(k -> k >= 2)
          .flatMap(k -> Gens.bytes(0, 38).map(d -> new Object[] {k, d}))
          .filter(kd -> !TcpOptions.interpreted((Integer) kd[0], ((byte[]) kd[1]).length + 2))
          .map(kd -> new TcpOption.Unknown((Integer) kd[0], (byte[]) kd[1]));

  @SuppressWarnings("unchecked")
  static final Gen<TcpOption> OPTION =
      Gens.<TcpOption>choose(
          Gens.constant(new TcpOption.Nop()),
          U16.map(TcpOption.Mss::new),
          U8.map(TcpOption.WindowScale::new),
          Gens.constant(new TcpOption.SackPermitted()),
          Gens.ints().flatMap(v -> Gens.ints().map(e -> new TcpOption.Timestamps(v, e))),
          Gens.lists(SACK_BLOCK, 1, 4).map(TcpOption.Sack::new),
          UNKNOWN_OPTION);

  /** Option lists of at most 40 bytes: the longest prefix that fits. */
  static final Gen<List<TcpOption>> OPTIONS =
      Gens.lists(OPTION, 0, 12)
          .map(
              all -> {
                List<TcpOption> fit = new ArrayList<>();
                int used = 0;
                for (TcpOption o : all) {
                  if (used + o.length() > TcpOptions.MAX_LENGTH) {
                    break;
                  }
                  fit.add(o);
                  used += o.length();
                }
                return fit;
              });

  /** Segments, now and then with more padding after the options than alignment needs. */
  static Gen<TcpSegment> tcpSegments(int maxPayload) {
    return src -> {
      List<TcpOption> options = OPTIONS.generate(src);
      int minimal =
          TcpView.MIN_HEADER_LENGTH + (options.stream().mapToInt(TcpOption::length).sum() + 3 & ~3);
      int extraWords =
          Gens.frequency(
                  Gens.weighted(4, Gens.constant(0)),
                  Gens.weighted(1, Gens.ints(0, (TcpView.MAX_HEADER_LENGTH - minimal) / 4)))
              .generate(src);
      return new TcpSegment(
          U16.generate(src),
          U16.generate(src),
          Gens.seqNumbers().generate(src),
          Gens.seqNumbers().generate(src),
          Gens.ints(0, TcpFlags.MASK).generate(src),
          U16.generate(src),
          U16.generate(src),
          options,
          Gens.bytes(0, maxPayload).generate(src),
          minimal + 4 * extraWords);
    };
  }

  /** Packets parse accepts: no fragments (this version drops them). */
  static Gen<Ipv4Packet> ipv4Packets(int maxPayload) {
    return src ->
        new Ipv4Packet(
            U8.generate(src),
            U16.generate(src),
            Gens.oneOf(0, Ipv4View.FLAG_DF, Ipv4View.FLAG_RESERVED).generate(src),
            0,
            U8.generate(src),
            U8.generate(src),
            IPV4.generate(src),
            IPV4.generate(src),
            Gens.ints(0, 10).flatMap(words -> Gens.bytes(4 * words)).generate(src),
            Gens.bytes(0, maxPayload).generate(src));
  }

  static final Gen<EthernetFrame> ETHERNET =
      src ->
          new EthernetFrame(
              MAC.generate(src),
              MAC.generate(src),
              U16.generate(src),
              Gens.bytes(0, 1500).generate(src));

  static final Gen<ArpPacket> ARP =
      src ->
          new ArpPacket(
              Gens.oneOf(ArpView.REQUEST, ArpView.REPLY).generate(src),
              MAC.generate(src),
              IPV4.generate(src),
              MAC.generate(src),
              IPV4.generate(src));

  static final Gen<IcmpMessage> ICMP =
      src ->
          new IcmpMessage(
              U8.generate(src),
              U8.generate(src),
              Gens.ints().generate(src),
              Gens.bytes(0, 600).generate(src));

  /** A full Ethernet/IPv4/TCP frame's bytes with correct checksums. */
  static final Gen<byte[]> TCP_FRAME =
      src -> {
        Ipv4Address a = IPV4.generate(src);
        Ipv4Address b = IPV4.generate(src);
        byte[] tcp = tcpSegments(1460).generate(src).toBytes(a.bits(), b.bits());
        byte[] ip = Ipv4Packet.of(a, b, IpProtocol.TCP, 64, tcp).toBytes();
        return new EthernetFrame(MAC.generate(src), MAC.generate(src), EtherType.IPV4, ip)
            .toBytes();
      };
}
