package io.audioinsight.audio.vad;

import io.audioinsight.audio.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns speech probabilities on a grid of hop-size blocks into speech segments.
 *
 * <p>A segment starts where the probability reaches the threshold and ends where it falls below the threshold
 * minus {@link #HYSTERESIS} (but not below half the threshold), so a probability wavering around the
 * threshold does not chop speech into pieces. Then pauses shorter than {@link #MIN_SILENCE_SECONDS} between
 * segments are bridged, and segments shorter than {@link #MIN_SPEECH_SECONDS} are dropped.
 */
public final class SpeechSegmenter {

  public static final double HYSTERESIS = 0.15;
  public static final double MIN_SPEECH_SECONDS = 0.15;
  public static final double MIN_SILENCE_SECONDS = 0.15;
  private static final double RATE = 16_000.0;

  private SpeechSegmenter() {}

  /**
   * @param probabilities speech probability per block of {@code hopSize} samples at 16 kHz
   * @param sampleCount   length of the signal in samples at 16 kHz (the last block may be partial)
   * @param threshold     the caller's vad_threshold, in (0, 1)
   */
  public static SpeechActivity segment(float[] probabilities, int hopSize, int sampleCount, double threshold) {
    double off = Math.max(threshold - HYSTERESIS, threshold / 2);
    double duration = sampleCount / RATE;
    List<double[]> raw = new ArrayList<>();
    int start = -1;
    for (int j = 0; j < probabilities.length; j++) {
      float p = probabilities[j];
      if (start < 0 && p >= threshold) {
        start = j;
      } else if (start >= 0 && p < off) {
        raw.add(new double[] {blockTime(start, hopSize, duration), blockTime(j, hopSize, duration)});
        start = -1;
      }
    }
    if (start >= 0) {
      raw.add(new double[] {blockTime(start, hopSize, duration), duration});
    }
    List<double[]> bridged = new ArrayList<>();
    for (double[] s : raw) {
      double[] last = bridged.isEmpty() ? null : bridged.get(bridged.size() - 1);
      if (last != null && s[0] - last[1] < MIN_SILENCE_SECONDS) {
        last[1] = s[1];
      } else {
        bridged.add(s);
      }
    }
    List<Segment> segments = new ArrayList<>();
    double total = 0;
    for (double[] s : bridged) {
      if (s[1] - s[0] >= MIN_SPEECH_SECONDS) {
        Segment segment = new Segment(round3(s[0]), round3(s[1]));
        segments.add(segment);
        total += s[1] - s[0];
      }
    }
    double ratio = duration > 0 ? Math.min(1.0, total / duration) : 0.0;
    return new SpeechActivity(segments, ratio);
  }

  private static double blockTime(int block, int hopSize, double duration) {
    return Math.min(duration, block * (double) hopSize / RATE);
  }

  /** Times are reported with millisecond precision. */
  private static double round3(double seconds) {
    return Math.round(seconds * 1000.0) / 1000.0;
  }
}
