package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.Spectrogram;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoiceResegmentationTest {

  /** Two synthetic voices taking 3 s turns: the speech frames, their joined samples and each frame's true voice. */
  private record Turns(float[] speech, int[] frames, int[] truth) {}

  private static Turns turns(long seed) {
    Random rng = new Random(seed);
    int[] order = {0, 1, 0, 1, 0, 1};
    SyntheticVoice[] voices = {SyntheticVoice.LOW, SyntheticVoice.HIGH};
    float[] x = new float[(int) ((order.length * 3.8 + 1.0) * SyntheticVoice.RATE)];
    int[] voiceAt = new int[x.length];
    Arrays.fill(voiceAt, -1);
    int at = SyntheticVoice.RATE / 2;
    for (int v : order) {
      int end = voices[v].speak(x, at, 3.0, 0.9 + 0.2 * rng.nextDouble(), 1.0, rng);
      Arrays.fill(voiceAt, at, end, v);
      at = end + (int) (0.5 * SyntheticVoice.RATE);
    }
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (1e-4 * rng.nextGaussian());
    }
    Spectrogram spec = Spectrogram.of(x, Cancellation.NONE);
    boolean[] mask = EnergySpeechMask.of(spec);
    int n = 0;
    for (int f = 0; f < spec.frames(); f++) {
      if (mask[f] && voiceAt[Math.min(x.length - 1, f * Spectrogram.HOP + Spectrogram.HOP / 2)] >= 0) {
        n++;
      }
    }
    int[] frames = new int[n];
    int[] truth = new int[n];
    float[] speech = new float[n * Spectrogram.HOP];
    for (int f = 0, j = 0; f < spec.frames(); f++) {
      int centre = Math.min(x.length - 1, f * Spectrogram.HOP + Spectrogram.HOP / 2);
      if (mask[f] && voiceAt[centre] >= 0) {
        frames[j] = f;
        truth[j] = voiceAt[centre];
        System.arraycopy(x, f * Spectrogram.HOP, speech, j * Spectrogram.HOP,
            Math.min(Spectrogram.HOP, x.length - f * Spectrogram.HOP));
        j++;
      }
    }
    return new Turns(speech, frames, truth);
  }

  /** The true labels with each turn's first {@code lag} frames still given to the previous voice. */
  private static int[] late(int[] truth, int lag) {
    int[] out = truth.clone();
    for (int i = 1; i < truth.length; i++) {
      if (truth[i] != truth[i - 1]) {
        for (int j = i; j < Math.min(truth.length, i + lag); j++) {
          out[j] = truth[i - 1];
        }
      }
    }
    return out;
  }

  private static double agreement(int[] labels, int[] truth) {
    int same = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == truth[i]) {
        same++;
      }
    }
    return (double) same / labels.length;
  }

  @Test
  void turnsThatBeginLateAreMovedOntoTheChangeOfVoice() {
    Turns t = turns(1);
    int[] coarse = late(t.truth(), 60); // each turn's first 0.6 s wrongly given to the previous voice
    int[] refined = VoiceResegmentation.refine(t.speech(), t.frames(), coarse, SpeakerHints.NONE, Cancellation.NONE);
    assertThat(agreement(coarse, t.truth())).isLessThan(0.87);
    assertThat(agreement(refined, t.truth())).isGreaterThan(0.97);
  }

  @Test
  void theCountAndTheVoiceNumbersStayTheCallers() {
    Turns t = turns(2);
    int[] swapped = Arrays.stream(late(t.truth(), 40)).map(v -> 1 - v).toArray();
    int[] refined = VoiceResegmentation.refine(t.speech(), t.frames(), swapped, SpeakerHints.NONE, Cancellation.NONE);
    assertThat(refined).hasSameSizeAs(swapped).containsOnly(0, 1).contains(0, 1);
    // voice 0 is still the one the caller called 0 (the true voice 1)
    assertThat(agreement(refined, Arrays.stream(t.truth()).map(v -> 1 - v).toArray())).isGreaterThan(0.97);
  }

  @Test
  void aVoiceTooShortToModelLeavesTheLabelsAsGiven() {
    Turns t = turns(3);
    int[] labels = new int[t.frames().length];
    for (int i = 0; i < 10; i++) {
      labels[i] = 1; // 10 frames: fewer than a model needs
    }
    int[] refined = VoiceResegmentation.refine(t.speech(), t.frames(), labels, SpeakerHints.NONE, Cancellation.NONE);
    assertThat(refined).isEqualTo(labels);
  }

  @Test
  void oneVoiceIsLeftAlone() {
    Turns t = turns(4);
    int[] labels = new int[t.frames().length];
    assertThat(VoiceResegmentation.refine(t.speech(), t.frames(), labels, SpeakerHints.NONE, Cancellation.NONE))
        .isEqualTo(labels);
  }

  @Test
  void withTheCountGivenABetterClassicClusteringReplacesWrongClusters() {
    Turns t = turns(5);
    // clusters that cut the file in two halves in time, each half holding both voices: a wrong start that a
    // decode on its own models cannot fix, since each model has learned both voices
    int[] wrong = new int[t.frames().length];
    Arrays.fill(wrong, wrong.length / 2, wrong.length, 1);
    int[] unhinted = VoiceResegmentation.refine(t.speech(), t.frames(), wrong, SpeakerHints.NONE, Cancellation.NONE);
    int[] hinted = VoiceResegmentation.refine(t.speech(), t.frames(), wrong, new SpeakerHints(2, 0, 0),
        Cancellation.NONE);
    double fixedBest = Math.max(agreement(hinted, t.truth()), 1 - agreement(hinted, t.truth()));
    double unhintedBest = Math.max(agreement(unhinted, t.truth()), 1 - agreement(unhinted, t.truth()));
    assertThat(unhintedBest).isLessThan(0.9);
    assertThat(fixedBest).isGreaterThan(0.97);
  }

  @Test
  void theSameInputGivesTheSameLabels() {
    Turns t = turns(6);
    int[] coarse = late(t.truth(), 50);
    int[] a = VoiceResegmentation.refine(t.speech(), t.frames(), coarse, new SpeakerHints(2, 0, 0), Cancellation.NONE);
    int[] b = VoiceResegmentation.refine(t.speech(), t.frames(), coarse.clone(), new SpeakerHints(2, 0, 0),
        Cancellation.NONE);
    assertThat(a).isEqualTo(b);
  }
}
