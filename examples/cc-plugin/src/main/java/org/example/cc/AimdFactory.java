package org.example.cc;

import io.jtcp.core.spi.CongestionControl;
import io.jtcp.core.spi.CongestionControlFactory;
import io.jtcp.core.spi.ConnectionParams;

/**
 * Registers {@link Aimd} as {@code aimd}. {@link java.util.ServiceLoader} finds it through {@code
 * META-INF/services/io.jtcp.core.spi.CongestionControlFactory} and calls the public no-argument
 * constructor, which reads the decrease factor β once: from the system property {@value #PROPERTY},
 * else the environment variable {@value #ENV}, else {@value #DEFAULT_BETA}.
 */
public final class AimdFactory implements CongestionControlFactory {
  /** The name users select the algorithm by. */
  public static final String NAME = "aimd";

  /** The system property that sets β, e.g. {@code java -Daimd.beta=0.7 -jar jtcp.jar ...}. */
  public static final String PROPERTY = "aimd.beta";

  /** The environment variable that sets β, e.g. {@code AIMD_BETA=0.7 ./jtcp ...}. */
  public static final String ENV = "AIMD_BETA";

  /** Reno's factor. */
  public static final double DEFAULT_BETA = 0.5;

  /** β and where it came from, for the description. */
  record Setting(double beta, String origin) {
    /**
     * @param property the system property's value, null when unset
     * @param env the environment variable's value, null when unset
     */
    static Setting read(String property, String env) {
      if (property != null && !property.isBlank()) {
        return new Setting(parse(property, "-D" + PROPERTY), "from -D" + PROPERTY);
      }
      if (env != null && !env.isBlank()) {
        return new Setting(parse(env, "$" + ENV), "from $" + ENV);
      }
      return new Setting(DEFAULT_BETA, "default; set $" + ENV + " to change");
    }

    // Read once, when the plug-in loads: a researcher who mistyped the variable should hear of it
    // from `jtcp cc list`, not from an engine error in the middle of a run.
    private static double parse(String value, String where) {
      double b;
      try {
        b = Double.parseDouble(value.strip());
      } catch (NumberFormatException e) {
        b = Double.NaN;
      }
      if (!(b > 0 && b < 1)) {
        throw new IllegalArgumentException(
            where + " must be a number strictly between 0 and 1 (e.g. 0.7), got '" + value + "'");
      }
      return b;
    }
  }

  private final Setting setting;

  /**
   * The constructor {@link java.util.ServiceLoader} calls.
   *
   * @throws IllegalArgumentException when {@value #PROPERTY} or {@value #ENV} is set to something
   *     that is not a number strictly between 0 and 1
   */
  public AimdFactory() {
    this(Setting.read(System.getProperty(PROPERTY), System.getenv(ENV)));
  }

  /**
   * A factory with a fixed β, for code that builds its own registry and should not depend on the
   * environment.
   *
   * @throws IllegalArgumentException unless 0 &lt; β &lt; 1
   */
  public AimdFactory(double beta) {
    this(new Setting(Aimd.checkBeta(beta), "fixed"));
  }

  AimdFactory(Setting setting) {
    this.setting = setting;
  }

  /** The decrease factor every new connection gets. */
  public double beta() {
    return setting.beta();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Example plug-in: AIMD, +1 SMSS per RTT, cwnd x beta on loss or ECN; beta="
        + setting.beta()
        + " ("
        + setting.origin()
        + ")";
  }

  @Override
  public CongestionControl create(ConnectionParams params) {
    return new Aimd(params.smss(), setting.beta());
  }
}
