package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.vad.DspVad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The speakers of a file analysed in chunks ({@link AudioAnalyzer#analyzeChunk}, then
 * {@link AudioAnalyzer#speakersAcross}) against the same file analysed in one piece, on real voices.
 */
class FileClusteringTest {

  private static final SpeakerEmbeddingModel MODEL = SpeakerEmbeddingModel.fromClasspath();
  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer(new DspVad(), new EmbeddingSpeakerCounter(MODEL));
  private static final AnalysisParams PARAMS = AnalysisParams.defaults(Operation.SPEAKERS, 3_600);
  private static final int RATE = RealVoices.RATE;
  /**
   * Two narrators taking 8 s turns for 60 s. This pair of readers sits near the threshold: with run 3's weights
   * and 4 s turns the synchronous answer itself turned from 2 to 3 when the audio started a quarter second later
   * (the windows fall elsewhere), and with run 5's the chunked answer did so at 6 s turns. Over the real-voice
   * corpus the whole and the 20 s-chunked counts agree in about three of four multi-voice files with either model
   * (docs/BENCHMARKS.md, issue 16), so this test holds one clear case, not every file.
   */
  private static final float[] TWO_VOICES = RealVoices.turns(8.0, 60, RealVoices.TUX_RU, RealVoices.TUX_ES);

  @AfterAll
  static void close() {
    MODEL.close();
  }

  /** The samples cut into chunks of {@code seconds}, analysed one by one and clustered together. */
  private static SpeakerResult inChunks(float[] samples, double seconds, SpeakerHints hints) {
    int per = (int) Math.round(seconds * RATE);
    List<ChunkEmbeddings> parts = new ArrayList<>();
    List<Long> firsts = new ArrayList<>();
    for (int from = 0; from < samples.length; from += per) {
      float[] chunk = Arrays.copyOfRange(samples, from, Math.min(samples.length, from + per));
      ChunkAnalysis a = ANALYZER.analyzeChunk(RealVoices.wav(chunk), PARAMS.withSpeakerHints(hints), false,
          Cancellation.NONE);
      assertThat(a.result().speakers()).as("a chunk of several leaves the counting to the end").isNull();
      parts.add(a.embeddings());
      firsts.add(Math.round(from / 160.0));
    }
    return ANALYZER.speakersAcross(parts, firsts.stream().mapToLong(Long::longValue).toArray(), hints,
        Cancellation.NONE);
  }

  private static SpeakerResult whole(float[] samples, SpeakerHints hints) {
    return ANALYZER.analyze(RealVoices.wav(samples), PARAMS.withSpeakerHints(hints), Cancellation.NONE).speakers();
  }

  /** Speaker of each 10 ms frame, 0 outside every segment. */
  private static int[] labels(SpeakerResult r, double seconds) {
    int[] out = new int[(int) Math.round(seconds * 100)];
    for (SpeakerSegment s : r.speakerSegments()) {
      for (int f = (int) Math.round(s.start() * 100); f < Math.min(out.length, Math.round(s.end() * 100)); f++) {
        out[f] = s.speaker();
      }
    }
    return out;
  }

  @Test
  void threeChunksOfTwentySecondsGiveTheCountAndLabelsOfTheWholeFile() {
    SpeakerResult one = whole(TWO_VOICES, SpeakerHints.NONE);
    SpeakerResult chunked = inChunks(TWO_VOICES, 20, SpeakerHints.NONE);
    assertThat(one.speakerCount()).isEqualTo(2);
    assertThat(chunked.speakerCount()).isEqualTo(one.speakerCount());
    int[] a = labels(one, 60);
    int[] b = labels(chunked, 60);
    int both = 0;
    int same = 0;
    for (int f = 0; f < a.length; f++) {
      if (a[f] > 0 && b[f] > 0) {
        both++;
        same += a[f] == b[f] ? 1 : 0;
      }
    }
    // labels are numbered by first appearance in both, so they agree without any relabelling. Not every frame: the
    // windows fall elsewhere (each chunk's start at 0 of its own speech), and the chunked turns are placed to half
    // a hop (no boundary refinement), the whole file's to a quarter second. Measured: 89.5 %.
    assertThat(same).as("frames with the same speaker of %d", both).isGreaterThan((int) (0.85 * both));
    assertThat(chunked.speakingTime()).hasSize(2);
  }

  @Test
  void aChunkThatIsTheWholeFileAnswersAsTheWholeFile() {
    ChunkAnalysis a = ANALYZER.analyzeChunk(RealVoices.wav(TWO_VOICES), PARAMS, true, Cancellation.NONE);
    assertThat(a.result().speakers()).isEqualTo(whole(TWO_VOICES, SpeakerHints.NONE));
  }

  @Test
  void theHintsApplyToTheClusteringOfTheWholeFile() {
    assertThat(inChunks(TWO_VOICES, 20, new SpeakerHints(3, 0, 0)).speakerCount()).isEqualTo(3);
    assertThat(inChunks(TWO_VOICES, 20, new SpeakerHints(0, 0, 1)).speakerCount()).isEqualTo(1);
    assertThat(inChunks(TWO_VOICES, 20, new SpeakerHints(0, 4, 6)).speakerCount()).isEqualTo(4);
  }

  @Test
  void aChunkWithTooLittleSpeechToEmbedTakesTheVoiceOfTheWindowBeforeIt() {
    // the 60 s of turns, then 20 s of silence but for 0.45 s of one voice: too little for a window of its own
    float[] tail = new float[20 * RATE];
    System.arraycopy(RealVoices.samples(RealVoices.TUX_ES), 2 * RATE, tail, 10 * RATE, (int) (0.45 * RATE));
    SpeakerResult withTail = inChunks(RealVoices.concat(TWO_VOICES, tail), 20, SpeakerHints.NONE);
    SpeakerResult without = inChunks(TWO_VOICES, 20, SpeakerHints.NONE);
    assertThat(withTail.speakerCount()).isEqualTo(without.speakerCount());
    List<SpeakerSegment> before = withTail.speakerSegments().stream().filter(x -> x.start() < 60).toList();
    List<SpeakerSegment> after = withTail.speakerSegments().stream().filter(x -> x.start() >= 60).toList();
    assertThat(before).isEqualTo(without.speakerSegments());
    assertThat(after).as("the short speech in the last chunk is heard").isNotEmpty();
    int lastVoice = without.speakerSegments().get(without.speakerSegments().size() - 1).speaker();
    assertThat(after).allSatisfy(x -> assertThat(x.speaker()).isEqualTo(lastVoice));
  }

  @Test
  void moreWindowsThanTheCapAreSubClusteredPerChunkAndKeepVoicesWhoseTurnsAreShorterThanAnyFixedGroup() {
    subClusteredThreeVoices(MODEL.counting()); // the shipped rule
  }

  @Test
  void pastTheCapTheAhcRuleKeepsTheThreeVoices() {
    subClusteredThreeVoices(MODEL.counting().withClustering(ClusteringRule.AHC));
  }

  @Test
  void pastTheCapTheSpectralRuleKeepsTheThreeVoices() {
    subClusteredThreeVoices(MODEL.counting().withClustering(ClusteringRule.SPECTRAL));
  }

  private static void subClusteredThreeVoices(CountingParameters counting) {
    // 6 chunks of 800 synthetic windows (4800, four times MAX_WINDOWS), three voices taking turns of 3 windows
    // (2.25 s): runs of 4 neighbouring windows would mix voices and blur them into one
    SplittableRandom random = new SplittableRandom(7);
    int dim = 32;
    float[][] voice = new float[3][dim]; // three orthogonal voices: far apart, as distinct voices are
    for (int v = 0; v < 3; v++) {
      voice[v][v] = 1;
    }
    List<ChunkEmbeddings> chunks = new ArrayList<>();
    int perChunk = 800;
    int[] truth = new int[6 * perChunk];
    for (int c = 0; c < 6; c++) {
      Windows windows = Windows.over(counting.windowSamples() + (perChunk - 1) * counting.hopSamples(), counting);
      float[][] e = new float[perChunk][];
      for (int w = 0; w < perChunk; w++) {
        truth[c * perChunk + w] = ((c * perChunk + w) / 3) % 3;
        e[w] = noisy(voice[truth[c * perChunk + w]], random);
      }
      int[] frames = new int[windows.speechLength() / 160];
      for (int f = 0; f < frames.length; f++) {
        frames[f] = f;
      }
      chunks.add(new ChunkEmbeddings(frames, windows, e));
    }
    long span = chunks.get(0).speechFrames.length;
    long[] firsts = new long[6];
    for (int c = 0; c < 6; c++) {
      firsts[c] = c * span;
    }
    SpeakerResult r = FileClustering.cluster(chunks, firsts, counting, SpeakerHints.NONE, "embedding",
        Cancellation.NONE);
    assertThat(r.speakerCount()).isEqualTo(3);
    double total = 6 * span / 100.0;
    assertThat(r.speakingTime()).allSatisfy(t -> assertThat(t.seconds()).isBetween(0.3 * total, 0.37 * total));
    assertThat(inChunksOfSynthetic(r)).isGreaterThan(0);
    // the chunks' trees built ahead, in the chunks' own tasks as EmbeddingSpeakerCounter.embed does: the same answer
    List<ChunkEmbeddings> withTrees = chunks.stream().map(c -> new ChunkEmbeddings(c.speechFrames, c.windows,
        c.embeddings, AverageLinkage.cluster(c.embeddings, Cancellation.NONE), c.band)).toList();
    assertThat(FileClustering.cluster(withTrees, firsts, counting, SpeakerHints.NONE, "embedding", Cancellation.NONE))
        .isEqualTo(r);
  }

  /** Turns seen: changes of speaker between consecutive segments. */
  private static int inChunksOfSynthetic(SpeakerResult r) {
    int changes = 0;
    for (int i = 1; i < r.speakerSegments().size(); i++) {
      changes += r.speakerSegments().get(i).speaker() != r.speakerSegments().get(i - 1).speaker() ? 1 : 0;
    }
    return changes;
  }

  private static float[] direction(SplittableRandom random, int dim) {
    float[] v = new float[dim];
    for (int d = 0; d < dim; d++) {
      v[d] = (float) random.nextGaussian();
    }
    return normalised(v);
  }

  private static float[] noisy(float[] centre, SplittableRandom random) {
    float[] v = new float[centre.length];
    for (int d = 0; d < v.length; d++) {
      v[d] = centre[d] + (float) (0.1 * random.nextGaussian());
    }
    return normalised(v);
  }

  private static float[] normalised(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    for (int d = 0; d < v.length; d++) {
      v[d] /= (float) Math.sqrt(n);
    }
    return v;
  }
}
