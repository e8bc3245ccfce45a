package io.audioinsight.bench.engine;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Single-thread engine throughput, the denominator of the service-efficiency ratio: analyses per second of one
 * WAV on the calling thread, after a warm-up. Usage:
 * {@code java -cp target/audio-insight.jar io.audioinsight.bench.engine.EngineThroughput CLIP.wav SECONDS}.
 */
public final class EngineThroughput {

  private EngineThroughput() {}

  public static void main(String[] args) throws Exception {
    byte[] wav = Files.readAllBytes(Path.of(args[0]));
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    Analyzer engine = io.audioinsight.audio.Engines.defaultEngine();
    AnalysisParams params = AnalysisParams.defaults(Operation.ANALYZE, 3600);
    long warmEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      engine.analyze(wav, params, Cancellation.NONE);
    }
    int n = 0;
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      engine.analyze(wav, params, Cancellation.NONE);
      n++;
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    System.out.printf("engine %s single-thread: %d analyses in %.1f s = %.2f analyses/s%n", args[0], n, elapsed, n / elapsed);
  }
}
