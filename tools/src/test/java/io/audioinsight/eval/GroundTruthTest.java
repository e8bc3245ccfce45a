package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

  private static final int RATE = 16_000;
  private static final int FRAME = 320;

  /** A signal of {@code frames} 20 ms frames, each filled with a constant-RMS tone of the given level (dB re 0.1). */
  private static float[] frames(double... levelsDb) {
    float[] x = new float[levelsDb.length * FRAME];
    for (int f = 0; f < levelsDb.length; f++) {
      if (Double.isInfinite(levelsDb[f])) {
        continue;
      }
      double amp = 0.1 * Math.pow(10, levelsDb[f] / 20) * Math.sqrt(2);
      for (int i = 0; i < FRAME; i++) {
        // 1 kHz: a whole number of periods per frame, so every frame has exactly the same RMS.
        x[f * FRAME + i] = (float) (amp * Math.sin(2 * Math.PI * 1000 * i / RATE));
      }
    }
    return x;
  }

  private static double[] repeat(double value, int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, value);
    return out;
  }

  private static double[] concat(double[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static final double SILENT = Double.NEGATIVE_INFINITY;

  @Test
  void framesWithin35dbOfTheLoudestAreActiveAndFramesBelowAreNot() {
    boolean[] active = GroundTruth.activeFrames(frames(concat(repeat(0, 5), repeat(-34, 5), repeat(-36, 10))), RATE);
    assertThat(active).containsExactly(concat(repeatBool(true, 10), repeatBool(false, 10)));
  }

  private static boolean[] repeatBool(boolean v, int n) {
    boolean[] out = new boolean[n];
    java.util.Arrays.fill(out, v);
    return out;
  }

  private static boolean[] concat(boolean[]... parts) {
    int n = 0;
    for (boolean[] p : parts) {
      n += p.length;
    }
    boolean[] out = new boolean[n];
    int at = 0;
    for (boolean[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Test
  void gapsUnder150msBetweenSpeechAreBridgedAndLongerGapsAreNot() {
    // 7 silent frames = 140 ms (bridged); 8 = 160 ms (kept).
    float[] x = frames(concat(repeat(0, 5), repeat(SILENT, 7), repeat(0, 5), repeat(SILENT, 8), repeat(0, 5)));
    List<Segment> segments = GroundTruth.speechSegments(x, RATE);
    assertThat(segments).containsExactly(new Segment(0.0, 0.34), new Segment(0.50, 0.60));
  }

  @Test
  void runsUnder60msAreDroppedAnd60msRunsAreKept() {
    float[] x = frames(concat(repeat(0, 10), repeat(SILENT, 10), repeat(0, 2), repeat(SILENT, 10), repeat(0, 3),
        repeat(SILENT, 10)));
    List<Segment> segments = GroundTruth.speechSegments(x, RATE);
    assertThat(segments).hasSize(2);
    assertThat(segments.get(0).start()).isCloseTo(0.0, within(1e-9));
    assertThat(segments.get(0).end()).isCloseTo(0.2, within(1e-9));
    assertThat(segments.get(1).start()).isCloseTo(0.64, within(1e-9));
    assertThat(segments.get(1).end()).isCloseTo(0.70, within(1e-9));
  }

  @Test
  void shortSilenceAtTheEdgesOfTheFileIsNotBridged() {
    float[] x = frames(concat(repeat(SILENT, 3), repeat(0, 10), repeat(SILENT, 3)));
    assertThat(GroundTruth.speechSegments(x, RATE)).containsExactly(new Segment(0.06, 0.26));
  }

  @Test
  void theLastSegmentEndsAtTheEndOfAPartialFrame() {
    float[] x = java.util.Arrays.copyOf(frames(repeat(0, 10)), 10 * FRAME - 100);
    List<Segment> segments = GroundTruth.speechSegments(x, RATE);
    assertThat(segments).hasSize(1);
    assertThat(segments.get(0).end()).isCloseTo((10 * FRAME - 100) / (double) RATE, within(1e-12));
  }

  @Test
  void frameLengthIs20msAtEveryRate() {
    assertThat(GroundTruth.frameLength(8_000)).isEqualTo(160);
    assertThat(GroundTruth.frameLength(16_000)).isEqualTo(320);
    assertThat(GroundTruth.frameLength(44_100)).isEqualTo(882);
  }

  @Test
  void activeSpeechSnrUsesSpeechPowerOverActiveFramesOnly() {
    // Speech at power 0.01 (RMS 0.1) in half the file, silence in the rest; noise power 0.0001.
    float[] speech = frames(concat(repeat(0, 50), repeat(SILENT, 50)));
    float[] noise = new float[speech.length];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (i % 2 == 0) ? 0.01f : -0.01f;
    }
    assertThat(GroundTruth.snrDb(speech, noise, RATE)).isCloseTo(20.0, within(1e-4));
    // Whole-file energy is half the active power: 3 dB lower.
    assertThat(GroundTruth.globalSnrDb(speech, noise, RATE)).isCloseTo(20.0 - 10 * Math.log10(2), within(1e-4));
  }

  @Test
  void noSpeechGivesNullSnrAndNoSegments() {
    float[] silence = new float[RATE];
    float[] noise = Noise.white(RATE, 1);
    assertThat(GroundTruth.snrDb(silence, noise, RATE)).isNull();
    assertThat(GroundTruth.globalSnrDb(silence, noise, RATE)).isNull();
    assertThat(GroundTruth.speechSegments(silence, RATE)).isEmpty();
  }

  @Test
  void noiseFreeSpeechIsCappedAt100dB() {
    float[] speech = frames(repeat(0, 20));
    float[] noise = new float[speech.length];
    assertThat(GroundTruth.snrDb(speech, noise, RATE)).isEqualTo(100.0);
    assertThat(GroundTruth.globalSnrDb(speech, noise, RATE)).isEqualTo(100.0);
    float[] faintNoise = new float[speech.length];
    faintNoise[0] = 1e-9f;
    assertThat(GroundTruth.snrDb(speech, faintNoise, RATE)).isEqualTo(100.0);
  }
}
