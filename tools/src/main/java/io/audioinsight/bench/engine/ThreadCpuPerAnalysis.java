package io.audioinsight.bench.engine;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.Operation;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What running beside other threads of the same JVM costs one analysis: THREADS threads share one engine (as the
 * inference pool does) and each analyses the WAV EACH times after two warm-up analyses; prints the median thread CPU
 * and wall time per analysis. Run it with THREADS 1, with THREADS n, and as n processes of THREADS 1 at once
 * ({@code scripts/bench/engine-threads.sh}): CPU per analysis that grows with threads but not with processes is
 * something the threads share. Usage:
 * {@code java -cp tools/target/audio-insight-tools.jar io.audioinsight.bench.engine.ThreadCpuPerAnalysis WAV THREADS EACH}.
 */
public final class ThreadCpuPerAnalysis {

  private ThreadCpuPerAnalysis() {}

  public static void main(String[] args) throws Exception {
    byte[] wav = Files.readAllBytes(Path.of(args[0]));
    int threads = Integer.parseInt(args[1]);
    int each = Integer.parseInt(args[2]);
    Analyzer engine = Engines.defaultEngine();
    AnalysisParams params = AnalysisParams.defaults(Operation.ANALYZE, 4 * 3600);
    engine.analyze(wav, params, Cancellation.NONE);
    engine.analyze(wav, params, Cancellation.NONE);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<double[]> perAnalysis = Collections.synchronizedList(new ArrayList<>());
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        for (int k = 0; k < each; k++) {
          long cpu0 = mx.getCurrentThreadCpuTime();
          long wall0 = System.nanoTime();
          engine.analyze(wav, params, Cancellation.NONE);
          perAnalysis.add(new double[] {(mx.getCurrentThreadCpuTime() - cpu0) / 1e9, (System.nanoTime() - wall0) / 1e9});
        }
      }, "analysis-" + t);
      thread.start();
      running.add(thread);
    }
    for (Thread thread : running) {
      thread.join();
    }
    System.out.printf(Locale.ROOT, "%d threads x %d analyses: CPU per analysis median %.3f s, wall median %.3f s%n",
        threads, each, median(perAnalysis, 0), median(perAnalysis, 1));
  }

  private static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
