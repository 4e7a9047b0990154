package io.jtcp.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jtcp.testkit.Gen;
import io.jtcp.testkit.Gens;
import io.jtcp.testkit.Property;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Round trips and checksum laws for every wire record (DESIGN.md testing pyramid, level 3). */
class WirePropertiesTest {

  private static <T> void roundTrips(
      Gen<T> gen, Function<T, byte[]> emit, Function<byte[], Parsed<T>> parse) {
    Property.forAll(gen)
        .tries(3_000)
        .check(
            x -> {
              byte[] bytes = emit.apply(x);
              T back = parse.apply(bytes).orElseThrow();
              assertEquals(x, back);
              assertArrayEquals(bytes, emit.apply(back), "emit(parse(b)) == b");
            });
  }

  @Test
  void tcp_parseOfEmitIsIdentity() {
    int b = 0xC6336401;
    Property.forAll(WireGens.tcpSegments(1460), WireGens.IPV4)
        .tries(10_000)
        .check(
            (seg, src) -> {
              byte[] bytes = seg.toBytes(src.bits(), b);
              assertEquals(seg.length(), bytes.length);
              TcpSegment back = TcpSegment.parse(bytes, src.bits(), b).orElseThrow();
              assertEquals(seg, back);
              assertArrayEquals(bytes, back.toBytes(src.bits(), b));
              assertEquals(
                  new Parsed.Dropped<TcpSegment>(DropReason.TCP_CHECKSUM),
                  TcpSegment.parse(bytes, src.bits() ^ 1, b),
                  "the pseudo-header's source address is covered");
            });
  }

  @Test
  void tcp_viewAgreesWithRecordOnInterpretedOptions() {
    Property.forAll(WireGens.tcpSegments(64))
        .tries(5_000)
        .check(
            seg -> {
              byte[] bytes = seg.toBytes(1, 2);
              TcpView v = new TcpView();
              assertNull(v.wrap(MemorySegment.ofArray(bytes), 0, bytes.length, 1, 2));
              int mss = -1;
              int ws = -1;
              int sackCount = 0;
              TcpOption.Timestamps ts = null;
              for (TcpOption o : seg.options()) { // the last occurrence wins, as in the view
                switch (o) {
                  case TcpOption.Mss m -> mss = m.mss();
                  case TcpOption.WindowScale w -> ws = w.shift();
                  case TcpOption.Timestamps t -> ts = t;
                  case TcpOption.Sack sack -> sackCount = sack.blocks().size();
                  default -> {}
                }
              }
              assertEquals(mss, v.mss());
              assertEquals(ws, v.windowScale());
              assertEquals(ts != null, v.hasTimestamps());
              if (ts != null) {
                assertEquals(ts.value(), v.tsValue());
                assertEquals(ts.echoReply(), v.tsEchoReply());
              }
              assertEquals(sackCount, v.sackBlockCount());
              assertEquals(seg.options().size(), v.optionCount());
              assertEquals(seg.segmentLength(), v.segmentLength());
            });
  }

  @Test
  void ipv4_roundTrips() {
    roundTrips(WireGens.ipv4Packets(1500), Ipv4Packet::toBytes, Ipv4Packet::parse);
  }

  @Test
  void ethernet_roundTrips() {
    roundTrips(WireGens.ETHERNET, EthernetFrame::toBytes, EthernetFrame::parse);
  }

  @Test
  void arp_roundTrips() {
    roundTrips(WireGens.ARP, ArpPacket::toBytes, ArpPacket::parse);
  }

  @Test
  void icmp_roundTrips() {
    roundTrips(WireGens.ICMP, IcmpMessage::toBytes, IcmpMessage::parse);
  }

  /**
   * Frames built byte by byte, independently of the records: random fixed header (reserved bits
   * included), raw options of any kind and length, an end-of-list byte and zero padding up to a
   * random data offset. Whatever parses must re-emit identically.
   */
  @Test
  void tcp_emitOfParseReproducesRawFrames() {
    Gen<byte[]> raw =
        src -> {
          byte[] opts = new byte[40];
          int n = 0;
          int count = Gens.ints(0, 10).generate(src);
          for (int i = 0; i < count; i++) {
            int kind =
                Gens.frequency(
                        Gens.weighted(2, Gens.oneOf(1, 2, 3, 4, 5, 8)),
                        Gens.weighted(1, Gens.ints(2, 255)))
                    .generate(src);
            int len = kind == 1 ? 1 : Gens.ints(2, 12).generate(src);
            if (n + len > 40) {
              break;
            }
            opts[n] = (byte) kind;
            if (len > 1) {
              opts[n + 1] = (byte) len;
              for (int j = 2; j < len; j++) {
                opts[n + j] = (byte) (int) WireGens.U8.generate(src);
              }
            }
            n += len;
          }
          int minimal = n + 3 & ~3; // whatever follows the list is zeros: an EOL, then padding
          int optionArea = minimal + 4 * Gens.ints(0, (40 - minimal) / 4).generate(src);
          byte[] payload = Gens.bytes(0, 200).generate(src);
          byte[] seg = new byte[20 + optionArea + payload.length];
          byte[] fixed = Gens.bytes(20).generate(src);
          System.arraycopy(fixed, 0, seg, 0, 20);
          seg[12] = (byte) ((20 + optionArea) / 4 << 4 | fixed[12] & 0x0F);
          System.arraycopy(opts, 0, seg, 20, n);
          System.arraycopy(payload, 0, seg, 20 + optionArea, payload.length);
          MemorySegment s = MemorySegment.ofArray(seg);
          s.set(ValueLayout.JAVA_SHORT_UNALIGNED, 16, (short) 0);
          int sum =
              Checksum.fold(
                  Checksum.add(
                      Checksum.pseudoHeader(1, 2, IpProtocol.TCP, seg.length), s, 0, seg.length));
          seg[16] = (byte) (sum >>> 8);
          seg[17] = (byte) sum;
          return seg;
        };
    Property.forAll(raw)
        .tries(10_000)
        .check(
            seg -> {
              TcpSegment t = TcpSegment.parse(seg, 1, 2).orElseThrow();
              assertArrayEquals(seg, t.toBytes(1, 2));
            });
  }

  @Test
  void checksummedHeadersVerifyToZero() {
    Property.forAll(WireGens.ipv4Packets(100))
        .tries(2_000)
        .check(
            p -> {
              byte[] b = p.toBytes();
              assertEquals(0, Checksum.of(MemorySegment.ofArray(b), 0, p.headerLength()));
            });
    Property.forAll(WireGens.tcpSegments(1460), WireGens.IPV4)
        .tries(2_000)
        .check(
            (seg, src) -> {
              byte[] b = seg.toBytes(src.bits(), 7);
              long pseudo = Checksum.pseudoHeader(src.bits(), 7, IpProtocol.TCP, b.length);
              assertEquals(
                  0, Checksum.fold(Checksum.add(pseudo, MemorySegment.ofArray(b), 0, b.length)));
            });
    Property.forAll(WireGens.ICMP)
        .tries(2_000)
        .check(
            m -> assertEquals(0, Checksum.of(MemorySegment.ofArray(m.toBytes()), 0, m.length())));
  }

  @Test
  void tcp_everySingleBitFlipIsCaught() {
    Gen<int[]> flip = Gens.ints(0, Integer.MAX_VALUE).map(i -> new int[] {i});
    Property.forAll(WireGens.tcpSegments(600), flip)
        .tries(10_000)
        .check(
            (seg, f) -> {
              byte[] b = seg.toBytes(11, 22);
              int bit = f[0] % (b.length * 8);
              b[bit / 8] ^= (byte) (1 << bit % 8);
              assertNotNull(
                  new TcpView().wrap(MemorySegment.ofArray(b), 0, b.length, 11, 22),
                  "flipped bit " + bit + " went unnoticed");
            });
  }

  @Test
  void checksum_equalsTheTextbookSumAtEveryLengthAndEvenOffset() {
    Property.forAll(Gens.bytes(0, 2000), Gens.ints(0, 7))
        .tries(5_000)
        .check(
            (data, start) -> {
              int off = Math.min(start * 2, data.length) & ~1;
              int len = data.length - off;
              assertEquals(
                  naive(data, off, len), Checksum.of(MemorySegment.ofArray(data), off, len));
            });
  }

  @Test
  void checksum_incrementalUpdateEqualsRecomputation() {
    Property.forAll(Gens.bytes(4, 200), Gens.ints())
        .tries(5_000)
        .check(
            (data, value) -> {
              byte[] d =
                  data.length % 2 == 0 ? data : java.util.Arrays.copyOf(data, data.length + 1);
              MemorySegment s = MemorySegment.ofArray(d);
              int before = Checksum.of(s, 0, d.length);
              int old = s.get(Bytes.U32, 0);
              s.set(Bytes.U32, 0, value);
              assertEquals(Checksum.of(s, 0, d.length), Checksum.update32(before, old, value));
            });
  }

  /** RFC 1071 §4.1, a 16-bit word at a time: the reference the fast sum is held to. */
  static int naive(byte[] b, int off, int len) {
    long sum = 0;
    for (int i = 0; i + 1 < len; i += 2) {
      sum += (b[off + i] & 0xFF) << 8 | b[off + i + 1] & 0xFF;
    }
    if (len % 2 == 1) {
      sum += (b[off + len - 1] & 0xFF) << 8;
    }
    while (sum >>> 16 != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) (~sum & 0xFFFF);
  }
}
