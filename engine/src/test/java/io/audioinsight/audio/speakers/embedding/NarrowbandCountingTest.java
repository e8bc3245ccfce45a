package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.ChunkSpan;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.TestWavs;
import io.audioinsight.audio.vad.DspVad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Narrowband speech (an 8 kHz source) is counted with the model's narrowband threshold, wideband speech with the
 * wideband one, on every route: a whole file, and a long job's chunks clustered at the join. The counter under
 * test has a narrowband threshold that merges every window, so the route taken shows in the count.
 */
class NarrowbandCountingTest {

  private static final SpeakerEmbeddingModel MODEL = SpeakerEmbeddingModel.fromClasspath();
  /** The shipped parameters, but a narrowband threshold under which any two clusters merge. */
  private static final CountingParameters MERGE_NARROWBAND = new CountingParameters(MODEL.counting().threshold(),
      MODEL.counting().minFrac(), MODEL.counting().windowS(), MODEL.counting().hopS(), MODEL.counting().clustering(),
      MODEL.counting().mfccResegmentation(), -0.99);
  private static final AudioAnalyzer ANALYZER =
      new AudioAnalyzer(new DspVad(), new EmbeddingSpeakerCounter(MODEL, MERGE_NARROWBAND));
  /** The control: the same counter with the wideband threshold for narrowband speech too. */
  private static final AudioAnalyzer ONE_THRESHOLD = new AudioAnalyzer(new DspVad(), new EmbeddingSpeakerCounter(MODEL,
      new CountingParameters(MODEL.counting().threshold(), MODEL.counting().minFrac(), MODEL.counting().windowS(),
          MODEL.counting().hopS(), MODEL.counting().clustering(), MODEL.counting().mfccResegmentation())));
  private static final AnalysisParams PARAMS = AnalysisParams.defaults(Operation.SPEAKERS, 3_600);
  /** Two real voices taking 8 s turns for 60 s (the pair FileClusteringTest counts as 2). */
  private static final float[] TWO_VOICES = RealVoices.turns(8.0, 60, RealVoices.TUX_RU, RealVoices.TUX_ES);

  @AfterAll
  static void close() {
    MODEL.close();
  }

  @Test
  void twoVoicesSampledAt16kHzAreCountedWithTheWidebandThreshold() {
    assertThat(ANALYZER.analyze(RealVoices.wav(TWO_VOICES), PARAMS, Cancellation.NONE).speakers().speakerCount())
        .isEqualTo(2);
  }

  @Test
  void theSameVoicesSampledAt8kHzAreCountedWithTheNarrowbandThreshold() {
    byte[] telephone = TestWavs.pcm16(8_000, halfRate(TWO_VOICES));
    assertThat(ANALYZER.analyze(telephone, PARAMS, Cancellation.NONE).speakers().speakerCount()).isEqualTo(1);
    // the control: with the wideband threshold this pair stays two voices at 8 kHz, so the 1 above is the band's
    assertThat(ONE_THRESHOLD.analyze(telephone, PARAMS, Cancellation.NONE).speakers().speakerCount()).isEqualTo(2);
  }

  @Test
  void aLongJobsChunksOfNarrowbandSpeechAreClusteredWithTheNarrowbandThresholdAtTheJoin() {
    assertThat(inChunks(TWO_VOICES, 16_000).speakerCount()).as("wideband chunks").isEqualTo(2);
    assertThat(inChunks(halfRate(TWO_VOICES), 8_000).speakerCount()).as("narrowband chunks").isEqualTo(1);
    assertThat(inChunks(ONE_THRESHOLD, halfRate(TWO_VOICES), 8_000).speakerCount()).as("the control").isEqualTo(2);
  }

  @Test
  void aJobCountedAtTheJoinFromItsChunksSpeechFramesUsesTheNarrowbandThresholdForNarrowbandSpeech() {
    assertThat(atTheJoin(ANALYZER, TWO_VOICES, 16_000).speakerCount()).as("wideband").isEqualTo(2);
    assertThat(atTheJoin(ANALYZER, halfRate(TWO_VOICES), 8_000).speakerCount()).as("narrowband").isEqualTo(1);
    assertThat(atTheJoin(ONE_THRESHOLD, halfRate(TWO_VOICES), 8_000).speakerCount()).as("the control").isEqualTo(2);
  }

  @Test
  void theShippedModelHasANarrowbandThresholdCalibratedAboveItsWidebandOne() {
    // band-limited voices sound more alike to the embedding, so they must be more alike still to merge
    assertThat(MODEL.counting().narrowbandThreshold()).isGreaterThan(MODEL.counting().threshold());
  }

  /** 20 s chunks, each an own WAV at {@code rate}, analysed one by one and clustered together (a job's path). */
  private static io.audioinsight.audio.SpeakerResult inChunks(float[] samples, int rate) {
    return inChunks(ANALYZER, samples, rate);
  }

  private static io.audioinsight.audio.SpeakerResult inChunks(AudioAnalyzer analyzer, float[] samples, int rate) {
    int per = 20 * rate;
    List<ChunkEmbeddings> parts = new ArrayList<>();
    List<Long> firsts = new ArrayList<>();
    for (int from = 0; from < samples.length; from += per) {
      float[] chunk = Arrays.copyOfRange(samples, from, Math.min(samples.length, from + per));
      ChunkAnalysis a = analyzer.analyzeChunk(TestWavs.pcm16(rate, chunk), PARAMS, false, Cancellation.NONE);
      parts.add(a.embeddings());
      firsts.add(Math.round(from * 100.0 / rate));
    }
    return analyzer.speakersAcross(parts, firsts.stream().mapToLong(Long::longValue).toArray(), SpeakerHints.NONE,
        Cancellation.NONE);
  }

  /**
   * A job of at most 15 minutes: 20 s chunks that keep only their speech frames ({@code ChunkSpan} without
   * embedding), the speakers counted at the join over the whole file's speech read back from the chunks.
   */
  private static io.audioinsight.audio.SpeakerResult atTheJoin(AudioAnalyzer analyzer, float[] samples, int rate) {
    int per = 20 * rate;
    List<ChunkEmbeddings> parts = new ArrayList<>();
    List<Long> firsts = new ArrayList<>();
    List<float[]> decoded = new ArrayList<>();
    for (int from = 0; from < samples.length; from += per) {
      float[] chunk = Arrays.copyOfRange(samples, from, Math.min(samples.length, from + per));
      byte[] wav = TestWavs.pcm16(rate, chunk);
      ChunkAnalysis a = analyzer.analyzeChunk(wav, PARAMS,
          new ChunkSpan(0, chunk.length / (double) rate, false, Double.NaN), Cancellation.NONE);
      parts.add(a.embeddings());
      firsts.add(Math.round(from * 100.0 / rate));
      decoded.add(AudioDecoder.decode(wav, 60, Cancellation.NONE).samples());
    }
    return analyzer.speakersAcross(parts, firsts.stream().mapToLong(Long::longValue).toArray(), SpeakerHints.NONE,
        decoded::get, Cancellation.NONE);
  }

  /** 16 kHz samples at 8 kHz: neighbouring pairs averaged (a crude low-pass; the decoder's resampler does the rest). */
  private static float[] halfRate(float[] x) {
    float[] out = new float[x.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = 0.5f * (x[2 * i] + x[2 * i + 1]);
    }
    return out;
  }
}
