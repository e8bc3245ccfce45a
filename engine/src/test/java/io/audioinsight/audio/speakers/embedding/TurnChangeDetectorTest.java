package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped turn-change detector on recordings of real people it never trained on ({@link RealVoices}). */
class TurnChangeDetectorTest {

  private static final double LEVEL = 0.85;
  private static SpeakerEmbeddingModel model;

  @BeforeAll
  static void load() {
    model = SpeakerEmbeddingModel.fromClasspath();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void theShippedModelComesWithTheDetectorAndItsCalibratedLevel() {
    assertThat(model.turnChanges()).isNotNull();
    assertThat(model.counting().turnChangeLevel()).isEqualTo(LEVEL);
  }

  @Test
  void theChangeProbabilityIsSeveralTimesHigherAtAChangeOfVoiceThanElsewhere() {
    // two wideband narrators taking 3 s turns, pauses removed as the VAD removes them (the engine does not run the
    // detector on telephone-band speech); the probability within 0.2 s of a change against the rest
    float[][] voices = {speechOnly(RealVoices.samples(RealVoices.TUX_RU)),
        speechOnly(RealVoices.samples(RealVoices.TUX_ES))};
    int turn = 3 * 16_000;
    int turns = 8;
    float[] speech = new float[turns * turn];
    for (int t = 0; t < turns; t++) {
      System.arraycopy(voices[t % 2], (t / 2) * turn, speech, t * turn, turn);
    }
    float[] p = model.turnChanges().probabilities(speech, Cancellation.NONE);
    double near = 0;
    double elsewhere = 0;
    int nearFrames = 0;
    for (int f = 0; f < p.length; f++) {
      int centre = 160 * f + 200;
      int fromChange = Math.min(centre % turn, turn - centre % turn);
      boolean atChange = centre > turn / 2 && centre < speech.length - turn / 2 && fromChange <= 3_200;
      if (atChange) {
        near += p[f];
        nearFrames++;
      } else {
        elsewhere += p[f];
      }
    }
    double nearMean = near / nearFrames;
    double elsewhereMean = elsewhere / (p.length - nearFrames);
    assertThat(nearMean).as("near %.3f, elsewhere %.3f", nearMean, elsewhereMean).isGreaterThan(3 * elsewhereMean);
  }

  /** The 10 ms frames of {@code samples} within 35 dB of the loudest, joined: speech without its pauses. */
  private static float[] speechOnly(float[] samples) {
    int frames = samples.length / 160;
    double[] energy = new double[frames];
    double loudest = 0;
    for (int f = 0; f < frames; f++) {
      for (int i = 0; i < 160; i++) {
        energy[f] += samples[f * 160 + i] * samples[f * 160 + i];
      }
      loudest = Math.max(loudest, energy[f]);
    }
    float[] out = new float[samples.length];
    int n = 0;
    for (int f = 0; f < frames; f++) {
      if (energy[f] > loudest * Math.pow(10, -3.5)) {
        System.arraycopy(samples, f * 160, out, n, 160);
        n += 160;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  @Test
  void probabilitiesHaveOneValuePerFrameAndNoneUnderOneFrame() {
    TurnChangeDetector detector = model.turnChanges();
    assertThat(detector.probabilities(new float[399], Cancellation.NONE)).isEmpty();
    assertThat(detector.cuts(new float[399], LEVEL, Cancellation.NONE)).isEmpty();
    assertThat(detector.probabilities(new float[16_000], Cancellation.NONE)).hasSize(1 + (16_000 - 400) / 160);
    float[] p = detector.probabilities(RealVoices.samples(RealVoices.CARLO), Cancellation.NONE);
    for (float v : p) {
      assertThat(v).isBetween(0f, 1f);
    }
  }

  @Test
  void longSpeechRunsInBlocksAndEveryFrameGetsAProbability() {
    float[] speech = RealVoices.turns(3, 50, RealVoices.JUNE, RealVoices.CARLO); // 50 s: three blocks
    float[] p = model.turnChanges().probabilities(speech, Cancellation.NONE);
    assertThat(p).hasSize(1 + (speech.length - 400) / 160);
    int last = TurnChangeDetector.BLOCK / 160; // the first frame of the second block
    assertThat(p[last - 1] + p[last] + p[p.length - 1]).isGreaterThan(0f);
  }

  @Test
  void cutsAreTheSameAcrossRunsAndEightThreadsAtOnce() throws Exception {
    float[] speech = RealVoices.turns(2, 30, RealVoices.JUNE, RealVoices.TUX_RU, RealVoices.CARLO);
    int[] first = model.turnChanges().cuts(speech, LEVEL, Cancellation.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<int[]>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> model.turnChanges().cuts(speech, LEVEL, Cancellation.NONE)));
      }
      for (Future<int[]> run : runs) {
        assertThat(run.get()).containsExactly(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
