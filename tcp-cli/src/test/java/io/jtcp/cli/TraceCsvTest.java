package io.jtcp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jtcp.core.experiment.FlowSample;
import io.jtcp.core.fsm.TcpState;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCsvTest {
  private static FlowSample at(long ms, long ssthresh, long srttMicros, long delivered) {
    return new FlowSample(
        ms * 1_000_000, 14480, ssthresh, 2896, srttMicros, delivered, TcpState.ESTABLISHED);
  }

  @Test
  void rowsGoInTimeOrder_flowsInNumberOrderWithinAnInstant() throws Exception {
    FlowTrace one = new FlowTrace(1, "reno", 20, List.of(at(0, -1, 0, 0), at(100, -1, 20_500, 10)));
    FlowTrace two =
        new FlowTrace(2, "cubic", 80, List.of(at(50, 7000, 80_125, 0), at(100, 7000, 81_000, 5)));
    StringWriter w = new StringWriter();
    assertEquals(4, TraceCsv.write(w, List.of(two, one)));
    assertEquals(
        String.join(
            "\n",
            TraceCsv.HEADER,
            "0,1,reno,14480,,2896,,0,ESTABLISHED",
            "0.05,2,cubic,14480,7000,2896,80.125,0,ESTABLISHED",
            "0.1,1,reno,14480,,2896,20.5,10,ESTABLISHED",
            "0.1,2,cubic,14480,7000,2896,81,5,ESTABLISHED",
            ""),
        w.toString());
  }

  @Test
  void seconds_areExactDecimalsOfTheNanosecond() {
    assertEquals("0", TraceCsv.seconds(0));
    assertEquals("0.1", TraceCsv.seconds(100_000_000));
    assertEquals("12.000000001", TraceCsv.seconds(12_000_000_001L));
    assertEquals("60", TraceCsv.seconds(60_000_000_000L));
  }
}
