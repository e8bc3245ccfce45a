package io.audioinsight.bench.engine;

import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.WavDecoder;
import io.audioinsight.audio.noise.NoiseFloor;
import io.audioinsight.audio.snr.ActiveSpeechSnr;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.snr.ActiveSpeechLevel;
import io.audioinsight.audio.speakers.SpeakerCounter;
import io.audioinsight.audio.speakers.embedding.ClusteringRule;
import io.audioinsight.audio.speakers.embedding.EmbeddingSpeakerCounter;
import io.audioinsight.audio.speakers.embedding.SpeakerEmbeddingModel;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.audio.vad.FrameGrid;
import io.audioinsight.audio.vad.SpeechActivity;
import io.audioinsight.audio.vad.SpeechSegmenter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Single-thread speed of the engine's stages, as multiples of real time, on synthetic speech in white noise
 * (10 dB). Prints a Markdown table: median wall-clock and median thread CPU time per stage and clip length.
 *
 * <p>Usage: {@code EngineBench [seconds,seconds,...] [repetitions] [stage-filter]} (default {@code 10,60,600 7},
 * every stage; a filter keeps the stages whose name contains it); see scripts/bench-engine.sh. Each measurement is preceded by warm-up runs of the same stage.
 */
public final class EngineBench {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static volatile Object sink;

  private EngineBench() {}

  public static void main(String[] args) {
    int[] seconds = args.length > 0 ? Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {10, 60, 600};
    int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    String only = args.length > 2 ? args[2] : "";
    System.out.printf("JVM %s, %d processors, %s%n", System.getProperty("java.vm.version"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
    System.out.println();
    SpeakerEmbeddingModel embeddingModel = SpeakerEmbeddingModel.fromClasspath();
    EmbeddingSpeakerCounter embeddingCounter = new EmbeddingSpeakerCounter(embeddingModel);
    EmbeddingSpeakerCounter spectralCounter = new EmbeddingSpeakerCounter(embeddingModel,
        embeddingModel.counting().withClustering(ClusteringRule.SPECTRAL));
    // the shipped counting without the MFCC resegmentation, to show what that step costs
    EmbeddingSpeakerCounter noResegmentationCounter = new EmbeddingSpeakerCounter(embeddingModel,
        embeddingModel.counting().withMfccResegmentation(false));
    SpeakerHints twoVoices = new SpeakerHints(2, 0, 0);
    // the service's default VAD, when this build packed its model
    Optional<VadEngines.Selection> silero = Optional.of(VadEngines.select(VadEngines.Engine.AUTO, Optional.empty()))
        .filter(sel -> sel.vad().name().equals("silero"));
    System.out.println("| stage | clip | median wall ms | x real time (wall) | median CPU ms | x real time (CPU) |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (int s : seconds) {
      float[] x = scene(s);
      Spectrogram spectrogram = Spectrogram.of(x, Cancellation.NONE);
      NoiseFloor noise = NoiseFloor.track(spectrogram, Cancellation.NONE);
      DspVad vad = new DspVad();
      SpeechActivity activity = SpeechSegmenter.segment(
          vad.speechProbabilities(spectrogram, noise, x.length, 512, Cancellation.NONE), 512, x.length, 0.5);
      boolean[] speechFrames = FrameGrid.framesInside(activity.segments(), spectrogram.frames());
      SignalAnalyzer analyzer = new SignalAnalyzer(vad);
      AudioAnalyzer audioAnalyzer = new AudioAnalyzer(vad);
      byte[] wav16k = wav(x, 16_000, 1);
      byte[] wav44k = wav(Resampler.toRate(x, 16_000, 44_100), 44_100, 2);
      AnalysisParams params = AnalysisParams.defaults(Operation.SNR, 3600);
      AnalysisParams analyzeParams = AnalysisParams.defaults(Operation.ANALYZE, 3600);
      SpeakerCounter speakerCounter = new SpeakerCounter();
      AudioAnalyzer embeddingAnalyzer = new AudioAnalyzer(vad, embeddingCounter);
      int reps = s >= 600 ? Math.max(3, repetitions / 2) : repetitions;
      List<Stage> stages = new ArrayList<>(List.of(
          new Stage("decode (16 kHz mono PCM16, no resampling)", () -> WavDecoder.decode(wav16k, 3600)),
          new Stage("decode + resample (44.1 kHz stereo PCM16)", () -> {
            DecodedAudio d = WavDecoder.decode(wav44k, 3600);
            return Resampler.toRate(d.samples(), d.sampleRate(), 16_000);
          }),
          new Stage("STFT (spectrogram)", () -> Spectrogram.of(x, Cancellation.NONE)),
          new Stage("noise floor", () -> NoiseFloor.track(spectrogram, Cancellation.NONE)),
          new Stage("VAD (evidence, HMM, grid, segments)", () -> SpeechSegmenter.segment(
              vad.speechProbabilities(spectrogram, noise, x.length, 512, Cancellation.NONE), 512, x.length, 0.5)),
          new Stage("SNR (active, global, interval, P.56 level)", () -> new Object[] {
              ActiveSpeechSnr.estimate(spectrogram, noise, speechFrames, Cancellation.NONE),
              ActiveSpeechLevel.dbfs(x, Cancellation.NONE)}),
          new Stage("whole SNR+VAD analysis of 16 kHz samples",
              () -> analyzer.analyze(x, 512, 0.5, Cancellation.NONE)),
          new Stage("whole analysis from 16 kHz WAV bytes (AudioAnalyzer)",
              () -> audioAnalyzer.analyze(wav16k, params, Cancellation.NONE)),
          new Stage("speakers (SpeakerCounter on the VAD's frames)",
              () -> speakerCounter.count(spectrogram, speechFrames, Cancellation.NONE)),
          new Stage("whole analysis with speakers, from WAV bytes (AudioAnalyzer, ANALYZE)",
              () -> audioAnalyzer.analyze(wav16k, analyzeParams, Cancellation.NONE)),
          new Stage("speakers (EmbeddingSpeakerCounter on the VAD's frames)",
              () -> embeddingCounter.count(x, spectrogram, speechFrames, SpeakerHints.NONE, Cancellation.NONE)),
          new Stage("speakers (EmbeddingSpeakerCounter, spectral rule, on the VAD's frames)",
              () -> spectralCounter.count(x, spectrogram, speechFrames, SpeakerHints.NONE, Cancellation.NONE)),
          new Stage("speakers (EmbeddingSpeakerCounter, resegmentation none, on the VAD's frames)",
              () -> noResegmentationCounter.count(x, spectrogram, speechFrames, SpeakerHints.NONE,
                  Cancellation.NONE)),
          new Stage("speakers (EmbeddingSpeakerCounter, num_speakers 2, on the VAD's frames)",
              () -> embeddingCounter.count(x, spectrogram, speechFrames, twoVoices, Cancellation.NONE)),
          new Stage("speakers (EmbeddingSpeakerCounter, num_speakers 2, resegmentation none, on the VAD's frames)",
              () -> noResegmentationCounter.count(x, spectrogram, speechFrames, twoVoices, Cancellation.NONE)),
          new Stage("whole analysis with embedding speakers, from WAV bytes (ANALYZE)",
              () -> embeddingAnalyzer.analyze(wav16k, analyzeParams, Cancellation.NONE))));
      silero.ifPresent(sel -> {
        AudioAnalyzer sileroClassic = new AudioAnalyzer(sel.vad());
        AudioAnalyzer sileroEmbedding = new AudioAnalyzer(sel.vad(), embeddingCounter);
        stages.add(new Stage("whole analysis, Silero VAD + classic speakers (ANALYZE)",
            () -> sileroClassic.analyze(wav16k, analyzeParams, Cancellation.NONE)));
        stages.add(new Stage("whole analysis, Silero VAD + embedding speakers (ANALYZE; the service default)",
            () -> sileroEmbedding.analyze(wav16k, analyzeParams, Cancellation.NONE)));
      });
      for (Stage stage : stages) {
        if (!stage.name().contains(only)) {
          continue;
        }
        report(stage, s, reps);
      }
      if (s == seconds[seconds.length - 1] && only.isEmpty()) {
        allocation(s, wav16k, wav44k);
      }
    }
  }

  /** Bytes this thread allocates to decode (and resample) the clip, against the size of its mono floats. */
  private static void allocation(int seconds, byte[] wav16k, byte[] wav44k) {
    long floatBytes = 4L * seconds * 16_000;
    long tid = Thread.currentThread().getId();
    long a0 = THREADS.getThreadAllocatedBytes(tid);
    sink = WavDecoder.decode(wav16k, 3600);
    long a1 = THREADS.getThreadAllocatedBytes(tid);
    DecodedAudio d = WavDecoder.decode(wav44k, 3600);
    long a2 = THREADS.getThreadAllocatedBytes(tid);
    sink = Resampler.toRate(d.samples(), d.sampleRate(), 16_000);
    long a3 = THREADS.getThreadAllocatedBytes(tid);
    System.out.println();
    System.out.printf("Allocation for a %d s clip (16 kHz mono floats = %.1f MB):%n", seconds, floatBytes / 1e6);
    System.out.printf("- decode 16 kHz mono PCM16 (%.1f MB file): %.1f MB = %.2fx the 16 kHz floats%n",
        wav16k.length / 1e6, (a1 - a0) / 1e6, (a1 - a0) / (double) floatBytes);
    long floats44 = 4L * d.samples().length;
    System.out.printf("- decode 44.1 kHz stereo PCM16 (%.1f MB file): %.1f MB = %.2fx its mono floats (%.1f MB)%n",
        wav44k.length / 1e6, (a2 - a1) / 1e6, (a2 - a1) / (double) floats44, floats44 / 1e6);
    System.out.printf("- resample 44.1 -> 16 kHz: %.1f MB = %.2fx the 16 kHz floats%n",
        (a3 - a2) / 1e6, (a3 - a2) / (double) floatBytes);
  }

  /** 16-bit PCM WAV with {@code channels} copies of {@code x}. */
  static byte[] wav(float[] x, int rate, int channels) {
    int dataBytes = x.length * 2 * channels;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
        .putInt(rate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
    b.put("data".getBytes()).putInt(dataBytes);
    for (float v : x) {
      short q = (short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f);
      for (int c = 0; c < channels; c++) {
        b.putShort(q);
      }
    }
    return b.array();
  }

  /** A 16 kHz scene of {@code seconds}: a 20 s synthetic speech scene in white noise at 10 dB, tiled. */
  static float[] scene(int seconds) {
    int n = seconds * SyntheticSignals.RATE;
    double[][] utterances = {{1.0, 3.2}, {3.6, 6.0}, {7.5, 7.9}, {9.0, 14.0}, {14.3, 18.5}};
    int tile = 20 * SyntheticSignals.RATE;
    float[] speech = SyntheticSignals.speechLike(tile, utterances, 7);
    float[] one = SyntheticSignals.mix(speech, utterances, SyntheticSignals.whiteNoise(tile, 1, 3), 10);
    float[] x = new float[n];
    for (int i = 0; i < n; i += tile) {
      System.arraycopy(one, 0, x, i, Math.min(tile, n - i));
    }
    return x;
  }

  private record Stage(String name, Supplier<Object> work) {}

  private static void report(Stage stage, int seconds, int reps) {
    int warmup = Math.max(3, reps);
    for (int i = 0; i < warmup; i++) {
      sink = stage.work().get();
    }
    List<Double> wall = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      sink = stage.work().get();
      wall.add((System.nanoTime() - w0) / 1e6);
      cpu.add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
    }
    double wallMs = median(wall);
    double cpuMs = median(cpu);
    System.out.printf("| %s | %d s | %.2f | %.0f | %.2f | %.0f |%n",
        stage.name(), seconds, wallMs, seconds * 1000 / wallMs, cpuMs, seconds * 1000 / cpuMs);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : 0.5 * (sorted.get(n / 2 - 1) + sorted.get(n / 2));
  }
}
