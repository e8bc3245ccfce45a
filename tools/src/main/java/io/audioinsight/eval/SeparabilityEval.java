package io.audioinsight.eval;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.SpeechAnalysis;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.WavDecoder;
import io.audioinsight.audio.speakers.VoiceSeparability;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.eval.SeparabilitySummary.FileScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link SeparabilitySummary} for each corpus made by {@code scripts/make-corpus.sh}: every file of the
 * {@code single} and {@code speakers} sets with speech, on the DSP VAD's speech frames (default hop and threshold,
 * as {@code scripts/eval.sh}) and the true turns of the manifest.
 *
 * <p>Usage: {@code SeparabilityEval CORPUS [CORPUS ...]}. Exit status 2 on bad arguments.
 */
public final class SeparabilityEval {

  private SeparabilityEval() {}

  static FileScores score(Path corpus, ManifestEntry entry, SignalAnalyzer signal) throws IOException {
    DecodedAudio decoded = WavDecoder.decode(Files.readAllBytes(corpus.resolve(entry.file())),
        Evaluate.MAX_AUDIO_SECONDS);
    float[] samples = Resampler.toRate(
        decoded.samples(), decoded.sampleRate(), Spectrogram.SAMPLE_RATE, Cancellation.NONE);
    SpeechAnalysis speech = signal.analyze(samples, AnalysisParams.DEFAULT_VAD_HOP_SIZE,
        AnalysisParams.DEFAULT_VAD_THRESHOLD, false, Cancellation.NONE);
    return new FileScores(entry.file(), entry.speakerCount(), VoiceSeparability.score(
        speech.spectrogram(), speech.speechFrames(), entry.turns(), Cancellation.NONE));
  }

  public static void main(String[] args) throws IOException {
    if (args.length == 0 || args[0].startsWith("-")) {
      System.err.println("usage: SeparabilityEval CORPUS [CORPUS ...]");
      System.exit(2);
    }
    SignalAnalyzer signal = new SignalAnalyzer(new DspVad());
    for (String arg : args) {
      Path corpus = Path.of(arg);
      List<FileScores> files = new ArrayList<>();
      for (ManifestEntry e : Manifest.read(corpus.resolve(Manifest.FILE_NAME))) {
        boolean speakerSet = ManifestEntry.SET_SINGLE.equals(e.set()) || ManifestEntry.SET_SPEAKERS.equals(e.set());
        if (speakerSet && ManifestEntry.EXPECT_OK.equals(e.expect()) && e.speakerCount() >= 1) {
          files.add(score(corpus, e, signal));
        }
      }
      System.out.print(new SeparabilitySummary(files).render("corpus " + corpus + " (" + files.size() + " files)"));
    }
  }
}
