package io.audioinsight.bench.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.onnx.OnnxRuntimeEnvironment;
import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.audio.silero.SileroVad;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Speed of the Silero VAD path on one thread (run it pinned to one core: scripts/bench-silero.sh).
 *
 * <p>Prints (1) the whole {@link SileroVad} path on 10 s and 60 s of 16 kHz audio, as median ms and times
 * real time, and (2) ONNX Runtime's per-call overhead: the time of one {@code run()} on a [1, 576] input
 * against the time per row of a [64, 576] batch, where the fixed cost of a call is spread over 64 rows (the
 * difference is the overhead; the batch figure approximates the network's compute), and (3) with
 * {@code threads > 1}, the throughput of that many threads sharing the one session against one thread (the
 * service's pool shares it the same way; give the JVM that many cores). The model's work does not depend
 * on the signal's content, so the input is a generated tone-plus-noise signal.
 *
 * <p>Usage: {@code SileroBenchmark [repetitions [threads]]} (defaults 9 and 1).
 */
public final class SileroBenchmark {

  private static final int RATE = 16_000;

  private SileroBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 9;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    SileroModel model = SileroModel.fromClasspath().orElseThrow(() -> new IllegalStateException(
        "no Silero model in this build: run scripts/fetch-silero-model.sh, then mvn package"));
    SileroVad vad = new SileroVad(model);
    System.out.printf("Silero VAD benchmark: java %s, ONNX Runtime %s, %d available processors, %d repetitions%n",
        System.getProperty("java.version"), OnnxRuntimeEnvironment.get().getVersion(),
        Runtime.getRuntime().availableProcessors(), reps);
    vad.warmUp();
    for (int seconds : new int[] {10, 60}) {
      float[] audio = signal(seconds);
      double[] ms = new double[reps];
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        vad.speechProbabilities(audio, null, 512, Cancellation.NONE);
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
      double median = median(ms);
      System.out.printf("silero path  %3d s audio: median %7.1f ms (min %7.1f, max %7.1f)  = %5.0fx real time%n",
          seconds, median, min(ms), max(ms), seconds * 1000 / median);
    }
    perCallOverhead(reps);
    if (threads > 1) {
      sharedSessionScaling(vad, threads, reps);
    }
    model.close();
  }

  /** Audio seconds per wall second with {@code threads} threads on one session, against one thread. */
  private static void sharedSessionScaling(SileroVad vad, int threads, int reps) throws Exception {
    float[] audio = signal(10);
    double one = throughput(vad, audio, 1, reps);
    double many = throughput(vad, audio, threads, reps);
    System.out.printf("shared session: 1 thread %5.0fx real time; %d threads %5.0fx = %.2f x one thread"
        + " (ideal %d)%n", one, threads, many, many / one, threads);
  }

  private static double throughput(SileroVad vad, float[] audio, int threads, int reps) throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        jobs.add(pool.submit(() -> {
          for (int r = 0; r < reps; r++) {
            vad.speechProbabilities(audio, null, 512, Cancellation.NONE);
          }
        }));
      }
      for (var job : jobs) {
        job.get();
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      return threads * reps * (audio.length / (double) RATE) / wall;
    } finally {
      pool.shutdown();
    }
  }

  private static void perCallOverhead(int reps) throws Exception {
    byte[] bytes;
    try (InputStream in = SileroModel.class.getResourceAsStream(SileroModel.CLASSPATH_RESOURCE)) {
      bytes = in.readAllBytes();
    }
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session = env.createSession(bytes, options);
           OnnxTensor sr = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {RATE}), new long[0])) {
        double single = microsPerRow(env, session, sr, 1, 1875, reps);
        double batched = microsPerRow(env, session, sr, 64, 30, reps);
        System.out.printf("onnx run()   [1,576]: %6.1f us per call;  [64,576]: %6.1f us per row;"
                + "  per-call overhead ~ %5.1f us (%2.0f%% of a single call)%n",
            single, batched, single - batched, 100 * (single - batched) / single);
      }
    }
  }

  /** Median microseconds per row of {@code calls} runs with {@code rows} rows, state fed back in place. */
  private static double microsPerRow(OrtEnvironment env, OrtSession session, OnnxTensor sr, int rows, int calls,
      int reps) throws Exception {
    FloatBuffer input = direct(rows * SileroModel.INPUT_WIDTH);
    float[] audio = signal(1);
    for (int r = 0; r < rows; r++) {
      input.put(r * SileroModel.INPUT_WIDTH, audio, (r * 97) % 8000, SileroModel.INPUT_WIDTH);
    }
    try (OnnxTensor x = OnnxTensor.createTensor(env, input, new long[] {rows, SileroModel.INPUT_WIDTH});
         OnnxTensor out = OnnxTensor.createTensor(env, direct(rows), new long[] {rows, 1});
         OnnxTensor s0 = OnnxTensor.createTensor(env, direct(2 * rows * 128), new long[] {2, rows, 128});
         OnnxTensor s1 = OnnxTensor.createTensor(env, direct(2 * rows * 128), new long[] {2, rows, 128})) {
      OnnxTensor[] states = {s0, s1};
      double[] us = new double[reps + 1];
      for (int r = 0; r <= reps; r++) { // the first repetition warms up
        long t0 = System.nanoTime();
        for (int c = 0; c < calls; c++) {
          int cur = c & 1;
          session.run(Map.of("input", x, "state", states[cur], "sr", sr),
              Map.of("output", out, "stateN", states[cur ^ 1])).close();
        }
        us[r] = (System.nanoTime() - t0) / 1e3 / calls / rows;
      }
      return median(Arrays.copyOfRange(us, 1, us.length));
    }
  }

  private static FloatBuffer direct(int n) {
    return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** A 200 Hz tone with syllable-rate modulation over low white noise. */
  private static float[] signal(int seconds) {
    SplittableRandom random = new SplittableRandom(42);
    float[] x = new float[seconds * RATE];
    for (int i = 0; i < x.length; i++) {
      double t = (double) i / RATE;
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 200 * t) * Math.max(0, Math.sin(2 * Math.PI * 2 * t))
          + 0.01 * random.nextGaussian());
    }
    return x;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
