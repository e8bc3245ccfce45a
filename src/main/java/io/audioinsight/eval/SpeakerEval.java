package io.audioinsight.eval;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.SpeechAnalysis;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.speakers.SpeakerCounter;
import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.WavDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Speaker-count accuracy and speed on a corpus made by scripts/speaker-devset.py (WAVs and manifest.tsv: file,
 * count, condition, snr, voices, turns as start:end:speaker).
 *
 * <p>Speech frames come from the DSP VAD (as in the service, default hop 512 and threshold 0.5). Prints per
 * file the true and found counts, then exact-count accuracy, mean absolute error, the confusion
 * by true count, the diarization error rate (no collar, on a 10 ms grid; misses include the pauses inside
 * turns that the VAD rightly drops) and the speaker stage's time per 60 s of audio.
 *
 * <p>Usage: {@code java -cp target/classes io.audioinsight.eval.SpeakerEval CORPUS_DIR [coeffs chunkS lambda
 * penalty iterations]}
 */
public final class SpeakerEval {

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** The production path up to the speaker stage: DC removal, spectrogram, DSP VAD (default hop/threshold). */
  private static final SignalAnalyzer VAD = new SignalAnalyzer(new DspVad());

  private SpeakerEval() {}

  public static void main(String[] args) throws IOException {
    if (args[0].equals("--bench")) {
      bench(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 30);
      return;
    }
    Path dir = Path.of(args[0]);
    SpeakerCounter counter = args.length >= 6
        ? new SpeakerCounter(new SpeakerCounter.Settings(
            Integer.parseInt(args[1]), Double.parseDouble(args[2]), Double.parseDouble(args[3]),
            Double.parseDouble(args[4]), Integer.parseInt(args[5])))
        : new SpeakerCounter();
    List<String> lines = Files.readAllLines(dir.resolve("manifest.tsv"));
    int files = 0;
    int exact = 0;
    double absErr = 0;
    int[][] confusion = new int[5][8];
    long derMiss = 0;
    long derFa = 0;
    long derConf = 0;
    long derRef = 0;
    double speakerNanos = 0;
    double audioSeconds = 0;
    boolean quiet = System.getProperty("quiet") != null;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t", -1);
      int truth = Integer.parseInt(f[1]);
      float[] samples = read16k(dir.resolve(f[0]));
      SpeechAnalysis sa = VAD.analyze(samples, 512, 0.5, false, Cancellation.NONE);
      Spectrogram spec = sa.spectrogram();
      boolean[] speech = sa.speechFrames();
      SpeakerResult r = counter.count(spec, speech, Cancellation.NONE);
      // thread CPU time of a few repeats after the first run, for a steadier figure on a busy machine
      long t0 = CPU.getCurrentThreadCpuTime();
      int reps = 3;
      for (int i = 0; i < reps; i++) {
        r = counter.count(spec, speech, Cancellation.NONE);
      }
      speakerNanos += (CPU.getCurrentThreadCpuTime() - t0) / (double) reps;
      audioSeconds += samples.length / (double) Spectrogram.SAMPLE_RATE;
      int found = r.speakerCount();
      files++;
      if (found == truth) {
        exact++;
      }
      absErr += Math.abs(found - truth);
      confusion[Math.min(truth, 4)][Math.min(found, 7)]++;
      int[] ref = referenceGrid(f.length > 5 ? f[5] : "", spec.frames());
      int[] hyp = hypothesisGrid(r.speakerSegments(), spec.frames());
      long[] der = der(ref, hyp);
      derMiss += der[0];
      derFa += der[1];
      derConf += der[2];
      derRef += der[3];
      if (!quiet) {
        System.out.printf(Locale.ROOT, "%-16s %-6s %-3s true=%d found=%d conf=%.3f  %s%n", f[0], f[2], f[3], truth,
            found, der[3] == 0 ? 0.0 : der[2] / (double) der[3], found == truth ? "" : "<-- " + f[4]);
      }
    }
    System.out.printf(Locale.ROOT, "files=%d exact=%.3f mae=%.3f der=%.3f (miss=%.3f fa=%.3f conf=%.3f)"
            + " speaker_cpu_ms_per_60s=%.2f%n",
        files, exact / (double) files, absErr / files,
        (derMiss + derFa + derConf) / (double) derRef, derMiss / (double) derRef, derFa / (double) derRef,
        derConf / (double) derRef, speakerNanos / 1e6 / audioSeconds * 60.0);
    System.out.println("confusion (rows: true count 0-4, columns: found 0-7)");
    for (int t = 0; t < 5; t++) {
      System.out.println("  " + t + ": " + Arrays.toString(confusion[t]));
    }
  }

  /**
   * Single-thread speed of the speaker stage alone on one file (spectrogram and speech mask made once):
   * prints the median thread CPU time of {@code reps} runs after as many warm-up runs, and the same per 60 s.
   */
  static void bench(Path wav, int reps) throws IOException {
    float[] samples = read16k(wav);
    SpeechAnalysis sa = VAD.analyze(samples, 512, 0.5, false, Cancellation.NONE);
    Spectrogram spec = sa.spectrogram();
    boolean[] speech = sa.speechFrames();
    SpeakerCounter counter = new SpeakerCounter();
    SpeakerResult r = null;
    for (int i = 0; i < reps; i++) {
      r = counter.count(spec, speech, Cancellation.NONE);
    }
    // thread CPU time, not wall time: the shared machines this runs on are busy, and CPU time is what the
    // stage costs a worker thread
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      r = counter.count(spec, speech, Cancellation.NONE);
      ms[i] = (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    double seconds = samples.length / (double) Spectrogram.SAMPLE_RATE;
    double median = ms[reps / 2];
    System.out.printf(Locale.ROOT, "speakers %s: %.1f s audio, %d speakers, median CPU %.2f ms (min %.2f, max %.2f)"
            + " = %.2f ms per 60 s = %.0fx real time%n",
        wav.getFileName(), seconds, r.speakerCount(), median, ms[0], ms[reps - 1], median / seconds * 60,
        seconds * 1000 / median);
  }

  /** Any WAV the engine accepts, as 16 kHz mono. */
  static float[] read16k(Path p) throws IOException {
    DecodedAudio a = WavDecoder.decode(Files.readAllBytes(p), 24 * 3600);
    return Resampler.toRate(a.samples(), a.sampleRate(), Spectrogram.SAMPLE_RATE);
  }

  private static int[] referenceGrid(String turns, int frames) {
    int[] g = new int[frames];
    if (turns.isBlank()) {
      return g;
    }
    for (String t : turns.trim().split(" ")) {
      String[] p = t.split(":");
      fill(g, Double.parseDouble(p[0]), Double.parseDouble(p[1]), Integer.parseInt(p[2]));
    }
    return g;
  }

  private static int[] hypothesisGrid(List<SpeakerSegment> segs, int frames) {
    int[] g = new int[frames];
    for (SpeakerSegment s : segs) {
      fill(g, s.start(), s.end(), s.speaker());
    }
    return g;
  }

  private static void fill(int[] g, double start, double end, int label) {
    int a = Math.max(0, (int) Math.round(start / Spectrogram.FRAME_SECONDS));
    int b = Math.min(g.length, (int) Math.round(end / Spectrogram.FRAME_SECONDS));
    for (int i = a; i < b; i++) {
      g[i] = label;
    }
  }

  /** {miss, false alarm, confusion, reference speech} frames under the best one-to-one speaker mapping. */
  static long[] der(int[] ref, int[] hyp) {
    int nr = 0;
    int nh = 0;
    for (int i = 0; i < ref.length; i++) {
      nr = Math.max(nr, ref[i]);
      nh = Math.max(nh, hyp[i]);
    }
    long[][] overlap = new long[nr + 1][nh + 1];
    long miss = 0;
    long fa = 0;
    long refSpeech = 0;
    long both = 0;
    for (int i = 0; i < ref.length; i++) {
      overlap[ref[i]][hyp[i]]++;
      if (ref[i] > 0) {
        refSpeech++;
        if (hyp[i] == 0) {
          miss++;
        } else {
          both++;
        }
      } else if (hyp[i] > 0) {
        fa++;
      }
    }
    long matched = bestMatch(overlap, 1, new boolean[nh + 1]);
    return new long[] {miss, fa, both - matched, refSpeech};
  }

  private static long bestMatch(long[][] overlap, int r, boolean[] used) {
    if (r >= overlap.length) {
      return 0;
    }
    long best = bestMatch(overlap, r + 1, used); // this reference speaker unmatched
    for (int h = 1; h < used.length; h++) {
      if (!used[h]) {
        used[h] = true;
        best = Math.max(best, overlap[r][h] + bestMatch(overlap, r + 1, used));
        used[h] = false;
      }
    }
    return best;
  }
}
