package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Untrusted bytes end in a value or a {@link DropReason}, nothing else: 100,000 random inputs and
 * 100,000 mutated real frames per run, through every view and record parser and the full
 * Ethernet/IPv4/TCP chain.
 */
class ParserFuzzTest {
  static final int TRIES = 100_000;

  /**
   * Runs every parser over the region and reads every field of whatever it accepts; returns how
   * many accepted.
   */
  static int parseEverything(byte[] bytes, long off, int len) {
    MemorySegment s = MemorySegment.ofArray(bytes);
    int accepted = 0;
    EthernetView eth = new EthernetView();
    if (eth.wrap(s, off, len) == null) {
      accepted++;
      long sink = eth.destination() ^ eth.source() ^ eth.etherType();
      accepted += ipChain(s, eth.payloadOffset(), eth.payloadLength()) + (int) (sink & 0);
    }
    accepted += ipChain(s, off, len);
    ArpView arp = new ArpView();
    if (arp.wrap(s, off, len) == null) {
      accepted += 1 + (int) ((arp.senderHardware() ^ arp.targetHardware() ^ arp.operation()) & 0);
    }
    for (Parsed<?> p :
        new Parsed<?>[] {
          EthernetFrame.parse(s, off, len),
          ArpPacket.parse(s, off, len),
          Ipv4Packet.parse(s, off, len),
          IcmpMessage.parse(s, off, len),
          TcpSegment.parse(s, off, len, 1, 2),
          TcpSegment.parseUnverified(s, off, len)
        }) {
      if (p.isOk()) {
        accepted++;
        String rendered = p.orElseThrow().toString();
        assertTrue(!rendered.isEmpty());
      }
    }
    return accepted;
  }

  private static int ipChain(MemorySegment s, long off, int len) {
    int accepted = 0;
    Ipv4View ip = new Ipv4View();
    if (ip.wrap(s, off, len, false) == null) {
      accepted++;
      TcpView tcp = new TcpView();
      if (tcp.wrapUnverified(s, ip.payloadOffset(), ip.payloadLength()) == null) {
        accepted++;
        TcpSegment seg = TcpSegment.from(tcp);
        assertTrue(seg.length() == ip.payloadLength());
        for (int i = 0; i < tcp.sackBlockCount(); i++) {
          accepted += (tcp.sackLeft(i) ^ tcp.sackRight(i)) & 0;
        }
      }
      if (new IcmpView().wrap(s, ip.payloadOffset(), ip.payloadLength()) == null) {
        accepted++;
      }
    }
    return accepted;
  }

  @Test
  void randomBytesNeverEscapeTheParsers() {
    Gen<Object[]> input =
        Gens.bytes(0, 1600)
            .flatMap(
                b ->
                    Gens.ints(-2, b.length + 2)
                        .flatMap(
                            off ->
                                Gens.ints(-2, b.length + 2)
                                    .map(len -> new Object[] {b, off, len})));
    Property.forAll(input)
        .tries(TRIES)
        .check(in -> parseEverything((byte[]) in[0], (Integer) in[1], (Integer) in[2]));
  }

  @Test
  void mutatedRealFramesNeverEscapeTheParsers() {
    Gen<byte[]> mutated =
        WireGens.TCP_FRAME.flatMap(
            frame ->
                Gens.lists(Gens.ints(0, Integer.MAX_VALUE), 1, 8)
                    .map(
                        edits -> {
                          byte[] b = frame.clone();
                          for (int e : edits) {
                            b[e % b.length] = (byte) (e >>> 16);
                          }
                          return b;
                        }));
    Property.forAll(mutated).tries(TRIES).check(b -> parseEverything(b, 0, b.length));
  }
}
