package io.audioinsight.audio.vad.stream;

/**
 * A cheap running SNR for the live {@code stats} event: mean power of the blocks the VAD calls speech (probability
 * at or above the threshold) against mean power of the blocks it calls non-speech (below the hysteresis level),
 * minus the noise inside the speech blocks: 10 log10(Ps / Pn - 1), capped at 100 dB. It is an estimate for a live
 * display; the stream's final {@code summary} runs the file analysis (minimum statistics noise floor per bin).
 */
final class RunningSnr {

  private static final double MAX_DB = 100;

  private final double on;
  private final double off;
  private double speechEnergy;
  private long speechBlocks;
  private double noiseEnergy;
  private long noiseBlocks;

  RunningSnr(double on, double off) {
    this.on = on;
    this.off = off;
  }

  void add(float p, double energy) {
    if (p >= on) {
      speechEnergy += energy;
      speechBlocks++;
    } else if (p < off) {
      noiseEnergy += energy;
      noiseBlocks++;
    }
  }

  Double snrDb() {
    if (speechBlocks == 0 || noiseBlocks == 0) {
      return null;
    }
    double ps = speechEnergy / speechBlocks;
    double pn = noiseEnergy / noiseBlocks;
    if (pn <= 0) {
      return MAX_DB;
    }
    double ratio = ps / pn - 1;
    double db = ratio > 1e-10 ? Math.min(MAX_DB, 10 * Math.log10(ratio)) : -100;
    return Math.round(db * 100.0) / 100.0;
  }
}
