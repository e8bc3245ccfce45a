package io.audioinsight.audio.decode;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.TestWavs.Format;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Single-thread speed of WAV decoding and resampling to 16 kHz, as × real time, plus the bytes a 600 s decode
 * allocates; with a directory argument, also decode + resample of every file in it (the compressed formats, made
 * by {@code scripts/bench-decode.sh} with ffmpeg). Run with {@code scripts/bench-decode.sh}; prints one Markdown
 * table row per case.
 */
public final class DecodeBenchmark {

  private static final int RUNS = 15;

  public static void main(String[] args) throws IOException {
    System.out.println("| case | audio s | median ms | × real time | allocated MB (output MB) |");
    System.out.println("|---|---|---|---|---|");
    if (args.length > 0) {
      try (Stream<Path> files = Files.list(Path.of(args[0]))) {
        for (Path file : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
          compressed(file);
        }
      }
      if (args.length > 1 && args[1].equals("--formats-only")) {
        return;
      }
    }
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

  /**
   * Sniff, decode, mix and resample to 16 kHz: what {@code AudioAnalyzer} does before the spectrogram. Reports wall
   * time and, in brackets, the thread's CPU time, which a busy machine inflates less.
   */
  private static void compressed(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    DecodedSignal decoded = AudioDecoder.decode(bytes, 3600, Cancellation.NONE);
    long allocated = allocatedBy(() -> AudioDecoder.decode(bytes, 3600, Cancellation.NONE));
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[] cpu = new double[5];
    int[] run = {0};
    double median = medianMillis(() -> {
      long c0 = bean.getCurrentThreadCpuTime();
      AudioDecoder.decode(bytes, 3600, Cancellation.NONE);
      if (run[0] >= 2) {
        cpu[run[0] - 2] = (bean.getCurrentThreadCpuTime() - c0) / 1e6;
      }
      run[0]++;
    }, 2, 5);
    Arrays.sort(cpu);
    SourceFormat f = decoded.format();
    double seconds = decoded.durationSeconds();
    System.out.printf(Locale.ROOT, "| decode + resample %s (%s/%s, %d Hz, %d ch, %.1f MB) | %.0f | %.0f (cpu %.0f) | "
            + "%.0f (cpu %.0f) | %.1f (%.1f) |%n", file.getFileName(), f.container(), f.codec(), f.sampleRate(),
        f.channels(), bytes.length / 1e6, seconds, median, cpu[2], seconds * 1000 / median, seconds * 1000 / cpu[2],
        allocated / 1e6, decoded.samples().length * 4 / 1e6);
  }

  private static void resample(String name, float[] x, int rate) {
    double median = medianMillis(() -> Resampler.toRate(x, rate, 16_000));
    row(name, x.length / (double) rate, median, "");
  }

  private static void row(String name, double seconds, double ms, String alloc) {
    System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.0f | %s |%n", name, seconds, ms, seconds * 1000 / ms, alloc);
  }

  private static double medianMillis(Runnable r) {
    return medianMillis(r, 5, RUNS);
  }

  private static double medianMillis(Runnable r, int warmUps, int runs) {
    for (int i = 0; i < warmUps; i++) {
      r.run(); // warm-up: JIT
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(t);
    return t[runs / 2];
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
