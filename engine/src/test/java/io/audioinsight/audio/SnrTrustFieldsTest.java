package io.audioinsight.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.decode.TestWavs;
import io.audioinsight.audio.vad.DspVad;
import org.junit.jupiter.api.Test;

/** The fields that say how far to trust snr_db: interval, confidence, active speech level, clipping. */
class SnrTrustFieldsTest {

  private final AudioAnalyzer analyzer = new AudioAnalyzer(new DspVad());

  private SnrResult snr(float[] x) {
    AnalysisParams params = new AnalysisParams(Operation.SNR, 512, 0.5, 600);
    return analyzer.analyze(TestWavs.pcm16(16_000, x), params, Cancellation.NONE).snr();
  }

  @Test
  void speechInSteadyNoiseHasANarrowIntervalAroundTheEstimateAndHighOrMediumConfidence() {
    SnrResult r = snr(TestAudio.speechInWhiteNoise(15, 31));
    assertThat(r.snrIntervalDb().low()).isLessThanOrEqualTo(r.snrDb());
    assertThat(r.snrIntervalDb().high()).isGreaterThanOrEqualTo(r.snrDb());
    assertThat(r.snrIntervalDb().low()).isLessThanOrEqualTo(15.0);
    assertThat(r.snrIntervalDb().high()).isGreaterThanOrEqualTo(15.0);
    assertThat(r.snrConfidence()).isIn("high", "medium");
    assertThat(r.clippingRatio()).isZero();
  }

  @Test
  void theActiveSpeechLevelFollowsTheGain() {
    float[] x = TestAudio.speechInWhiteNoise(20, 32);
    float[] quieter = x.clone();
    for (int i = 0; i < quieter.length; i++) {
      quieter[i] *= 0.1f;
    }
    assertThat(snr(quieter).activeSpeechLevelDbfs()).isCloseTo(snr(x).activeSpeechLevelDbfs() - 20, within(0.1));
    assertThat(snr(x).activeSpeechLevelDbfs()).isBetween(-40.0, 0.0);
  }

  @Test
  void aLoudRecordingCutAtFullScaleReportsItsClippedShare() {
    float[] x = TestAudio.speechInWhiteNoise(20, 33);
    int clipped = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] *= 4; // the speech peaks at 0.5 full scale: driven 6 dB past it
      if (Math.abs(x[i]) >= 1) {
        x[i] = Math.signum(x[i]);
        clipped++;
      }
    }
    assertThat(clipped).isPositive();
    assertThat(snr(x).clippingRatio()).isCloseTo((double) clipped / x.length, within(1e-6));
  }

  @Test
  void withoutSpeechTheTrustFieldsAreNullButClippingIsStillMeasured() {
    SnrResult r = snr(new float[5 * 16_000]);
    assertThat(r.snrDb()).isNull();
    assertThat(r.snrConfidence()).isNull();
    assertThat(r.snrIntervalDb()).isNull();
    assertThat(r.activeSpeechLevelDbfs()).isNull();
    assertThat(r.clippingRatio()).isZero();
  }
}
