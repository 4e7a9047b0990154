package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.api.TcpInfo;
import io.jtcp.core.fsm.TcpState;
import org.junit.jupiter.api.Test;

/** --stats prints TCP_INFO in the words of {@code ss -ti}. */
class ReportOptionsTest {
  private static TcpInfo info(long retransmissions, long ssthresh, int wscale) {
    return new TcpInfo(
        TcpState.ESTABLISHED,
        520, // rtt µs
        250,
        204_000, // rto µs
        1448,
        1448,
        14_480, // cwnd bytes: 10 segments
        ssthresh,
        1_000_000,
        999_000,
        2_000,
        700,
        350,
        retransmissions,
        65_535,
        131_072,
        wscale,
        wscale,
        true,
        true,
        "cubic",
        310,
        3,
        1,
        2,
        1,
        0,
        0,
        0,
        5,
        0,
        0,
        0);
  }

  @Test
  void aCleanConnectionReadsLikeSs() {
    assertEquals(
        "ESTABLISHED cubic wscale:7,7 ts sack rto:204 rtt:0.52/0.25 minrtt:0.31 mss:1448"
            + " rcvmss:1448 cwnd:10 bytes_sent:1000000 bytes_acked:999000 bytes_received:2000"
            + " segs_out:700 segs_in:350 retrans:0 snd_wnd:65535 rcv_wnd:131072",
        ReportOptions.ssLine(info(0, -1, 7)));
  }

  @Test
  void lossShowsSsthreshAndHowItWasRepaired() {
    assertEquals(
        "ESTABLISHED cubic ts sack rto:204 rtt:0.52/0.25 minrtt:0.31 mss:1448 rcvmss:1448 cwnd:10"
            + " ssthresh:7 bytes_sent:1000000 bytes_acked:999000 bytes_received:2000 segs_out:700"
            + " segs_in:350 retrans:4 fast_retrans:3 rto_retrans:1 recoveries:2 timeouts:1"
            + " snd_wnd:65535 rcv_wnd:131072",
        ReportOptions.ssLine(info(4, 7 * 1448, -1)));
  }

  @Test
  void jsonHasEveryTcpInfoField() {
    String json = Json.write(RecordMaps.snakeCase(info(0, 100, 7)));
    assertEquals(TcpInfo.class.getRecordComponents().length, json.split("\":").length - 1, json);
  }
}
