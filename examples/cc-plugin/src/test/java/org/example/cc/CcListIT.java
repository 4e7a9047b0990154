package org.example.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtcp cc list} from the real CLI jar finds the plug-in in the jar {@code package} built,
 * through {@code --plugin} and through {@code JTCP_PLUGINS}, and says where it came from.
 */
class CcListIT {
  @TempDir Path dir;

  @BeforeAll
  static void jars() {
    JtcpCli.requireJars();
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> entry(String json, String name) {
    List<Object> rows = (List<Object>) MiniJson.parse(json.strip());
    return rows.stream()
        .map(r -> (Map<String, Object>) r)
        .filter(r -> name.equals(r.get("name")))
        .findFirst();
  }

  private static void assertFromThePluginJar(Map<String, Object> aimd) {
    String source = (String) aimd.get("source");
    assertTrue(source.startsWith("plug-in org.example.cc.AimdFactory from file:"), source);
    assertTrue(source.endsWith(JtcpCli.PLUGIN_JAR.toString()), source);
  }

  @Test
  void pluginOptionListsTheAlgorithmWithItsJar() throws Exception {
    JtcpCli.Result r =
        JtcpCli.run(
            dir, Map.of(), "cc", "list", "--json", "--plugin", JtcpCli.PLUGIN_JAR.toString());
    assertEquals(0, r.exitCode(), r::toString);
    Map<String, Object> aimd = entry(r.stdout(), "aimd").orElseThrow(() -> new AssertionError(r));
    assertFromThePluginJar(aimd);
    assertTrue(
        ((String) aimd.get("description")).endsWith("beta=0.5 (default; set $AIMD_BETA to change)"),
        r::toString);
    assertTrue(entry(r.stdout(), "reno").isPresent(), "the built-ins stay: " + r);
  }

  @Test
  void withoutThePluginTheAlgorithmIsNotListed() throws Exception {
    JtcpCli.Result r = JtcpCli.run(dir, Map.of(), "cc", "list", "--json");
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(entry(r.stdout(), "reno").isPresent(), r::toString);
    assertTrue(entry(r.stdout(), "aimd").isEmpty(), r::toString);
  }

  @Test
  void jtcpPluginsListsItAndAimdBetaReachesIt() throws Exception {
    JtcpCli.Result r =
        JtcpCli.run(
            dir,
            Map.of("JTCP_PLUGINS", JtcpCli.PLUGIN_JAR.toString(), "AIMD_BETA", "0.7"),
            "cc",
            "list",
            "--json");
    assertEquals(0, r.exitCode(), r::toString);
    Map<String, Object> aimd = entry(r.stdout(), "aimd").orElseThrow(() -> new AssertionError(r));
    assertFromThePluginJar(aimd);
    assertTrue(
        ((String) aimd.get("description")).endsWith("beta=0.7 (from $AIMD_BETA)"), r::toString);
  }

  @Test
  void theTableShowsTheAlgorithmAndItsSource() throws Exception {
    JtcpCli.Result r =
        JtcpCli.run(dir, Map.of(), "cc", "list", "--plugin", JtcpCli.PLUGIN_JAR.toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(
        r.stdout()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("aimd ")
                        && l.contains("plug-in org.example.cc.AimdFactory from file:")),
        r::toString);
  }

  @Test
  void aBadBetaStopsTheListingAndNamesThePlugin() throws Exception {
    JtcpCli.Result r =
        JtcpCli.run(
            dir,
            Map.of("AIMD_BETA", "0,7"),
            "cc",
            "list",
            "--plugin",
            JtcpCli.PLUGIN_JAR.toString());
    assertNotEquals(0, r.exitCode(), r::toString);
    assertTrue(r.stderr().contains("org.example.cc.AimdFactory"), r::toString);
  }
}
