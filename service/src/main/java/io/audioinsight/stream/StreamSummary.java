package io.audioinsight.stream;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.vad.stream.LiveVad;
import io.audioinsight.audio.vad.stream.RecordedVad;
import io.audioinsight.audio.silero.SileroLiveVad;
import io.audioinsight.inference.CancellationSignal;
import io.audioinsight.inference.InferenceResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream's summary: the file analysis of its audio ({@code POST /v1/snr-detect}'s answer), run on the inference
 * pool as the last piece of the stream's own work.
 *
 * <p>Two choices, both about cost. The stream already holds a place (stream.max_streams) and its audio, so its
 * summary is not admitted again through the request queue (inference.max_queue), where a burst of streams ending
 * together would have been refused. And a Silero stream's speech probabilities, which equal the file analysis's block
 * for block, are replayed ({@link RecordedVad}) instead of running the model over the whole stream again: that
 * second pass cost more than the live one, and a stream's summary would otherwise double its cost.
 *
 * <p>Summaries are the one part of a stream's work that can wait (the client has stopped sending; a live stream's
 * next frame cannot), so at most {@code lanes} of them run at once, one fewer than the pool's threads: a burst of
 * streams ending together queues its summaries here and never takes every thread from the live streams' rounds.
 */
final class StreamSummary {

  private final WorkerExecutor pool;
  private final VoiceActivityDetector engine;
  private final double maxAudioSeconds;
  private final int lanes;
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger running = new AtomicInteger();

  /** @param threads the pool's threads: summaries use at most one fewer (at least one) */
  StreamSummary(WorkerExecutor pool, VoiceActivityDetector engine, double maxAudioSeconds, int threads) {
    this.pool = pool;
    this.engine = engine;
    this.maxAudioSeconds = maxAudioSeconds;
    this.lanes = Math.max(1, threads - 1);
  }

  /** The summary of {@code audio}, which the stream no longer adds to. */
  Future<InferenceResult> of(StreamStart start, StreamAudio audio, LiveVad live, CancellationSignal cancellation) {
    int hop = start.params().vadHopSize();
    VoiceActivityDetector vad = live instanceof SileroLiveVad
        ? new RecordedVad(engine, hop, live.decidedProbabilities())
        : engine;
    AnalysisParams params = new AnalysisParams(Operation.SNR, hop, start.params().vadThreshold(), maxAudioSeconds,
        start.params().speakerHints());
    long submitted = System.nanoTime();
    Promise<InferenceResult> answer = Promise.promise();
    waiting.add(() -> pool.<InferenceResult>executeBlocking(() -> {
      long started = System.nanoTime();
      cancellation.throwIfCancelled(); // the client left while this waited
      AnalysisResult result = new AudioAnalyzer(vad).analyze(StreamWav.of(start, audio), params, cancellation);
      return new InferenceResult(result, (started - submitted) / 1e6, (System.nanoTime() - started) / 1e6);
    }, false).onComplete(ar -> {
      running.decrementAndGet();
      startWaiting();
      answer.handle(ar);
    }));
    startWaiting();
    return answer.future();
  }

  /** Starts waiting summaries while fewer than {@code lanes} run. */
  private void startWaiting() {
    while (true) {
      int n = running.get();
      if (n >= lanes || waiting.isEmpty()) {
        return;
      }
      if (running.compareAndSet(n, n + 1)) {
        Runnable next = waiting.poll();
        if (next == null) {
          running.decrementAndGet(); // another caller took it; look again
        } else {
          next.run();
        }
      }
    }
  }
}
