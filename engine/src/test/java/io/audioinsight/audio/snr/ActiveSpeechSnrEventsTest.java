package io.audioinsight.audio.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.noise.NoiseFloor;
import io.audioinsight.audio.vad.FrameGrid;
import io.audioinsight.audio.Segment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Noise that comes and goes (rings, clicks) is part of the noise power; a word's faint tail is not. */
class ActiveSpeechSnrEventsTest {

  private static final int RATE = 16_000;
  private static final double[][] UTTERANCES = {{1.0, 3.0}, {5.0, 7.0}, {9.0, 11.0}};

  private static boolean[] speechFrames(Spectrogram s) {
    List<Segment> segments = new ArrayList<>();
    for (double[] u : UTTERANCES) {
      segments.add(new Segment(u[0], u[1]));
    }
    return FrameGrid.framesInside(segments, s.frames());
  }

  /**
   * Hiss plus 1 kHz beeps of 0.5 s every second, the beeps 20 dB above the hiss: in the pauses and under the
   * speech alike, as noise that has nothing to do with the talker.
   */
  private static float[] hissWithBeeps(int n) {
    float[] x = SyntheticSignals.whiteNoise(n, 0.001, 5);
    for (double at = 0.25; at < 13; at += 1.0) {
      int from = (int) (at * RATE);
      for (int i = 0; i < RATE / 2 && from + i < n; i++) {
        x[from + i] += (float) (0.0141 * Math.sin(2 * Math.PI * 1000 * i / RATE));
      }
    }
    return x;
  }

  @Test
  void beepsInThePausesCountAsNoise() {
    int n = 13 * RATE;
    float[] speech = SyntheticSignals.speechLike(n, UTTERANCES, 4);
    float[] noise = hissWithBeeps(n);
    float[] x = SyntheticSignals.mix(speech, UTTERANCES, noise, 15);
    // the truth: speech power over the utterances against the noise power of the whole file (as mixed); the
    // beeps are some 13 dB below the speech, so they are noise events, not missed words
    double truth = 15.0;
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor floor = NoiseFloor.track(s, Cancellation.NONE);
    ActiveSpeechSnr.Estimate e = ActiveSpeechSnr.estimate(s, floor, speechFrames(s), Cancellation.NONE);
    assertThat(e.snrDb()).isCloseTo(truth, within(2.0));
    assertThat(e.lowDb()).isLessThanOrEqualTo(e.snrDb());
    assertThat(e.highDb()).isGreaterThanOrEqualTo(e.snrDb());
  }

  @Test
  void aWordTheVadMissedInAPauseIsNotCountedAsNoise() {
    int n = 13 * RATE;
    double[][] withWord = {{1.0, 3.0}, {3.8, 4.2}, {5.0, 7.0}, {9.0, 11.0}};
    float[] speech = SyntheticSignals.speechLike(n, withWord, 4);
    float[] x = SyntheticSignals.mix(speech, withWord, SyntheticSignals.whiteNoise(n, 1, 9), 30);
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    // the VAD's segments leave out the word at 3.8-4.2 s
    ActiveSpeechSnr.Estimate e = ActiveSpeechSnr.estimate(s, NoiseFloor.track(s, Cancellation.NONE), speechFrames(s),
        Cancellation.NONE);
    // its rising and falling edges, quieter than the word, still count as noise
    assertThat(e.snrDb()).isCloseTo(30.0, within(3.0));
  }

  @Test
  void aLoudRunJoinedToSpeechIsATailAndOneAfterAQuietFrameIsAnEvent() {
    boolean[] speech = {true, false, false, false, false, false, false};
    boolean[] pause = {false, true, true, true, true, true, true};
    float[] power = {100, 50, 40, 1, 30, 30, 1};
    float[] noise = {1, 1, 1, 1, 1, 1, 1};
    boolean[] tail = ActiveSpeechSnr.speechTails(speech, pause, power, noise);
    assertThat(tail).containsExactly(false, true, true, false, false, false, false);
  }

  @Test
  void theGlobalSnrIsTheActiveSnrLessTheShareOfPauses() {
    int n = 13 * RATE;
    float[] speech = SyntheticSignals.speechLike(n, UTTERANCES, 4);
    float[] x = SyntheticSignals.mix(speech, UTTERANCES, SyntheticSignals.whiteNoise(n, 1, 8), 10);
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    boolean[] frames = speechFrames(s);
    ActiveSpeechSnr.Estimate e = ActiveSpeechSnr.estimate(s, NoiseFloor.track(s, Cancellation.NONE), frames,
        Cancellation.NONE);
    int speechCount = 0;
    for (boolean f : frames) {
      speechCount += f ? 1 : 0;
    }
    assertThat(e.globalSnrDb()).isCloseTo(e.snrDb() + 10 * Math.log10((double) speechCount / frames.length),
        within(0.01));
  }
}
