package io.jtcp.core.sim;

/**
 * Bursty loss by the Gilbert–Elliott model: a two-state Markov chain, stepped once per packet,
 * whose state sets the packet's loss probability. Losses cluster while the chain sits in the bad
 * state, which is how wireless fades, flapping links and overflowing shared buffers lose packets.
 *
 * <p>Per packet the chain first moves (good to bad with probability {@code p}, bad to good with
 * probability {@code r}), then the packet is lost with the probability of the state it is now in.
 * This is the order of Linux netem's {@code loss gemodel p r 1-h 1-k}, whose parameters map as
 * {@code p}, {@code r}, {@code lossInBad = 1-h} and {@code lossInGood = 1-k}. A chain starts in the
 * good state.
 *
 * <p>Each stay in the bad state lasts a geometric number of packets with mean {@code 1/r}, and in
 * the long run the chain is bad for a fraction {@code p/(p+r)} of packets, so the overall loss rate
 * is {@code (r·lossInGood + p·lossInBad)/(p+r)} ({@link #lossRate()}). The simple Gilbert model
 * ({@code lossInGood = 0}, {@code lossInBad = 1}) loses exactly the packets sent in the bad state;
 * {@link #ofBurstLoss} builds one from the numbers people quote: an average loss rate and a mean
 * burst length.
 *
 * <p>Bursts are counted in packets, not time, as in netem: a sender that backs off to one packet
 * per retransmission timeout stays in a burst for as many timeouts as the burst has packets, so a
 * long mean burst can swallow a backed-off connection's packets for minutes of simulated time.
 *
 * @param p probability in [0, 1] of moving from the good to the bad state, per packet
 * @param r probability in [0, 1] of moving from the bad to the good state, per packet
 * @param lossInGood probability in [0, 1] that a packet is lost in the good state
 * @param lossInBad probability in [0, 1] that a packet is lost in the bad state
 */
public record GilbertElliott(double p, double r, double lossInGood, double lossInBad) {

  /** Never loses anything: the chain stays good and the good state loses nothing. */
  public static final GilbertElliott NONE = new GilbertElliott(0, 1, 0, 0);

  /**
   * @throws IllegalArgumentException naming the valid range, for a parameter outside [0, 1] or NaN
   */
  public GilbertElliott {
    Probabilities.require(p, "burst loss p (good to bad)");
    Probabilities.require(r, "burst loss r (bad to good)");
    Probabilities.require(lossInGood, "burst loss lossInGood");
    Probabilities.require(lossInBad, "burst loss lossInBad");
  }

  /**
   * The simple Gilbert model with an average loss rate of {@code lossRate} in bursts of {@code
   * meanBurstLength} packets on average: {@code r = 1/meanBurstLength}, {@code p = lossRate·r/(1 -
   * lossRate)}, every packet lost in the bad state and none in the good one. This is what {@code
   * jtcp sim transfer --burst-loss P,LEN} asks for. A rate of 0 gives {@link #NONE}.
   *
   * @param lossRate the long-run fraction of packets lost, in [0, 1)
   * @param meanBurstLength the mean number of consecutive losses, at least 1
   * @throws IllegalArgumentException if the rate is outside [0, 1), the length below 1, or the pair
   *     impossible: bursts of mean length {@code L} separated by at least one delivered packet
   *     cannot lose more than {@code L/(L+1)} of the packets
   */
  public static GilbertElliott ofBurstLoss(double lossRate, double meanBurstLength) {
    if (!(lossRate >= 0.0 && lossRate < 1.0)) {
      throw new IllegalArgumentException(
          "burst loss rate must be in [0, 1) (a fraction of packets); got " + lossRate);
    }
    if (!(meanBurstLength >= 1.0) || Double.isInfinite(meanBurstLength)) {
      throw new IllegalArgumentException(
          "mean burst length must be a finite number of packets >= 1; got " + meanBurstLength);
    }
    if (lossRate == 0.0) {
      return NONE;
    }
    double r = 1.0 / meanBurstLength;
    double p = lossRate * r / (1.0 - lossRate);
    if (p > 1.0) {
      throw new IllegalArgumentException(
          "a loss rate of "
              + lossRate
              + " cannot come in bursts of "
              + meanBurstLength
              + " packets on average: bursts that short lose at most "
              + meanBurstLength / (meanBurstLength + 1)
              + " of the packets");
    }
    return new GilbertElliott(p, r, 0.0, 1.0);
  }

  /** Whether this model can ever lose a packet. */
  public boolean isActive() {
    return lossInGood > 0 || (p > 0 && lossInBad > 0);
  }

  /**
   * The long-run fraction of packets lost: {@code (r·lossInGood + p·lossInBad)/(p+r)}; {@code
   * lossInGood} when the chain never leaves the good state ({@code p = 0}), {@code lossInBad} when
   * it never leaves the bad one ({@code r = 0}).
   */
  public double lossRate() {
    if (p == 0) {
      return lossInGood;
    }
    if (r == 0) {
      return lossInBad;
    }
    return (r * lossInGood + p * lossInBad) / (p + r);
  }

  /**
   * The mean number of packets per stay in the bad state, {@code 1/r} (infinite for {@code r = 0}):
   * the mean loss burst length of the simple Gilbert model.
   */
  public double meanBurstLength() {
    return 1.0 / r;
  }
}
