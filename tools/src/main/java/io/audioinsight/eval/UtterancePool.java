package io.audioinsight.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The speech the corpus is made of: for each voice, its utterances as 16 kHz mono float arrays with the
 * leading and trailing silence trimmed. Loaded from the directory {@code scripts/make-corpus.sh} fills with
 * espeak-ng output, or made in code for tests.
 */
public final class UtterancePool {

  public static final int RATE = 16_000;
  /** Samples below this fraction of the utterance peak count as silence when trimming the ends. */
  private static final double TRIM_FRACTION = 1e-3;

  private final List<Voice> voices;
  private final List<List<float[]>> utterances;

  public UtterancePool(List<Voice> voices, List<List<float[]>> utterances) {
    if (voices.size() != utterances.size() || voices.isEmpty()) {
      throw new IllegalArgumentException("need one non-empty utterance list per voice");
    }
    for (List<float[]> u : utterances) {
      if (u.isEmpty()) {
        throw new IllegalArgumentException("a voice has no utterances");
      }
    }
    this.voices = List.copyOf(voices);
    this.utterances = utterances.stream().map(List::copyOf).toList();
  }

  public List<Voice> voices() {
    return voices;
  }

  public int size() {
    return voices.size();
  }

  /** The utterances of voice number {@code voice}; callers must not modify the arrays. */
  public List<float[]> utterances(int voice) {
    return utterances.get(voice);
  }

  /**
   * Loads {@code dir/voices.tsv} (id, espeak voice, pitch, speed, lang; tab-separated, # comments) and each
   * voice's {@code dir/<id>/*.wav}, in file-name order.
   */
  public static UtterancePool load(Path dir) throws IOException {
    List<Voice> voices = new ArrayList<>();
    List<List<float[]>> all = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("voices.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      Voice v = new Voice(f[0], f[1], Integer.parseInt(f[2].trim()), Integer.parseInt(f[3].trim()), f[4].trim());
      List<Path> files;
      try (Stream<Path> s = Files.list(dir.resolve(v.id()))) {
        files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
      }
      List<float[]> utts = new ArrayList<>();
      for (Path p : files) {
        WavIo.Audio a = WavIo.read(Files.readAllBytes(p));
        float[] x = a.sampleRate() == RATE ? a.samples() : Resample.convert(a.samples(), a.sampleRate(), RATE);
        float[] t = trimmed(x);
        if (t.length >= RATE / 4) {
          utts.add(t);
        }
      }
      voices.add(v);
      all.add(utts);
    }
    return new UtterancePool(voices, all);
  }

  /** {@code x} without its near-silent ends. */
  static float[] trimmed(float[] x) {
    float peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    float floor = (float) (peak * TRIM_FRACTION);
    int from = 0;
    while (from < x.length && Math.abs(x[from]) <= floor) {
      from++;
    }
    int to = x.length;
    while (to > from && Math.abs(x[to - 1]) <= floor) {
      to--;
    }
    return java.util.Arrays.copyOfRange(x, from, to);
  }

  /**
   * Speech-like test signals for when espeak-ng is not wanted: each voice a harmonic complex at its own
   * pitch (90 Hz up in 35 Hz steps) with two moving formant peaks, in syllables of 120-280 ms separated by
   * 20-60 ms dips; utterances of 3-10 syllables.
   */
  public static UtterancePool synthetic(int voiceCount, int perVoice, long seed) {
    List<Voice> voices = new ArrayList<>();
    List<List<float[]>> all = new ArrayList<>();
    for (int v = 0; v < voiceCount; v++) {
      Random r = new Random(seed * 31 + v);
      double f0 = 90 + 35 * v;
      List<float[]> utts = new ArrayList<>();
      for (int u = 0; u < perVoice; u++) {
        utts.add(syntheticUtterance(f0, r));
      }
      voices.add(new Voice(String.format("s%02d", v + 1), "synthetic-" + (int) f0 + "Hz", 50, 160, "none"));
      all.add(utts);
    }
    return new UtterancePool(voices, all);
  }

  private static float[] syntheticUtterance(double f0, Random r) {
    int syllables = 3 + r.nextInt(8);
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    for (int s = 0; s < syllables; s++) {
      int len = (int) ((0.12 + 0.16 * r.nextDouble()) * RATE);
      double f1 = 300 + 500 * r.nextDouble();
      double f2 = 900 + 1300 * r.nextDouble();
      double pitch = f0 * (0.9 + 0.2 * r.nextDouble());
      float[] syl = new float[len];
      for (int h = 1; h * pitch < 4000; h++) {
        double hz = h * pitch;
        double amp = Math.exp(-sq((hz - f1) / 150)) + 0.5 * Math.exp(-sq((hz - f2) / 200)) + 0.02;
        double phase = 2 * Math.PI * r.nextDouble();
        for (int i = 0; i < len; i++) {
          syl[i] += (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE + phase));
        }
      }
      for (int i = 0; i < len; i++) {
        syl[i] *= (float) (0.1 * Math.sin(Math.PI * i / len));
      }
      parts.add(syl);
      total += len;
      int gap = (int) ((0.02 + 0.04 * r.nextDouble()) * RATE);
      parts.add(new float[gap]);
      total += gap;
    }
    float[] out = new float[total];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return trimmed(out);
  }

  private static double sq(double v) {
    return v * v;
  }
}
