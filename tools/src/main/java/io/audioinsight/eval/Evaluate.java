package io.audioinsight.eval;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerEngines;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.speakers.embedding.ClusteringRule;
import io.audioinsight.audio.speakers.embedding.EmbeddingSpeakerCounter;
import io.audioinsight.audio.speakers.embedding.SpeakerEmbeddingModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an engine over every file of a corpus made by {@code scripts/make-corpus.sh} and prints the accuracy
 * report ({@link Report}) with one PASS/FAIL line per target.
 *
 * <p>Usage: {@code Evaluate CORPUS [--engine dsp|silero] [--speakers both|classic|embedding] [--hint-num-speakers]
 * [--csv FILE] [--hop N] [--threshold T] [--threads N] [--collar S] [--clustering ahc,spectral,ahc-spectral] [--resegmentation none,mfcc]}. {@code --hint-num-speakers} gives every
 * file its true count as {@code num_speakers} (the hinted DER). With {@code --speakers both} (the default) every file is analysed
 * once per speaker counter with the same VAD, the full report is the first counter's (classic), and a
 * {@link SpeakerCountReport} of each counter follows, so they are compared from the same run.
 * {@code --clustering} runs the embedding counter once per listed clustering rule (default: the model's own),
 * and {@code --resegmentation} once per listed resegmentation (default: the model's own), each pair reported as
 * {@code embedding/RULE/resegmentation R}, to compare them on the same embeddings in one run. Exit status 0
 * whatever the targets say; 2 on bad arguments.
 */
public final class Evaluate {

  /** Long enough for every corpus file; the limit itself is the decoder's business, not the eval's. */
  static final double MAX_AUDIO_SECONDS = 3600;

  /** Marks params whose speaker hint is each file's true count (compared by identity). */
  static final SpeakerHints ORACLE_COUNT = new SpeakerHints(0, 0, 0);

  private Evaluate() {}

  /** Analyses every entry (all with {@link Operation#ANALYZE}), in manifest order. */
  public static List<FileResult> run(Path corpus, List<ManifestEntry> entries, Analyzer analyzer,
      AnalysisParams params, int threads) throws IOException {
    if (threads <= 1) {
      List<FileResult> out = new ArrayList<>();
      for (ManifestEntry e : entries) {
        out.add(analyze(corpus, e, analyzer, params));
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<FileResult>> futures = new ArrayList<>();
      for (ManifestEntry e : entries) {
        futures.add(pool.submit(() -> analyze(corpus, e, analyzer, params)));
      }
      List<FileResult> out = new ArrayList<>();
      for (Future<FileResult> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static FileResult analyze(Path corpus, ManifestEntry entry, Analyzer analyzer, AnalysisParams params)
      throws IOException {
    byte[] wav = Files.readAllBytes(corpus.resolve(entry.file()));
    if (params.speakerHints() == ORACLE_COUNT) {
      // --hint-num-speakers: each file is told its true count, as a caller passing num_speakers would
      int truth = entry.speakerCount();
      params = params.withSpeakerHints(truth >= 1 && truth <= SpeakerHints.MAX_HINT
          ? new SpeakerHints(truth, 0, 0) : SpeakerHints.NONE);
    }
    long t0 = System.nanoTime();
    try {
      var result = analyzer.analyze(wav, params, Cancellation.NONE);
      return FileResult.ok(entry, result, (System.nanoTime() - t0) / 1e6);
    } catch (AudioFormatException e) {
      return FileResult.rejected(entry, e.kind().name(), (System.nanoTime() - t0) / 1e6);
    } catch (RuntimeException e) {
      return FileResult.failed(entry, e.getClass().getName() + ": " + e.getMessage(), (System.nanoTime() - t0) / 1e6);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args[0].startsWith("-")) {
      usage();
    }
    Path corpus = Path.of(args[0]);
    String engine = "dsp";
    String speakers = "both";
    boolean hintCount = false;
    Path csv = null;
    int hop = AnalysisParams.DEFAULT_VAD_HOP_SIZE;
    double threshold = AnalysisParams.DEFAULT_VAD_THRESHOLD;
    int threads = 1;
    double collar = Report.DEFAULT_COLLAR_SECONDS;
    List<ClusteringRule> rules = List.of();
    List<Boolean> resegmentations = List.of();
    java.util.Optional<Path> speakerModel = java.util.Optional.empty();
    Double turnChangeLevel = null;
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--engine" -> engine = args[++i];
          case "--speakers" -> speakers = args[++i];
          case "--hint-num-speakers" -> hintCount = true;
          case "--csv" -> csv = Path.of(args[++i]);
          case "--hop" -> hop = Integer.parseInt(args[++i]);
          case "--threshold" -> threshold = Double.parseDouble(args[++i]);
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--collar" -> collar = Double.parseDouble(args[++i]);
          case "--clustering" -> rules = java.util.Arrays.stream(args[++i].split(","))
              .map(ClusteringRule::parse).toList();
          case "--resegmentation" -> resegmentations = java.util.Arrays.stream(args[++i].split(","))
              .map(Evaluate::parseResegmentation).toList();
          case "--speaker-model" -> speakerModel = java.util.Optional.of(Path.of(args[++i]));
          case "--turn-change-level" -> turnChangeLevel = Double.parseDouble(args[++i]);
          default -> usage();
        }
      }
    } catch (RuntimeException e) {
      usage();
    }
    List<Analyzer> analyzers = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    AnalysisParams params;
    try {
      VadEngines.Selection vad = VadEngines.select(VadEngines.Engine.parse(engine), java.util.Optional.empty());
      List<SpeakerEngines.Engine> counters = switch (speakers) {
        case "both" -> List.of(SpeakerEngines.Engine.CLASSIC, SpeakerEngines.Engine.EMBEDDING);
        case "classic" -> List.of(SpeakerEngines.Engine.CLASSIC);
        case "embedding" -> List.of(SpeakerEngines.Engine.EMBEDDING);
        default -> throw new IllegalArgumentException("--speakers must be both, classic or embedding");
      };
      for (SpeakerEngines.Engine counter : counters) {
        SpeakerEngines.Selection selection = SpeakerEngines.select(counter,
            counter == SpeakerEngines.Engine.CLASSIC ? java.util.Optional.empty() : speakerModel);
        if (counter == SpeakerEngines.Engine.EMBEDDING && turnChangeLevel != null) {
          SpeakerEmbeddingModel model = selection.model().orElseThrow();
          analyzers.add(new AudioAnalyzer(vad.vad(), new EmbeddingSpeakerCounter(model,
              model.counting().withTurnChangeLevel(turnChangeLevel))));
          labels.add("embedding/turn-change level " + turnChangeLevel);
        } else if (counter == SpeakerEngines.Engine.EMBEDDING && (!rules.isEmpty() || !resegmentations.isEmpty())) {
          SpeakerEmbeddingModel model = selection.model().orElseThrow();
          List<ClusteringRule> ruleList = rules.isEmpty() ? List.of(model.counting().clustering()) : rules;
          List<Boolean> resegList =
              resegmentations.isEmpty() ? List.of(model.counting().mfccResegmentation()) : resegmentations;
          for (ClusteringRule rule : ruleList) {
            for (boolean reseg : resegList) {
              analyzers.add(new AudioAnalyzer(vad.vad(), new EmbeddingSpeakerCounter(model,
                  model.counting().withClustering(rule).withMfccResegmentation(reseg))));
              labels.add("embedding/" + rule.jsonValue() + "/resegmentation " + (reseg ? "mfcc" : "none"));
            }
          }
        } else {
          analyzers.add(new AudioAnalyzer(vad.vad(), selection.counter()));
          labels.add(selection.counter().name());
        }
      }
      params = new AnalysisParams(Operation.ANALYZE, hop, threshold, MAX_AUDIO_SECONDS,
          hintCount ? ORACLE_COUNT : SpeakerHints.NONE);
    } catch (RuntimeException e) {
      // Unknown engine, bad parameter, or the Silero model missing from this build.
      System.err.println("eval: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<ManifestEntry> entries = Manifest.read(corpus.resolve(Manifest.FILE_NAME));
    StringBuilder counting = new StringBuilder();
    for (int a = 0; a < analyzers.size(); a++) {
      Analyzer analyzer = analyzers.get(a);
      long t0 = System.nanoTime();
      List<FileResult> results = run(corpus, entries, analyzer, params, threads);
      double wallSeconds = (System.nanoTime() - t0) / 1e9;
      if (a == 0) {
        Report report = new Report(results, collar);
        System.out.print(report.render(String.format(java.util.Locale.ROOT,
            "corpus %s (%d files), engine %s, speakers %s, vad_hop_size %d, vad_threshold %s, threads %d, wall %.1f s",
            corpus, entries.size(), analyzer.vadEngine(), analyzer.speakerEngine(), hop, threshold, threads,
            wallSeconds)));
        if (csv != null) {
          Files.writeString(csv, report.csv(), StandardCharsets.UTF_8);
          System.out.println("per-file CSV: " + csv);
        }
      }
      counting.append(new SpeakerCountReport(results, collar).render(labels.get(a)))
          .append(String.format(java.util.Locale.ROOT, "(wall %.1f s for the whole analysis of the corpus)%n",
              wallSeconds));
    }
    System.out.print(counting);
  }

  private static boolean parseResegmentation(String value) {
    return switch (value) {
      case "mfcc" -> true;
      case "none" -> false;
      default -> throw new IllegalArgumentException("--resegmentation takes none and/or mfcc");
    };
  }

  private static void usage() {
    System.err.println("usage: Evaluate CORPUS [--engine " + "auto|silero|dsp"
        + "] [--speakers both|classic|embedding] [--hint-num-speakers] [--csv FILE] [--hop N] [--threshold T] [--threads N] [--collar SECONDS] [--clustering ahc,spectral,ahc-spectral] [--resegmentation none,mfcc] [--speaker-model FILE.onnx] [--turn-change-level L]");
    System.exit(2);
  }
}
