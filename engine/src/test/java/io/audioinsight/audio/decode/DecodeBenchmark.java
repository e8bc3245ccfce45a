package io.audioinsight.audio.decode;

import io.audioinsight.audio.decode.TestWavs.Format;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Single-thread speed of WAV decoding and resampling to 16 kHz, as × real time, plus the bytes a 600 s decode
 * allocates. Run with {@code scripts/bench-decode.sh}; prints one Markdown table row per case.
 */
public final class DecodeBenchmark {

  private static final int RUNS = 15;

  public static void main(String[] args) {
    System.out.println("| case | audio s | median ms | × real time | allocated MB (output MB) |");
    System.out.println("|---|---|---|---|---|");
    for (int rate : new int[] {16_000, 44_100, 48_000}) {
      byte[] wav = TestWavs.write(Format.PCM_16, rate, noise(600 * rate, 1), noise(600 * rate, 2));
      decode("decode 600 s stereo PCM16 @ " + rate, wav);
    }
    for (int rate : new int[] {8_000, 22_050, 44_100, 48_000, 96_000, 192_000}) {
      resample("resample 60 s " + rate + " -> 16000", noise(60 * rate, 3), rate);
    }
  }

  private static void decode(String name, byte[] wav) {
    DecodedAudio audio = WavDecoder.decode(wav, 3600);
    long allocated = allocatedBy(() -> WavDecoder.decode(wav, 3600));
    double median = medianMillis(() -> WavDecoder.decode(wav, 3600));
    row(name, audio.durationSeconds(), median,
        String.format(Locale.ROOT, "%.1f (%.1f)", allocated / 1e6, audio.samples().length * 4 / 1e6));
  }

  private static void resample(String name, float[] x, int rate) {
    double median = medianMillis(() -> Resampler.toRate(x, rate, 16_000));
    row(name, x.length / (double) rate, median, "");
  }

  private static void row(String name, double seconds, double ms, String alloc) {
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.0f | %s |%n", name, seconds, ms, seconds * 1000 / ms, alloc);
  }

  private static double medianMillis(Runnable r) {
    for (int i = 0; i < 5; i++) {
      r.run(); // warm-up: JIT
    }
    double[] t = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(t);
    return t[RUNS / 2];
  }

  private static long allocatedBy(Runnable r) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(id);
    r.run();
    return bean.getThreadAllocatedBytes(id) - before;
  }

  private static float[] noise(int n, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() - 0.5);
    }
    return x;
  }
}
