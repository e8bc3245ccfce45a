package io.audioinsight.eval;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.noise.NoiseFloor;
import io.audioinsight.audio.snr.ActiveSpeechSnr;
import io.audioinsight.audio.vad.DspVad;
import io.audioinsight.audio.vad.FrameGrid;
import io.audioinsight.audio.vad.SpeechSegmenter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The training and selection table of the segment verifier experiment (scripts/train/segment-verifier): runs a VAD over a corpus made by NoiseCorpusBuilder or CorpusBuilder and writes one TSV row per crop
 * ({@link SegmentFeatures#crops}) of every speech segment it finds at each threshold: file, noise, target SNR,
 * expectation, segment number, VAD threshold, crop times, the share of the segment's and of the crop's frames inside
 * the ground-truth speech, and the {@link SegmentFeatures} ({@code f0..}).
 *
 * <p>Also writes {@code OUT.tsv.files}, one row per file at the first threshold: the true SNR, the SNR estimate
 * with the VAD's segments, with only the segments that hold speech (a perfect verifier), and with the ground-truth
 * speech as the mask (a perfect VAD): how much any segment verifier, or any VAD, could gain.
 *
 * <p>Usage: {@code DumpSegmentFeatures CORPUS dsp|silero OUT.tsv [THRESHOLD,...]} (default 0.5).
 */
public final class DumpSegmentFeatures {

  private static final int HOP = 512;
  /** A segment with at most this share of ground-truth speech frames is not speech (the perfect verifier's rule). */
  private static final double NOT_SPEECH_SHARE = 0.2;

  private DumpSegmentFeatures() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: DumpSegmentFeatures CORPUS dsp|silero OUT.tsv [THRESHOLD,...]");
      System.exit(2);
    }
    Path corpus = Path.of(args[0]);
    double[] thresholds = args.length > 3
        ? Arrays.stream(args[3].split(",")).mapToDouble(Double::parseDouble).toArray() : new double[] {0.5};
    try (VadEngines.Selection selection = VadEngines.select(VadEngines.Engine.parse(args[1]), Optional.empty());
         PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[2])));
         PrintStream files = new PrintStream(Files.newOutputStream(Path.of(args[2] + ".files")))) {
      out.print("file\tnoise\ttarget_snr\texpect\tsegment\tthreshold\tstart\tend\tsegment_share\tspeech_share");
      for (int i = 0; i < SegmentFeatures.SIZE; i++) {
        out.print("\tf" + i);
      }
      out.println();
      files.println("file\tnoise\ttarget_snr\ttrue_snr\tvad_snr\tspeech_segments_snr\ttruth_mask_snr");
      for (ManifestEntry e : Manifest.read(corpus.resolve(Manifest.FILE_NAME))) {
        if (!ManifestEntry.EXPECT_ERROR.equals(e.expect())) {
          dump(corpus, e, selection.vad(), thresholds, out, files);
        }
      }
    }
  }

  private static void dump(Path corpus, ManifestEntry e, VoiceActivityDetector vad, double[] thresholds,
                           PrintStream out, PrintStream files) throws IOException {
    WavIo.Audio audio = WavIo.read(Files.readAllBytes(corpus.resolve(e.file())));
    if (audio.sampleRate() != Spectrogram.SAMPLE_RATE) {
      return;
    }
    float[] raw = audio.samples();
    float[] x = withoutMean(raw);
    Spectrogram s = Spectrogram.of(x, Cancellation.NONE);
    NoiseFloor noise = NoiseFloor.track(s, Cancellation.NONE);
    // as SignalAnalyzer feeds each engine
    float[] p = vad instanceof DspVad dsp
        ? dsp.speechProbabilities(s, noise, x.length, HOP, Cancellation.NONE)
        : vad.speechProbabilities(raw, s, HOP, Cancellation.NONE);
    boolean[] truth = FrameGrid.framesInside(e.speechSegments(), s.frames());
    int segmentNumber = 0;
    for (int k = 0; k < thresholds.length; k++) {
      List<Segment> segments = SpeechSegmenter.segment(p, HOP, x.length, thresholds[k]).segments();
      List<Segment> speechOnly = new ArrayList<>();
      for (Segment seg : segments) {
        int[] range = frameRange(seg, s.frames());
        if (range[1] <= range[0]) {
          continue;
        }
        segmentNumber++;
        double segmentShare = share(truth, range[0], range[1]);
        if (segmentShare > NOT_SPEECH_SHARE) {
          speechOnly.add(seg);
        }
        int[][] crops = SegmentFeatures.crops(range[0], range[1]);
        float[][] features = SegmentFeatures.ofCrops(s, noise, range[0], range[1], crops);
        for (int c = 0; c < crops.length; c++) {
          out.printf("%s\t%s\t%s\t%s\t%d\t%.2f\t%.3f\t%.3f\t%.3f\t%.3f", e.file(), e.noise(), e.targetSnrDb(),
              e.expect(), segmentNumber, thresholds[k], crops[c][0] * Spectrogram.FRAME_SECONDS,
              crops[c][1] * Spectrogram.FRAME_SECONDS, segmentShare, share(truth, crops[c][0], crops[c][1]));
          for (float f : features[c]) {
            out.printf("\t%.4f", f);
          }
          out.println();
        }
      }
      if (k == 0) {
        files.printf("%s\t%s\t%s\t%s\t%s\t%s\t%s%n", e.file(), e.noise(), e.targetSnrDb(), e.snrDb(),
            ActiveSpeechSnr.estimateDb(s, noise, FrameGrid.framesInside(segments, s.frames()), Cancellation.NONE),
            ActiveSpeechSnr.estimateDb(s, noise, FrameGrid.framesInside(speechOnly, s.frames()), Cancellation.NONE),
            ActiveSpeechSnr.estimateDb(s, noise, truth, Cancellation.NONE));
      }
    }
  }

  /** The frames {@code [from, to)} whose centre lies inside {@code seg}, as {@link FrameGrid#framesInside} marks. */
  private static int[] frameRange(Segment seg, int frames) {
    boolean[] in = FrameGrid.framesInside(List.of(seg), frames);
    int from = -1;
    int to = -1;
    for (int t = 0; t < in.length; t++) {
      if (in[t]) {
        from = from < 0 ? t : from;
        to = t + 1;
      }
    }
    return new int[] {Math.max(0, from), Math.max(0, to)};
  }

  private static double share(boolean[] truth, int from, int to) {
    int n = 0;
    for (int t = from; t < to; t++) {
      n += truth[t] ? 1 : 0;
    }
    return n / (double) (to - from);
  }

  private static float[] withoutMean(float[] raw) {
    double mean = 0;
    for (float v : raw) {
      mean += v;
    }
    mean /= Math.max(1, raw.length);
    float[] x = new float[raw.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = raw[i] - (float) mean;
    }
    return x;
  }
}
