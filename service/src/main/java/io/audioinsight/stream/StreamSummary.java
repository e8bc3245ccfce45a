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
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.audioinsight.inference.InferencePool;

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
 * next frame cannot), so they run one at a time on a thread of their own, {@value #THREAD_NAME}, five nice levels
 * below the inference pool: a burst of streams ending together queues its summaries there and takes neither a pool
 * thread nor, when the machine is busy, CPU from the live streams' rounds.
 */
final class StreamSummary {

  static final String THREAD_NAME = "audio-stream-summary";
  /** How much lower than the inference threads a summary runs. */
  static final int NICER_THAN_INFERENCE = 5;

  private final WorkerExecutor thread;
  private final VoiceActivityDetector engine;
  private final double maxAudioSeconds;

  /**
   * @param inferenceNice inference.thread_nice; the summary thread runs {@value #NICER_THAN_INFERENCE} above it
   */
  StreamSummary(Vertx vertx, VoiceActivityDetector engine, double maxAudioSeconds, long maxExecuteMs,
                int inferenceNice) {
    this.thread = InferencePool.named(vertx, THREAD_NAME, 1, maxExecuteMs,
        Math.min(19, inferenceNice + NICER_THAN_INFERENCE));
    this.engine = engine;
    this.maxAudioSeconds = maxAudioSeconds;
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
    return thread.executeBlocking(() -> {
      long started = System.nanoTime();
      cancellation.throwIfCancelled(); // the client left while this waited
      AnalysisResult result = new AudioAnalyzer(vad).analyze(StreamWav.of(start, audio), params, cancellation);
      return new InferenceResult(result, (started - submitted) / 1e6, (System.nanoTime() - started) / 1e6);
    }, false);
  }

  Future<Void> close() {
    return thread.close();
  }
}
