package io.jtcp.core.sim;

/**
 * Validation shared by the parameter records. A class of its own, without static state, so that the
 * records' constants ({@link LinkParams#DEFAULT}, {@link GilbertElliott#NONE}) can initialize in
 * any order.
 */
final class Probabilities {
  private Probabilities() {}

  /**
   * @throws IllegalArgumentException naming {@code name} and the range, unless {@code value} is in
   *     [0, 1] (NaN is not)
   */
  static void require(double value, String name) {
    if (!(value >= 0.0 && value <= 1.0)) { // also rejects NaN
      throw new IllegalArgumentException(name + " must be a probability in [0, 1]; got " + value);
    }
  }
}
