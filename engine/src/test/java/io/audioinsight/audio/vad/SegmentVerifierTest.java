package io.audioinsight.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.noise.NoiseFloor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentVerifierTest {

  private static final int RATE = Spectrogram.SAMPLE_RATE;

  @Test
  void theShippedWeightsPassTheirChecksumAndScoreAFeatureVector() {
    double logit = SegmentVerifier.standard().speechLogit(new float[SegmentFeatures.SIZE]);

    assertThat(logit).isFinite();
  }

  @Test
  void weightsThatDoNotFitTheFeaturesAreRefused() {
    String text = "mean\t0\t0\nstd\t1\t1\nhidden0\t1\t1\t0\noutput\t1\t0\n";

    assertThatThrownBy(() -> SegmentVerifier.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
  }

  @Test
  void aShortSegmentIsOneCropAndALongOneIsCoveredByHalfOverlappingSeconds() {
    assertThat(SegmentVerifier.crops(10, 90)).isDeepEqualTo(new int[][] {{10, 90}});
    assertThat(SegmentVerifier.crops(0, 230))
        .isDeepEqualTo(new int[][] {{0, 100}, {50, 150}, {100, 200}, {130, 230}});
  }

  @Test
  void everySegmentOfARealVoiceIsKept() {
    float[] voice = opus("/voices/june.opus");
    float[] x = SyntheticSignals.add(voice, SyntheticSignals.whiteNoise(voice.length, 0.002, 5));
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor noise = NoiseFloor.track(s, Cancellation.NONE);
    List<Segment> segments = segments(s, noise, x.length);

    assertThat(segments).hasSizeGreaterThan(5);
    assertThat(SegmentVerifier.standard().speechOnly(segments, s, noise)).isEqualTo(segments);
  }

  @Test
  void aChimeRepeatingOverHissIsNotSpeech() {
    float[] x = SyntheticSignals.whiteNoise(8 * RATE, 0.001, 6);
    for (double start = 0.5; start < 7.5; start += 1.3) {
      for (int i = 0; i < (int) (0.6 * RATE); i++) {
        double t = i / (double) RATE;
        double decay = Math.exp(-t / 0.2);
        x[(int) (start * RATE) + i] += (float) (0.2 * decay * (Math.sin(2 * Math.PI * 1318 * t)
            + 0.5 * Math.sin(2 * Math.PI * 2637 * t) + 0.3 * Math.sin(2 * Math.PI * 3951 * t)));
      }
    }
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor noise = NoiseFloor.track(s, Cancellation.NONE);
    List<Segment> segments = segments(s, noise, x.length);

    assertThat(segments).as("the DSP VAD takes the chimes for speech").isNotEmpty();
    assertThat(SegmentVerifier.standard().speechOnly(segments, s, noise)).isEmpty();
  }

  private static List<Segment> segments(Spectrogram s, NoiseFloor noise, int samples) {
    float[] p = new DspVad().speechProbabilities(s, noise, samples, 512, Cancellation.NONE);
    return SpeechSegmenter.segment(p, 512, samples, 0.5).segments();
  }

  private static float[] opus(String resource) {
    try (InputStream in = SegmentVerifierTest.class.getResourceAsStream(resource)) {
      return AudioDecoder.decode(in.readAllBytes(), 3_600, Cancellation.NONE).samples();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
