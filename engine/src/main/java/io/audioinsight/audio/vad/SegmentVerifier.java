package io.audioinsight.audio.vad;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.noise.NoiseFloor;
import io.audioinsight.audio.silero.ModelChecksum;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for each speech segment a voice activity engine found, whether it is speech at all: a small network
 * (one hidden layer of tanh units) over the segment's {@link SegmentFeatures}, trained offline
 * (scripts/train/segment-verifier) on recorded and synthetic voices in noise against rings, chimes, game effects,
 * music and typing that the engines took for speech. A frame gate cannot tell these apart (their per-frame
 * distributions overlap, docs/BENCHMARKS.md); a whole segment's behaviour can.
 *
 * <p>The weights are a text resource checked against {@link #SHA256} at load. Plain Java, in the order the file
 * gives, so the result is the same on every machine and thread. Immutable and thread-safe.
 */
public final class SegmentVerifier {

  public static final String RESOURCE = "/models/segment-verifier.tsv";
  public static final String SHA256 = "d43a1d7ca1c52052ff67dcbe1bbdcfc74123493e85784d365a25ae441690cb34";
  /** Segments whose speech logit is below this are not speech. Chosen on the tune split (docs/BENCHMARKS.md). */
  public static final double THRESHOLD = Double.parseDouble(System.getProperty("sv.threshold", "-5.0"));

  private final float[] mean;
  private final float[] std;
  private final float[][] hidden;
  private final float[] hiddenBias;
  private final float[] output;
  private final float outputBias;

  private SegmentVerifier(float[] mean, float[] std, float[][] hidden, float[] hiddenBias, float[] output,
                          float outputBias) {
    this.mean = mean;
    this.std = std;
    this.hidden = hidden;
    this.hiddenBias = hiddenBias;
    this.output = output;
    this.outputBias = outputBias;
  }

  private static final class Standard {
    static final SegmentVerifier INSTANCE = load();

    private static SegmentVerifier load() {
      try (InputStream in = SegmentVerifier.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("segment verifier weights " + RESOURCE + " missing from the engine jar");
        }
        byte[] bytes = in.readAllBytes();
        String actual = ModelChecksum.sha256Hex(bytes);
        if (!actual.equals(SHA256)) {
          throw new IllegalStateException("segment verifier weights " + RESOURCE + " failed their checksum (sha256 "
              + actual + ", expected " + SHA256 + ")");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Whether the shipped verifier checks {@code vad}'s segments: the DSP engine's. Silero's segments are left alone:
   * on the tune split it dropped as much of Silero's speech as of its false segments (docs/BENCHMARKS.md).
   */
  public static boolean appliesTo(io.audioinsight.audio.VoiceActivityDetector vad) {
    return vad instanceof DspVad;
  }

  /** The verifier with the weights shipped in the engine (loaded and checked once). */
  public static SegmentVerifier standard() {
    return Standard.INSTANCE;
  }

  /**
   * Parses the weights file of scripts/train/segment-verifier/train.py: {@code #} comments, then rows named
   * {@code mean}, {@code std} (one value per feature), {@code hidden<j>} (weights, then bias) and {@code output}.
   */
  static SegmentVerifier parse(String text) {
    float[] mean = null;
    float[] std = null;
    List<float[]> hidden = new ArrayList<>();
    float[] output = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      float[] v = new float[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        v[i - 1] = Float.parseFloat(f[i]);
      }
      if (f[0].equals("mean")) {
        mean = v;
      } else if (f[0].equals("std")) {
        std = v;
      } else if (f[0].startsWith("hidden")) {
        hidden.add(v);
      } else if (f[0].equals("output")) {
        output = v;
      }
    }
    int n = SegmentFeatures.SIZE;
    if (mean == null || std == null || output == null || hidden.isEmpty() || mean.length != n || std.length != n
        || output.length != hidden.size() + 1 || hidden.stream().anyMatch(h -> h.length != n + 1)) {
      throw new IllegalArgumentException("segment verifier weights do not fit " + n + " features");
    }
    float[][] w = new float[hidden.size()][];
    float[] b = new float[hidden.size()];
    for (int j = 0; j < w.length; j++) {
      w[j] = java.util.Arrays.copyOf(hidden.get(j), n);
      b[j] = hidden.get(j)[n];
    }
    return new SegmentVerifier(mean, std, w, b, java.util.Arrays.copyOf(output, w.length), output[w.length]);
  }

  /** The log-odds that a segment with these features is speech. */
  public double speechLogit(float[] features) {
    double[] z = new double[features.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = (features[i] - mean[i]) / std[i];
    }
    double out = outputBias;
    for (int j = 0; j < hidden.length; j++) {
      double a = hiddenBias[j];
      float[] w = hidden[j];
      for (int i = 0; i < z.length; i++) {
        a += w[i] * z[i];
      }
      out += output[j] * Math.tanh(a);
    }
    return out;
  }

  /**
   * The log-odds that spectrogram frames {@code [from, to)} are speech: the mean over its {@link #crops}, so that a
   * long segment is judged on what each second of it sounds like rather than on averages over many seconds.
   */
  public double speechLogit(Spectrogram spectrogram, NoiseFloor noise, int from, int to) {
    float[][] features = SegmentFeatures.ofCrops(spectrogram, noise, from, to, crops(from, to));
    double sum = 0;
    for (float[] f : features) {
      sum += speechLogit(f);
    }
    return sum / features.length;
  }

  /** Frames of one crop (1 s), and the step between crops (half of one). */
  public static final int CROP_FRAMES = 100;
  static final int CROP_STEP = CROP_FRAMES / 2;

  /**
   * The frame ranges a segment {@code [from, to)} is scored on: itself when it is at most {@link #CROP_FRAMES}
   * long, else crops of that length every {@link #CROP_STEP} frames, the last one ending with the segment.
   */
  public static int[][] crops(int from, int to) {
    int n = to - from;
    if (n <= CROP_FRAMES) {
      return new int[][] {{from, to}};
    }
    int count = (n - CROP_FRAMES + CROP_STEP - 1) / CROP_STEP + 1;
    int[][] out = new int[count][];
    for (int i = 0; i < count; i++) {
      int a = Math.min(from + i * CROP_STEP, to - CROP_FRAMES);
      out[i] = new int[] {a, a + CROP_FRAMES};
    }
    return out;
  }

  /**
   * The segments (seconds) that are speech: those whose frames ({@link FrameGrid#framesInside}) score at least
   * {@link #THRESHOLD}; a segment that covers no frame is kept as it is.
   */
  public List<Segment> speechOnly(List<Segment> segments, Spectrogram spectrogram, NoiseFloor noise) {
    List<Segment> kept = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      int[] range = FrameGrid.frameRange(s, spectrogram.frames());
      if (range[1] <= range[0] || speechLogit(spectrogram, noise, range[0], range[1]) >= THRESHOLD) {
        kept.add(s);
      }
    }
    return kept;
  }

  /** {@code activity} without the segments that are not speech, its ratio over {@code duration} seconds. */
  public SpeechActivity verify(SpeechActivity activity, Spectrogram spectrogram, NoiseFloor noise,
                               double durationSeconds) {
    List<Segment> kept = speechOnly(activity.segments(), spectrogram, noise);
    if (kept.size() == activity.segments().size()) {
      return activity;
    }
    double total = 0;
    for (Segment s : kept) {
      total += s.end() - s.start();
    }
    double ratio = durationSeconds > 0 ? Math.min(1.0, total / durationSeconds) : 0.0;
    return new SpeechActivity(kept, ratio);
  }
}
