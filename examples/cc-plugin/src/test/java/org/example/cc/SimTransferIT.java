package org.example.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtcp sim transfer --cc aimd --plugin JAR} runs a whole transfer on the plug-in, inside the
 * real engine: the bytes arrive intact and both ends report the plug-in as their algorithm.
 */
class SimTransferIT {
  @TempDir Path dir;

  @BeforeAll
  static void jars() {
    JtcpCli.requireJars();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> transfer(Map<String, String> env, String... extra) throws Exception {
    String[] args = {
      "sim",
      "transfer",
      "--bytes",
      "1MiB",
      "--cc",
      "aimd",
      "--plugin",
      JtcpCli.PLUGIN_JAR.toString(),
      "--json"
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    JtcpCli.Result r = JtcpCli.run(dir, env, all);
    assertEquals(0, r.exitCode(), r::toString);
    Map<String, Object> m = (Map<String, Object>) MiniJson.parse(r.stdout().strip());
    assertEquals("aimd", m.get("cc"), r::toString);
    assertEquals("aimd", ((Map<String, Object>) m.get("sender")).get("congestion_control"));
    assertEquals("aimd", ((Map<String, Object>) m.get("receiver")).get("congestion_control"));
    String sent = (String) m.get("sent_sha256");
    assertTrue(sent.matches("[0-9a-f]{64}"), sent);
    assertEquals(sent, m.get("received_sha256"), r::toString);
    assertEquals(1048576.0, m.get("bytes_received"));
    assertEquals(Boolean.TRUE, m.get("ok"), r::toString);
    return m;
  }

  @Test
  void aCleanTransferRunsOnThePlugin() throws Exception {
    transfer(Map.of());
  }

  @Test
  void lossesReachThePluginsCongestionResponse() throws Exception {
    Map<String, Object> m = transfer(Map.of("AIMD_BETA", "0.7"), "--loss", "2%");
    assertTrue(
        ((Double) m.get("fast_retransmits")) > 0, "no loss was repaired: the test proves nothing");
  }
}
