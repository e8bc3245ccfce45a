package io.audioinsight.eval;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerCounting;
import io.audioinsight.audio.SpeakerEngines;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.speakers.embedding.ChunkEmbeddings;
import io.audioinsight.audio.speakers.embedding.EmbeddingSpeakerCounter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the speaker-embedding windows of every file of a corpus once, so that counting rules can be compared
 * offline on exactly the embeddings the engine clusters (same VAD, same windows), in seconds per sweep.
 *
 * <p>Usage: {@code DumpWindowEmbeddings CORPUS OUT.tsv [--engine dsp|silero] [--threads N]}. One line per file:
 * file, set, condition, snr_db, true count, window count, then the windows' embeddings, each as comma-separated
 * floats, windows separated by ';'.
 */
public final class DumpWindowEmbeddings {

  private DumpWindowEmbeddings() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: DumpWindowEmbeddings CORPUS OUT.tsv [--engine dsp|silero] [--threads N]");
      System.exit(2);
    }
    Path corpus = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String engine = "dsp";
    int threads = 1;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--engine" -> engine = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    var vad = VadEngines.select(VadEngines.Engine.parse(engine), Optional.empty()).vad();
    var counter = (EmbeddingSpeakerCounter) SpeakerEngines.select(SpeakerEngines.Engine.EMBEDDING,
        Optional.empty()).counter();
    List<ManifestEntry> entries = Manifest.read(corpus.resolve(Manifest.FILE_NAME));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<String>> lines = new ArrayList<>();
    for (ManifestEntry e : entries) {
      lines.add(pool.submit(() -> line(corpus, e, vad, counter)));
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (Future<String> f : lines) {
        String l = f.get();
        if (l != null) {
          w.println(l);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String line(Path corpus, ManifestEntry e, io.audioinsight.audio.VoiceActivityDetector vad,
                             EmbeddingSpeakerCounter counter) throws IOException {
    if (!ManifestEntry.EXPECT_OK.equals(e.expect()) || e.speakerCount() < 1) {
      return null;
    }
    ChunkEmbeddings[] captured = new ChunkEmbeddings[1];
    SpeakerCounting capture = new SpeakerCounting() {
      @Override
      public String name() {
        return "capture";
      }

      @Override
      public SpeakerResult count(float[] samples, Spectrogram spec, boolean[] speechFrames, SpeakerHints hints,
                                 Cancellation cancellation) {
        captured[0] = counter.embed(samples, spec, speechFrames, cancellation);
        return new SpeakerResult(0, List.of(), List.of(), name());
      }
    };
    var params = new AnalysisParams(Operation.ANALYZE, AnalysisParams.DEFAULT_VAD_HOP_SIZE,
        AnalysisParams.DEFAULT_VAD_THRESHOLD, Evaluate.MAX_AUDIO_SECONDS, SpeakerHints.NONE);
    new AudioAnalyzer(vad, capture).analyze(Files.readAllBytes(corpus.resolve(e.file())), params,
        Cancellation.NONE);
    ChunkEmbeddings c = captured[0];
    StringBuilder sb = new StringBuilder();
    sb.append(e.file()).append('\t').append(e.set()).append('\t').append(e.condition()).append('\t')
        .append(e.snrDb()).append('\t').append(e.speakerCount()).append('\t')
        .append(c == null ? 0 : c.windowCount()).append('\t');
    for (int w = 0; c != null && w < c.windowCount(); w++) {
      if (w > 0) {
        sb.append(';');
      }
      float[] v = c.embedding(w);
      for (int d = 0; d < v.length; d++) {
        if (d > 0) {
          sb.append(',');
        }
        sb.append(String.format(Locale.ROOT, "%.5f", v[d]));
      }
    }
    return sb.toString();
  }
}
