package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.speakers.VoiceSeparability.PairScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoiceSeparabilityTest {

  /** Turns of 3 s with 0.5 s pauses; voices[t] speaks turn t at pitch factor pitch[t]. */
  private static List<PairScore> score(SyntheticVoice[] voices, int[] speakers, double[] pitch) {
    Random rng = new Random(5);
    int rate = SyntheticVoice.RATE;
    float[] x = new float[(int) ((voices.length * 3.5 + 1.0) * rate)];
    List<SpeakerSegment> turns = new ArrayList<>();
    int at = rate / 2;
    for (int t = 0; t < voices.length; t++) {
      int end = voices[t].speak(x, at, 3.0, pitch[t], 1.0, rng);
      turns.add(new SpeakerSegment((double) at / rate, (double) end / rate, speakers[t]));
      at = end + rate / 2;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (1e-4 * rng.nextGaussian());
    }
    Spectrogram spec = Spectrogram.of(x, Cancellation.NONE);
    return VoiceSeparability.score(spec, EnergySpeechMask.of(spec), turns, Cancellation.NONE);
  }

  @Test
  void twoDifferentVoicesGiveOneDifferentVoicePairThatTheStoppingRuleKeepsApart() {
    SyntheticVoice low = SyntheticVoice.LOW;
    SyntheticVoice high = SyntheticVoice.HIGH;
    List<PairScore> scores = score(
        new SyntheticVoice[] {low, high, low, high}, new int[] {1, 2, 1, 2}, new double[] {1, 1, 1, 1});
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0).sameVoice()).isFalse();
    assertThat(scores.get(0).deltaBic()).isPositive();
    assertThat(scores.get(0).frames()).isGreaterThan(300);
  }

  @Test
  void oneVoiceAtChangingPitchGivesOneSameVoicePairThatTheStoppingRuleMerges() {
    SyntheticVoice v = SyntheticVoice.MID;
    List<PairScore> scores = score(
        new SyntheticVoice[] {v, v, v, v}, new int[] {1, 1, 1, 1}, new double[] {0.85, 1.15, 1.0, 0.9});
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0).sameVoice()).isTrue();
    assertThat(scores.get(0).deltaBic()).isNegative();
  }

  @Test
  void threeVoicesGiveThreePairs() {
    SyntheticVoice[] v = {SyntheticVoice.LOW, SyntheticVoice.HIGH, SyntheticVoice.MID};
    List<PairScore> scores = score(v, new int[] {1, 2, 3}, new double[] {1, 1, 1});
    assertThat(scores).hasSize(3).noneMatch(PairScore::sameVoice);
  }

  @Test
  void noTurnsOrNoSpeechGiveNoScores() {
    Spectrogram spec = Spectrogram.of(new float[SyntheticVoice.RATE], Cancellation.NONE);
    assertThat(VoiceSeparability.score(spec, new boolean[spec.frames()],
        List.of(new SpeakerSegment(0, 1, 1)), Cancellation.NONE)).isEmpty();
    boolean[] all = new boolean[spec.frames()];
    java.util.Arrays.fill(all, true);
    assertThat(VoiceSeparability.score(spec, all, List.of(), Cancellation.NONE)).isEmpty();
  }
}
