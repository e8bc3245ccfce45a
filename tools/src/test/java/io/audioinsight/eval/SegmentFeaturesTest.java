package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.noise.NoiseFloor;
import org.junit.jupiter.api.Test;

class SegmentFeaturesTest {

  private static final int RATE = Spectrogram.SAMPLE_RATE;
  private static final int SLOW_CORRELATION = 3 * SegmentFeatures.BANDS + 2;
  private static final int LOG_DURATION = 3 * SegmentFeatures.BANDS + 3;

  @Test
  void aHeldChordKeepsItsSpectrumWhileSyllablesChangeIt() {
    float[] hiss = SyntheticSignals.whiteNoise(3 * RATE, 0.001, 1);
    float[] chord = new float[3 * RATE];
    for (int i = 0; i < chord.length; i++) {
      double t = i / (double) RATE;
      chord[i] = (float) (0.1 * (Math.sin(2 * Math.PI * 660 * t) + 0.6 * Math.sin(2 * Math.PI * 990 * t)
          + 0.4 * Math.sin(2 * Math.PI * 1760 * t)));
    }
    float[] speech = SyntheticSignals.speechLike(3 * RATE, new double[][] {{0, 3}}, 2);

    float[] chordFeatures = features(SyntheticSignals.add(chord, hiss));
    float[] speechFeatures = features(SyntheticSignals.add(speech, hiss));

    assertThat(chordFeatures[SLOW_CORRELATION]).isGreaterThan(0.9f);
    assertThat(speechFeatures[SLOW_CORRELATION]).isLessThan(chordFeatures[SLOW_CORRELATION] - 0.1f);
  }

  @Test
  void theVectorHasItsDocumentedSizeAndEndsWithTheLogDuration() {
    float[] f = features(SyntheticSignals.whiteNoise(2 * RATE, 0.01, 3));

    assertThat(f).hasSize(SegmentFeatures.SIZE);
    assertThat((double) f[LOG_DURATION]).isCloseTo(Math.log(1.0), org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void theSameSegmentAlwaysGivesTheSameFeatures() {
    float[] x = SyntheticSignals.speechLike(2 * RATE, new double[][] {{0.2, 1.8}}, 4);

    assertThat(features(x)).containsExactly(features(x));
  }

  @Test
  void aShortSegmentIsOneCropAndALongOneIsCoveredByHalfOverlappingSeconds() {
    assertThat(SegmentFeatures.crops(10, 90)).isDeepEqualTo(new int[][] {{10, 90}});
    assertThat(SegmentFeatures.crops(0, 230))
        .isDeepEqualTo(new int[][] {{0, 100}, {50, 150}, {100, 200}, {130, 230}});
  }

  @Test
  void cropsStartingAnEvenNumberOfFramesIntoTheSegmentGetTheFeaturesEachCropGetsAlone() {
    float[] x = SyntheticSignals.speechLike(4 * RATE, new double[][] {{0.2, 3.8}}, 8);
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor noise = NoiseFloor.track(s, Cancellation.NONE);
    int[][] crops = SegmentFeatures.crops(20, 380);

    float[][] together = SegmentFeatures.ofCrops(s, noise, 20, 380, crops);

    assertThat(together).hasNumberOfRows(crops.length);
    for (int c = 0; c < crops.length; c++) {
      assertThat(together[c]).containsExactly(SegmentFeatures.of(s, noise, crops[c][0], crops[c][1]));
    }
  }

  @Test
  void anEmptyRangeIsRefused() {
    Spectrogram s = Spectrogram.of(new float[RATE], Cancellation.NONE);
    NoiseFloor noise = NoiseFloor.track(s, Cancellation.NONE);

    assertThatThrownBy(() -> SegmentFeatures.of(s, noise, 10, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty segment");
  }

  /** The features of 100 frames (1 s) from 0.5 s in. */
  private static float[] features(float[] x) {
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    return SegmentFeatures.of(s, NoiseFloor.track(s, Cancellation.NONE), 50, 150);
  }
}
