package io.audioinsight.jobs;

import io.audioinsight.api.Problem;
import io.audioinsight.api.ResultJson;
import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.ChunkSamples;
import io.audioinsight.audio.ChunkSpan;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.Mp3Parts;
import io.audioinsight.config.JobsConfig;
import io.audioinsight.inference.InferenceResult;
import io.vertx.core.json.JsonObject;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * What a pool thread does for a job, apart from the {@link JobManager}'s bookkeeping: a compressed job's decode to a
 * WAV (whole, or in parts), one chunk through the engine (with context where the analyzer takes it), and the join of the chunks' results
 * into the synchronous route's JSON. Stateless between calls; the job's state is in {@link RunningJob}.
 */
final class ChunkWork {

  private static final System.Logger LOG = System.getLogger(JobManager.class.getName());

  private final JobsConfig config;
  private final AudioSpool spool;
  private final Analyzer analyzer;
  /** The manager is shutting down: the join stops at its next checkpoint. */
  private final BooleanSupplier stopped;

  ChunkWork(JobsConfig config, AudioSpool spool, Analyzer analyzer, BooleanSupplier stopped) {
    this.config = config;
    this.spool = spool;
    this.analyzer = analyzer;
    this.stopped = stopped;
  }

  /**
   * On a pool thread: a compressed job's audio to a float WAV and its chunk layout; or, for an MP3 long enough, the
   * plan of its parts, which then decode on every thread the jobs may use ({@link #decodePart}, {@link #joinParts}).
   * {@code whole}: decode in one piece, whatever the format.
   */
  DecodeStart decode(ChunkTask task, boolean whole) throws java.io.IOException {
    String id = task.job.record.id();
    if (Files.size(spool.file(id)) > JobManager.MAX_WHOLE_FILE_BYTES) {
      throw Problem.of(413, "body-too-large", "Request body too large", "a job's compressed (non-WAV) audio is "
          + "read whole to be decoded and may be at most " + JobManager.MAX_WHOLE_FILE_BYTES + " bytes; send WAV for larger files")
          .toException();
    }
    spool.deleteDecoded(id); // a partial one from before a crash
    byte[] input = Transcoder.readWhole(spool.file(id));
    Mp3Parts parts = whole ? null : Mp3Parts.plan(input, Math.min(MAX_PART_SECONDS, config.chunkSeconds()));
    if (parts != null) {
      if (parts.runSeconds() > config.maxAudioSeconds() + 0.01) { // what one decode would find, without decoding
        throw new AudioFormatException(AudioFormatException.Kind.TOO_LONG, String.format(Locale.ROOT,
            "the audio is longer than the limit of %.1f s (its MP3 frames hold %.1f s)", config.maxAudioSeconds(),
            parts.runSeconds()));
      }
      // the parts write into it and never create it: a part that starts after its job ended cannot bring it back
      Files.createFile(spool.decodedFile(id));
      return new DecodeStart(null, parts);
    }
    Transcoder.Decoded decoded = Transcoder.run(input, spool.decodedFile(id), config.maxAudioSeconds(),
        task.cancellation());
    return new DecodeStart(opened(task.job, decoded), null);
  }

  /**
   * Seconds of audio in one decode part, at most (and at most a chunk): about a tenth of a second of decoding, so a
   * preempted part loses little, and a 2-hour file has 60 parts to share among the threads.
   */
  static final double MAX_PART_SECONDS = 120;

  /** A compressed job decoded whole, or the plan of its parts (exactly one of the two). */
  record DecodeStart(DecodedJob whole, Mp3Parts parts) {}

  record DecodedJob(Transcoder.Decoded source, WavChunks wav, double mean) {}

  /** On a pool thread: part {@code task.index} of a compressed job's decode, written to its place in the WAV. */
  Transcoder.Part decodePart(ChunkTask task, Mp3Parts plan) {
    if (task.stoppedNow()) {
      throw new AnalysisCancelledException();
    }
    return Transcoder.runPart(plan, task.index, spool.decodedFile(task.job.record.id()), config.maxAudioSeconds(),
        task.cancellation());
  }

  /** On a pool thread: every part is written; the WAV gets its header, and the job its chunk layout. */
  DecodedJob joinParts(ChunkTask task, Mp3Parts plan, Transcoder.Part[] parts) throws java.io.IOException {
    Transcoder.Decoded decoded = Transcoder.joinParts(plan, parts, spool.decodedFile(task.job.record.id()));
    return opened(task.job, decoded);
  }

  /** The decoded WAV, counted in the spool, opened for chunks; with the whole file's mean where chunks take context. */
  private DecodedJob opened(RunningJob job, Transcoder.Decoded decoded) throws java.io.IOException {
    java.nio.file.Path file = spool.decodedFile(job.record.id());
    spool.trackDecoded(job.record.id(), Files.size(file));
    WavChunks wav = WavChunks.open(file);
    return new DecodedJob(decoded, wav, analyzer.takesContext() && wav.seconds() > config.chunkSeconds()
        ? decoded.mean() : Double.NaN);
  }

  /**
   * On a pool thread: one chunk through the engine. A job of one chunk is analysed exactly as the synchronous route
   * would; a chunk of several keeps what the whole file's answer is pooled from ({@link ChunkMerger}).
   */
  ChunkAnalysis analyse(ChunkTask task) {
    RunningJob job = task.job;
    if (task.stoppedNow()) { // not the pausing check: a chunk enters the engine, and pauses at its checkpoints
      throw new AnalysisCancelledException();
    }
    long t0 = System.nanoTime();
    ChunkAnalysis r;
    if (job.results.length == 1 || !analyzer.takesContext()) {
      byte[] audio = job.wav.chunk(task.index, job.framesPerChunk);
      r = analyzer.analyzeChunk(audio, new AnalysisParams(job.record.operation(), job.record.vadHopSize(),
          job.record.vadThreshold(), config.chunkSeconds() + 1, job.record.hints()), job.results.length == 1,
          task.cancellation());
    } else {
      // the chunk with context around it (ChunkWindow); only its own frames are reported
      ChunkWindow w = ChunkWindow.of(job.wav, task.index, job.framesPerChunk, config.contextSeconds(),
          job.record.vadHopSize());
      byte[] audio = job.wav.slice(w.first(), w.count());
      double rate = job.wav.rate();
      // a chunk that goes on from the one before it skips running the voice activity network over its context
      ChunkSpan span = new ChunkSpan(w.reportOffset() / rate, (w.reportOffset() + w.reportCount()) / rate,
          !analyzer.countsSpeakersAtJoin(job.totalSeconds), job.mean, job.carryInto(task.index));
      r = analyzer.analyzeChunk(audio, new AnalysisParams(job.record.operation(), job.record.vadHopSize(),
          job.record.vadThreshold(), w.count() / rate + 1, job.record.hints()), span, task.cancellation());
    }
    task.nanos = System.nanoTime() - t0;
    task.carried = r.usedCarry();
    return r;
  }

  /** The chunks' results joined into the synchronous route's JSON. */
  JsonObject resultJson(RunningJob job) {
    long t0 = System.nanoTime();
    Cancellation cancellation = () -> job.cancelled || stopped.getAsBoolean();
    // a file short enough for one clustering gets its speakers counted here from its speech, read back chunk by
    // chunk (only their own frames), as the synchronous route counts them
    ChunkSamples samples = i -> AudioDecoder.decode(
        job.wav.chunk(i, job.framesPerChunk), config.chunkSeconds() + 1, cancellation).samples();
    AnalysisResult merged = ChunkMerger.merge(Arrays.asList(job.results), job.starts, job.totalSeconds, analyzer,
        job.record.hints(), samples, cancellation);
    if (job.results.length > 1) {
      LOG.log(Level.INFO, String.format(Locale.ROOT, "jobs: %s: %d chunks joined in %.1f ms; %d of them went on "
          + "from the voice activity state of the chunk before", job.record.id(),
          job.results.length, (System.nanoTime() - t0) / 1e6, job.carriedChunks));
    }
    if (job.source != null) {
      merged = ChunkMerger.asSource(merged, job.source.format(), job.source.seconds());
    }
    double queuedMs = job.record.startedAt().toEpochMilli() - job.record.createdAt().toEpochMilli();
    return new JsonObject(ResultJson.render(job.record.operation(),
        new InferenceResult(merged, queuedMs, job.inferenceNanos / 1e6)));
  }
}
