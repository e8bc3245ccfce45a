package io.audioinsight.bench.engine;

import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.silero.SileroBatch;
import io.audioinsight.audio.silero.SileroLiveVad;
import io.audioinsight.audio.silero.SileroModel;
import io.audioinsight.audio.vad.stream.VadEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of Silero on live streams, on ONE thread (run it pinned: scripts/bench-silero-batch.sh), by batch size:
 * {@code B} streams of {@code SECONDS} s each are stepped together, one model call carrying one 512-sample chunk of
 * every stream (as {@code stream.batch_size} lets the service do), until all are done. Prints, per batch size, the
 * median over repetitions of the audio seconds processed per CPU second of the thread (times real time per core:
 * CPU time rather than wall time, because the machine is shared) and the
 * speed-up over B = 1, and checks that every stream's events are identical to those it gets alone (B = 1).
 *
 * <p>Usage: {@code SileroBatchBench [repetitions [seconds]]} (defaults 5 and 10).
 */
public final class SileroBatchBench {

  private static final int[] BATCHES = {1, 2, 4, 8, 16, 32, 64, 128};
  private static final int MAX_STREAMS = 128;
  /** CPU time of this thread, not wall time: the machine is shared, and "per core" is what is asked. */
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private SileroBatchBench() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    SileroModel model = SileroModel.fromClasspath().orElseThrow(() -> new IllegalStateException(
        "no Silero model in this build: run scripts/fetch-silero-model.sh, then mvn package"));
    List<float[]> signals = new ArrayList<>();
    double[][] utterances = {{0.5, 3.0}, {4.0, 7.5}, {8.0, 9.5}};
    for (int s = 0; s < MAX_STREAMS; s++) {
      int n = seconds * 16_000;
      signals.add(SyntheticSignals.mix(SyntheticSignals.speechLike(n, utterances, s), utterances,
          SyntheticSignals.pinkNoise(n, 1.0, 1_000 + s), 10 + s % 20));
    }
    System.out.printf(Locale.ROOT, "Silero batched streams, one thread: %d s per stream, %d repetitions, median%n",
        seconds, reps);
    run(model, signals.subList(0, 8), 1); // warm-up
    List<List<VadEvent>> alone = new ArrayList<>();
    for (float[] x : signals) {
      alone.add(run(model, List.of(x), 1).get(0));
    }
    double base = 0;
    for (int batch : BATCHES) {
      double[] xRealTime = new double[reps];
      boolean identical = true;
      for (int r = 0; r < reps; r++) {
        List<float[]> group = signals.subList(0, batch);
        long t0 = THREADS.getCurrentThreadCpuTime();
        List<List<VadEvent>> events = run(model, group, batch);
        double cpu = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;
        xRealTime[r] = (double) batch * seconds / cpu;
        for (int s = 0; s < batch; s++) {
          identical &= events.get(s).equals(alone.get(s));
        }
      }
      Arrays.sort(xRealTime);
      double median = xRealTime[reps / 2];
      if (batch == 1) {
        base = median;
      }
      System.out.printf(Locale.ROOT, "batch %3d: %6.0fx real time per core-second  (%4.2fx batch 1)  events identical to "
          + "unbatched: %s%n", batch, median, median / base, identical ? "yes" : "NO");
    }
  }

  /** Streams {@code signals} in 512-sample frames; each model call steps every stream with a chunk ready. */
  private static List<List<VadEvent>> run(SileroModel model, List<float[]> signals, int batch) {
    List<SileroLiveVad> vads = new ArrayList<>();
    List<List<VadEvent>> events = new ArrayList<>();
    for (int s = 0; s < signals.size(); s++) {
      vads.add(new SileroLiveVad(512, 0.5));
      events.add(new ArrayList<>());
    }
    int frames = (signals.get(0).length + 511) / 512;
    for (int f = 0; f <= frames; f++) {
      List<SileroLiveVad> ready = new ArrayList<>(batch);
      for (int s = 0; s < signals.size(); s++) {
        SileroLiveVad vad = vads.get(s);
        float[] x = signals.get(s);
        if (f < frames) {
          int from = f * 512;
          float[] frame = Arrays.copyOfRange(x, from, Math.min(x.length, from + 512));
          vad.append(frame, frame.length);
        } else {
          vad.end();
        }
        while (vad.needsStep()) {
          ready.add(vad);
          if (ready.size() == batch) {
            SileroBatch.step(model, ready);
            ready.clear();
          }
          if (batch > 1) {
            break; // one chunk per stream per round; a stream's next chunk waits for the next round
          }
        }
      }
      if (!ready.isEmpty()) {
        SileroBatch.step(model, ready);
      }
      for (int s = 0; s < signals.size(); s++) {
        events.get(s).addAll(vads.get(s).takeEvents());
      }
    }
    for (int s = 0; s < signals.size(); s++) {
      SileroLiveVad vad = vads.get(s);
      while (vad.needsStep()) {
        SileroBatch.step(model, List.of(vad));
      }
      events.get(s).addAll(vad.takeEvents());
    }
    return events;
  }
}
