// Frame F1 of a VAD engine on the project's corpus (single-speaker set), pooled per SNR band, on the 10 ms
// grid of the eval tools (a frame is speech when its centre lies in a segment), and the active-speech SNR
// error. A stop-gap until scripts/eval.sh can run every engine through the full analyzer; see
// docs/BENCHMARKS.md "Silero VAD".
//
//   java -cp target/audio-insight.jar scripts/VadF1.java CORPUS [silero|dsp ...]
//
// Each file goes through io.audioinsight.audio.SignalAnalyzer, the service's path after decoding (DC
// removal, spectrogram, noise floor, the engine, SpeechSegmenter, ActiveSpeechSnr), with hop 512 and
// threshold 0.5, so the segments and snr_db are the service's own.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SnrResult;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.audio.VoiceActivityDetector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

class VadF1 {
  static final int RATE = 16_000;
  static final int HOP = 512;
  static final double STEP = 0.010;

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    List<String> engines = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("silero", "dsp");
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(corpus.resolve("manifest.jsonl"))) {
      JsonNode e = json.readTree(line);
      if (e.path("set").asText().equals("single")) {
        entries.add(e);
      }
    }
    System.out.printf(Locale.ROOT, "corpus %s: %d single-speaker files; hop %d, threshold 0.5%n", corpus, entries.size(), HOP);
    for (String name : engines) {
      VoiceActivityDetector vad;
      try {
        vad = VadEngines.select(VadEngines.Engine.parse(name), Optional.empty()).vad();
      } catch (RuntimeException e) {
        System.out.println(name + ": not available: " + e.getMessage());
        continue;
      }
      SignalAnalyzer pipeline = new SignalAnalyzer(vad);
      TreeMap<Integer, long[]> bySnr = new TreeMap<>(); // tp, fp, fn
      TreeMap<String, long[]> byNoise = new TreeMap<>();
      TreeMap<String, double[]> snrErr = new TreeMap<>(); // sum |error|, files with estimate, files
      long t0 = System.nanoTime();
      double audioSeconds = 0;
      for (JsonNode e : entries) {
        float[] x = readPcm16(corpus.resolve(e.get("file").asText()));
        audioSeconds += x.length / (double) RATE;
        SnrResult snr = pipeline.analyze(x, HOP, 0.5, Cancellation.NONE).snr();
        List<double[]> hyp = new ArrayList<>();
        for (Segment seg : snr.speechSegments()) {
          hyp.add(new double[] {seg.start(), seg.end()});
        }
        if (!e.get("snr_db").isNull()) {
          double[] err = snrErr.computeIfAbsent(e.get("target_snr_db").asInt() <= 5 ? "-5..5" : "10..30", k -> new double[3]);
          err[2]++;
          if (snr.snrDb() != null) {
            err[0] += Math.abs(snr.snrDb() - e.get("snr_db").asDouble());
            err[1]++;
          }
        }
        List<double[]> ref = new ArrayList<>();
        for (JsonNode seg : e.get("speech_segments")) {
          ref.add(new double[] {seg.get("start").asDouble(), seg.get("end").asDouble()});
        }
        double duration = x.length / (double) RATE;
        boolean[] h = grid(hyp, duration);
        boolean[] r = grid(ref, duration);
        for (long[] c : new long[][] {bySnr.computeIfAbsent(e.get("target_snr_db").asInt(), k -> new long[3]),
            byNoise.computeIfAbsent(e.get("noise").asText(), k -> new long[3])}) {
          for (int i = 0; i < h.length; i++) {
            c[0] += h[i] && r[i] ? 1 : 0;
            c[1] += h[i] && !r[i] ? 1 : 0;
            c[2] += !h[i] && r[i] ? 1 : 0;
          }
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long[] low = new long[3];
      long[] high = new long[3];
      StringBuilder row = new StringBuilder();
      for (var en : bySnr.entrySet()) {
        row.append(String.format(Locale.ROOT, " %+d:%.3f", en.getKey(), f1(en.getValue())));
        long[] band = en.getKey() <= 5 ? low : high;
        for (int k = 0; k < 3; k++) {
          band[k] += en.getValue()[k];
        }
      }
      StringBuilder noises = new StringBuilder();
      for (var en : byNoise.entrySet()) {
        noises.append(String.format(Locale.ROOT, " %s:%.3f", en.getKey(), f1(en.getValue())));
      }
      StringBuilder snrs = new StringBuilder();
      for (var en : snrErr.entrySet()) {
        double[] v = en.getValue();
        snrs.append(String.format(Locale.ROOT, " %s dB: MAE %.3f dB (estimate for %.0f/%.0f files)", en.getKey(),
            v[0] / Math.max(1, v[1]), v[1], v[2]));
      }
      System.out.printf(Locale.ROOT, "%-6s  snr_db%s%n", "", snrs);
      System.out.printf(Locale.ROOT, "%-6s F1 -5..5 dB %.3f (P %.3f R %.3f) | 10..30 dB %.3f (P %.3f R %.3f)"
          + "  (%.0f s audio in %.1f s)%n  per SNR%s%n  per noise%s%n",
          vad.name(), f1(low), precision(low), recall(low), f1(high), precision(high), recall(high), audioSeconds,
          seconds, row, noises);
    }
  }

  static double precision(long[] c) {
    return c[0] / (double) Math.max(1, c[0] + c[1]);
  }

  static double recall(long[] c) {
    return c[0] / (double) Math.max(1, c[0] + c[2]);
  }

  static double f1(long[] c) {
    return 2.0 * c[0] / Math.max(1, 2 * c[0] + c[1] + c[2]);
  }

  static boolean[] grid(List<double[]> segments, double duration) {
    boolean[] g = new boolean[(int) Math.ceil(duration / STEP - 1e-9)];
    for (double[] s : segments) {
      int from = (int) Math.max(0, Math.ceil(s[0] / STEP - 0.5 - 1e-9));
      int to = (int) Math.min(g.length, Math.ceil(s[1] / STEP - 0.5 - 1e-9));
      for (int i = from; i < to; i++) {
        g[i] = true;
      }
    }
    return g;
  }

  /** The corpus's single-set files are 16 kHz mono PCM16. */
  static float[] readPcm16(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.getShort(22) != 1 || b.getInt(24) != RATE || b.getShort(34) != 16) {
      throw new IllegalArgumentException(file + " is not 16 kHz mono PCM16");
    }
    int pos = 12;
    while (pos + 8 <= b.limit()) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      if (id == 0x61746164) {
        int n = Math.min(size, b.limit() - pos - 8) / 2;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] = b.getShort(pos + 8 + 2 * i) / 32768f;
        }
        return x;
      }
      pos += 8 + size + (size & 1);
    }
    throw new IllegalArgumentException("no data chunk in " + file);
  }
}
