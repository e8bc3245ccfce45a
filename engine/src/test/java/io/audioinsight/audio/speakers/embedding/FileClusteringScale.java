package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmark, not a test (docs/BENCHMARKS.md, jobs): the whole-file clustering of a 4-hour job's worth of speaker
 * windows, 24 chunks of 800 (19 200 windows, 16 times {@link EmbeddingSpeakerCounter#MAX_WINDOWS}), three synthetic
 * voices taking turns of 13 windows (9.75 s), timed three times. Run after {@code mvn -pl engine test-compile}:
 * {@code java -cp engine/target/classes:engine/target/test-classes
 * io.audioinsight.audio.speakers.embedding.FileClusteringScale}.
 */
public final class FileClusteringScale {

  private FileClusteringScale() {}

  public static void main(String[] args) {
    CountingParameters counting = new CountingParameters(0.2, 0.1, 1.5, 0.75); // the shipped model's calibration
    SplittableRandom random = new SplittableRandom(1);
    int dim = 128;
    float[][] voices = new float[3][dim];
    for (float[] v : voices) {
      for (int d = 0; d < dim; d++) {
        v[d] = (float) random.nextGaussian();
      }
      normalise(v);
    }
    for (int run = 0; run < 3; run++) {
      List<ChunkEmbeddings> chunks = new ArrayList<>();
      long[] firstFrames = new long[24];
      for (int c = 0; c < 24; c++) {
        int n = 800;
        Windows windows = Windows.over(counting.windowSamples() + (n - 1) * counting.hopSamples(), counting);
        float[][] e = new float[n][];
        for (int i = 0; i < n; i++) {
          float[] centre = voices[((c * n + i) / 13) % 3];
          float[] v = new float[dim];
          for (int d = 0; d < dim; d++) {
            v[d] = centre[d] + (float) (0.08 * random.nextGaussian());
          }
          e[i] = normalise(v);
        }
        int[] frames = new int[windows.speechLength() / 160];
        for (int f = 0; f < frames.length; f++) {
          frames[f] = f;
        }
        chunks.add(new ChunkEmbeddings(frames, windows, e));
        firstFrames[c] = c * 60_000L;
      }
      long t0 = System.nanoTime();
      SpeakerResult r = FileClustering.cluster(chunks, firstFrames, counting, SpeakerHints.NONE, "embedding",
          Cancellation.NONE);
      System.out.printf(Locale.ROOT, "19200 windows in 24 chunks: %.0f ms, %d speakers, %d segments%n",
          (System.nanoTime() - t0) / 1e6, r.speakerCount(), r.speakerSegments().size());
    }
  }

  private static float[] normalise(float[] v) {
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
