package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.Spectrogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpeakerCounterTest {

  private final SpeakerCounter counter = new SpeakerCounter();

  /** Voices taking turns: who speaks in each turn, and the turns' [start, end) in samples. */
  private record Conversation(float[] samples, int[] speakers, int[][] turns) {}

  private static Conversation conversation(SyntheticVoice[] voices, int[] order, double turnSeconds, long seed) {
    Random rng = new Random(seed);
    float[] x = new float[(int) ((order.length * (turnSeconds + 0.8) + 1.0) * SyntheticVoice.RATE)];
    int at = SyntheticVoice.RATE / 2;
    int[][] turns = new int[order.length][];
    for (int t = 0; t < order.length; t++) {
      double pitch = 0.85 + 0.3 * rng.nextDouble();
      double gain = Math.pow(10, (rng.nextDouble() - 0.5) * 8 / 20);
      int end = voices[order[t]].speak(x, at, turnSeconds, pitch, gain, rng);
      turns[t] = new int[] {at, end};
      at = end + (int) ((0.3 + 0.4 * rng.nextDouble()) * SyntheticVoice.RATE);
    }
    addNoise(x, 1e-4, rng);
    return new Conversation(x, order, turns);
  }

  private static void addNoise(float[] x, double rms, Random rng) {
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (rms * rng.nextGaussian());
    }
  }

  private SpeakerResult count(float[] samples) {
    Spectrogram spec = Spectrogram.of(samples, Cancellation.NONE);
    return counter.count(spec, EnergySpeechMask.of(spec), Cancellation.NONE);
  }

  @Test
  void twoDifferentVoicesTakingTurnsCountAsTwo() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH}, new int[] {0, 1, 0, 1, 0, 1}, 4.0, 1);
    SpeakerResult r = count(c.samples());
    assertThat(r.speakerCount()).isEqualTo(2);
  }

  @Test
  void twoVoicesTakingTurnsAreSegmentedIntoTheirTurns() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH}, new int[] {0, 1, 0, 1, 0, 1}, 4.0, 2);
    SpeakerResult r = count(c.samples());
    // speaker labels follow first appearance, so voice 0 is speaker 1 and voice 1 is speaker 2
    assertThat(r.speakerSegments()).isNotEmpty();
    assertThat(r.speakerSegments().get(0).speaker()).isEqualTo(1);
    double agree = 0;
    double total = 0;
    for (SpeakerSegment s : r.speakerSegments()) {
      for (double t = s.start(); t < s.end(); t += 0.01) {
        int truth = truthAt(c, t);
        if (truth >= 0) {
          total++;
          if (truth + 1 == s.speaker()) {
            agree++;
          }
        }
      }
    }
    assertThat(agree / total).isGreaterThan(0.9);
  }

  @Test
  void threeDifferentVoicesCountAsThree() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH, SyntheticVoice.MID},
        new int[] {0, 1, 2, 0, 1, 2, 1, 0},
        3.5,
        3);
    assertThat(count(c.samples()).speakerCount()).isEqualTo(3);
  }

  @Test
  void oneVoiceForSixtySecondsCountsAsOne() {
    Random rng = new Random(4);
    float[] x = new float[60 * SyntheticVoice.RATE];
    int at = 0;
    while (at < x.length - SyntheticVoice.RATE) {
      at = SyntheticVoice.LOW.speak(x, at, 5.0, 1.0, 1.0, rng) + SyntheticVoice.RATE / 3;
    }
    addNoise(x, 1e-4, rng);
    SpeakerResult r = count(x);
    assertThat(r.speakerCount()).isEqualTo(1);
    assertThat(r.speakerSegments()).allSatisfy(s -> assertThat(s.speaker()).isEqualTo(1));
  }

  @Test
  void hintsBoundTheClassicCount() {
    Conversation three = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH, SyntheticVoice.MID},
        new int[] {0, 1, 2, 0, 1, 2, 1, 0}, 3.5, 3);
    Spectrogram spec = Spectrogram.of(three.samples(), Cancellation.NONE);
    boolean[] mask = EnergySpeechMask.of(spec);
    assertThat(counter.count(spec, mask, new SpeakerHints(0, 0, 2), Cancellation.NONE).speakerCount()).isEqualTo(2);
    assertThat(counter.count(spec, mask, new SpeakerHints(1, 0, 0), Cancellation.NONE).speakerCount()).isEqualTo(1);
    assertThat(counter.count(spec, mask, new SpeakerHints(0, 4, 0), Cancellation.NONE).speakerCount()).isEqualTo(4);
    SpeakerResult r = counter.count(spec, mask, new SpeakerHints(0, 4, 0), Cancellation.NONE);
    assertThat(r.speakingTime()).hasSize(4);
    assertThat(r.speakerEngine()).isEqualTo("classic");
  }

  @Test
  void oneVoiceChangingPitchAndLoudnessStillCountsAsOne() {
    Random rng = new Random(5);
    float[] x = new float[50 * SyntheticVoice.RATE];
    double[] pitch = {0.8, 1.0, 1.25, 0.9, 1.15};
    double[] gainDb = {-10, 0, 8, -4, 4};
    int at = SyntheticVoice.RATE / 2;
    for (int p = 0; p < 2 * pitch.length; p++) {
      int k = p % pitch.length;
      at = SyntheticVoice.HIGH.speak(x, at, 4.0, pitch[k], Math.pow(10, gainDb[k] / 20), rng) + SyntheticVoice.RATE / 2;
    }
    addNoise(x, 1e-4, rng);
    assertThat(count(x).speakerCount()).isEqualTo(1);
  }

  @Test
  void noSpeechFramesMeanNoSpeakers() {
    float[] x = new float[10 * SyntheticVoice.RATE];
    addNoise(x, 0.01, new Random(6));
    Spectrogram spec = Spectrogram.of(x, Cancellation.NONE);
    SpeakerResult r = counter.count(spec, new boolean[spec.frames()], Cancellation.NONE);
    assertThat(r.speakerCount()).isZero();
    assertThat(r.speakerSegments()).isEmpty();
  }

  @Test
  void noiseOnlyAndDigitalSilenceGiveZero() {
    float[] noise = new float[10 * SyntheticVoice.RATE];
    addNoise(noise, 0.01, new Random(7));
    assertThat(count(noise).speakerCount()).isZero();
    assertThat(count(new float[10 * SyntheticVoice.RATE]).speakerCount()).isZero();
  }

  @Test
  void lessThanHalfASecondOfSpeechIsNoSpeaker() {
    float[] x = new float[5 * SyntheticVoice.RATE];
    SyntheticVoice.LOW.speak(x, SyntheticVoice.RATE, 0.3, 1.0, 1.0, new Random(8));
    Spectrogram spec = Spectrogram.of(x, Cancellation.NONE);
    boolean[] speech = new boolean[spec.frames()];
    Arrays.fill(speech, 100, 140, true); // 0.4 s
    assertThat(counter.count(spec, speech, Cancellation.NONE).speakerCount()).isZero();
  }

  @Test
  void noSegmentIsShorterThanATurnUnlessItStandsAloneBetweenPauses() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH, SyntheticVoice.MID},
        new int[] {0, 1, 2, 0, 1, 2}, 3.0, 11);
    List<SpeakerSegment> segments = count(c.samples()).speakerSegments();
    for (int i = 0; i < segments.size(); i++) {
      SpeakerSegment s = segments.get(i);
      boolean touchesNeighbour = (i > 0 && s.start() - segments.get(i - 1).end() < 0.25)
          || (i + 1 < segments.size() && segments.get(i + 1).start() - s.end() < 0.25);
      if (touchesNeighbour) {
        assertThat(s.end() - s.start()).as("segment %s", s).isGreaterThanOrEqualTo(0.25 - 1e-9);
      }
    }
  }

  @Test
  void segmentsAreOrderedDisjointAndInsideTheSpeech() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH}, new int[] {1, 0, 1, 0}, 3.0, 9);
    SpeakerResult r = count(c.samples());
    double duration = c.samples().length / (double) SyntheticVoice.RATE;
    double prevEnd = 0;
    int maxSeen = 0;
    for (SpeakerSegment s : r.speakerSegments()) {
      assertThat(s.start()).isGreaterThanOrEqualTo(prevEnd);
      assertThat(s.end()).isGreaterThan(s.start()).isLessThanOrEqualTo(duration + 0.01);
      assertThat(s.speaker()).isBetween(1, maxSeen + 1); // numbered by first appearance
      maxSeen = Math.max(maxSeen, s.speaker());
      prevEnd = s.end();
    }
    assertThat(maxSeen).isEqualTo(r.speakerCount());
  }

  @Test
  void sameInputGivesSameResultAcrossRunsAndEightThreads() throws Exception {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH, SyntheticVoice.MID},
        new int[] {0, 1, 2, 1, 0},
        3.0,
        10);
    Spectrogram spec = Spectrogram.of(c.samples(), Cancellation.NONE);
    boolean[] speech = EnergySpeechMask.of(spec);
    SpeakerResult first = counter.count(spec, speech, Cancellation.NONE);
    assertThat(counter.count(spec, speech, Cancellation.NONE)).isEqualTo(first);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<SpeakerResult>> runs = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        runs.add(pool.submit(() -> counter.count(spec, speech, Cancellation.NONE)));
      }
      for (Future<SpeakerResult> f : runs) {
        assertThat(f.get()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void cancellationStopsTheCount() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH}, new int[] {0, 1, 0, 1}, 3.0, 11);
    Spectrogram spec = Spectrogram.of(c.samples(), Cancellation.NONE);
    boolean[] speech = EnergySpeechMask.of(spec);
    assertThatThrownBy(() -> counter.count(spec, speech, () -> true))
        .isInstanceOf(AnalysisCancelledException.class);
    // cancelled part-way: after the first few checks
    AtomicInteger checks = new AtomicInteger();
    assertThatThrownBy(() -> counter.count(spec, speech, () -> checks.incrementAndGet() > 3))
        .isInstanceOf(AnalysisCancelledException.class);
    assertThat(checks.get()).isEqualTo(4);
  }

  @Test
  void speechMaskShorterThanTheSpectrogramIsReadAsNonSpeechBeyondItsEnd() {
    Conversation c = conversation(
        new SyntheticVoice[] {SyntheticVoice.LOW, SyntheticVoice.HIGH}, new int[] {0, 1}, 3.0, 12);
    Spectrogram spec = Spectrogram.of(c.samples(), Cancellation.NONE);
    boolean[] speech = Arrays.copyOf(EnergySpeechMask.of(spec), c.turns()[1][0] / Spectrogram.HOP);
    SpeakerResult r = counter.count(spec, speech, Cancellation.NONE);
    assertThat(r.speakerCount()).isEqualTo(1);
    assertThat(r.speakerSegments()).allSatisfy(
        s -> assertThat(s.end()).isLessThanOrEqualTo(speech.length * Spectrogram.FRAME_SECONDS + 1e-9));
  }

  private static int truthAt(Conversation c, double seconds) {
    int sample = (int) (seconds * SyntheticVoice.RATE);
    for (int t = 0; t < c.turns().length; t++) {
      if (sample >= c.turns()[t][0] && sample < c.turns()[t][1]) {
        return c.speakers()[t];
      }
    }
    return -1;
  }
}
