package org.example.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The plug-in jar holds the plug-in and nothing else: a second copy of the SPI (or of anything the
 * CLI already has) would shadow or clash with the CLI's at run time.
 */
class PluginJarIT {
  @Test
  void holdsOnlyThePluginClassesAndTheServicesFile() throws Exception {
    JtcpCli.requireJars();
    List<String> unexpected = new ArrayList<>();
    boolean services = false;
    try (JarFile jar = new JarFile(JtcpCli.PLUGIN_JAR.toFile())) {
      for (JarEntry e : jar.stream().toList()) {
        String n = e.getName();
        if (n.equals("META-INF/services/io.jtcp.core.spi.CongestionControlFactory")) {
          services = true;
          assertEquals(
              "org.example.cc.AimdFactory",
              new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).strip());
        } else if (!(e.isDirectory()
            || n.equals("META-INF/MANIFEST.MF")
            || (n.startsWith("org/example/cc/") && n.endsWith(".class")))) {
          unexpected.add(n);
        }
      }
      assertTrue(jar.getEntry("org/example/cc/Aimd.class") != null, "no Aimd.class");
      assertTrue(jar.getEntry("org/example/cc/AimdFactory.class") != null, "no AimdFactory.class");
    }
    assertTrue(services, "no services file");
    assertEquals(List.of(), unexpected, "entries that are not the plug-in's");
  }
}
