package io.audioinsight.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How far each compressed format moves the answer from the WAV's: for every {@code NAME.wav} under a directory
 * with encodings {@code NAME.wav.mp3}, {@code .opus}, {@code .m4a}, {@code .ogg} beside it (made by
 * {@code scripts/format-agreement.sh}), the analysis of each encoding against the WAV's: speech ratio, active-speech
 * SNR and speaker count. Prints one Markdown row per format. DSP engine, one thread.
 *
 * <p>With a second argument, also writes one tab-separated line per file and format there (the WAV's and the
 * encoding's snr_db, speech_ratio and speaker_count), to see which files miss and why.
 */
public final class FormatAgreement {

  private FormatAgreement() {}

  public static void main(String[] args) throws IOException {
    Analyzer analyzer = Engines.dsp();
    AnalysisParams params = AnalysisParams.defaults(Operation.ANALYZE, 3600);
    List<Path> wavs;
    try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
      wavs = files.filter(p -> p.toString().endsWith(".wav") && Files.exists(Path.of(p + ".mp3"))).sorted().toList();
    }
    Map<String, List<double[]>> deltas = new LinkedHashMap<>();
    List<String> perFile = new ArrayList<>();
    perFile.add("file\tformat\twav_snr_db\tsnr_db\twav_speech_ratio\tspeech_ratio\twav_speaker_count\tspeaker_count");
    for (Path wav : wavs) {
      AnalysisResult reference = analyzer.analyze(Files.readAllBytes(wav), params, Cancellation.NONE);
      for (String ext : new String[] {"mp3", "opus", "m4a", "ogg"}) {
        Path encoded = Path.of(wav + "." + ext);
        if (!Files.exists(encoded)) {
          continue;
        }
        AnalysisResult r = analyzer.analyze(Files.readAllBytes(encoded), params, Cancellation.NONE);
        double ratio = Math.abs(r.snr().speechRatio() - reference.snr().speechRatio());
        double snr = reference.snr().snrDb() == null || r.snr().snrDb() == null
            ? (reference.snr().snrDb() == r.snr().snrDb() ? 0 : Double.NaN)
            : Math.abs(r.snr().snrDb() - reference.snr().snrDb());
        double sameCount = r.speakers().speakerCount() == reference.speakers().speakerCount() ? 1 : 0;
        deltas.computeIfAbsent(ext, k -> new ArrayList<>()).add(new double[] {ratio, snr, sameCount});
        perFile.add(String.format(Locale.ROOT, "%s\t%s\t%s\t%s\t%.4f\t%.4f\t%d\t%d", wav.getFileName(), ext,
            reference.snr().snrDb(), r.snr().snrDb(), reference.snr().speechRatio(), r.snr().speechRatio(),
            reference.speakers().speakerCount(), r.speakers().speakerCount()));
      }
    }
    if (args.length > 1) {
      Files.write(Path.of(args[1]), perFile);
    }
    System.out.println("| format | files | speech_ratio: mean / max abs diff | within 0.03 | snr_db: mean / max abs diff"
        + " | within 1 dB | speaker_count exact |");
    System.out.println("|---|---:|---|---:|---|---:|---:|");
    deltas.forEach((ext, list) -> {
      int n = list.size();
      double ratioMean = list.stream().mapToDouble(d -> d[0]).average().orElse(0);
      double ratioMax = list.stream().mapToDouble(d -> d[0]).max().orElse(0);
      long ratioOk = list.stream().filter(d -> d[0] <= 0.03).count();
      double snrMean = list.stream().mapToDouble(d -> d[1]).filter(Double::isFinite).average().orElse(0);
      double snrMax = list.stream().mapToDouble(d -> d[1]).filter(Double::isFinite).max().orElse(0);
      long snrOk = list.stream().filter(d -> d[1] <= 1).count();
      long exact = list.stream().filter(d -> d[2] == 1).count();
      System.out.printf(Locale.ROOT, "| %s | %d | %.4f / %.3f | %d/%d | %.2f / %.2f | %d/%d | %d/%d |%n", ext, n,
          ratioMean, ratioMax, ratioOk, n, snrMean, snrMax, snrOk, n, exact, n);
    });
  }
}
