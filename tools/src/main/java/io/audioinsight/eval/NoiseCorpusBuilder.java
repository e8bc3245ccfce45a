package io.audioinsight.eval;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SpeakerSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The real-noise corpus of issue 17: real voices (an {@link UtterancePool} of recorded speakers) in real,
 * non-stationary noise at -5..30 dB, written in the {@code manifest.jsonl} format that {@link Evaluate} reads.
 *
 * <ul>
 *   <li>Set {@code single}: one voice in each of {@link #NOISES} at each of {@link #SNRS_DB}. {@code alarm}
 *       (rings, chimes, beeps of desktop sound themes) and {@code sfx} (game sound effects) are recorded clips
 *       placed as events over a quiet hiss; {@code music} is recorded music; {@code keyboard}, {@code traffic}
 *       and {@code rumble} are made in code ({@link RealWorldNoise}); {@code babble} is five other recorded
 *       voices; {@code mix2} is two of the others at once (the pair is the entry's condition).</li>
 *   <li>Set {@code edge}: noise without speech (ringing phones with music, alarms, typing, music, digital
 *       silence), where the engine must find no speech.</li>
 * </ul>
 *
 * <p>Against overfitting, the recordings of each category are split in two by their sorted position (even:
 * {@code tune}, odd: {@code report}); the script gives each split its own voices. Deterministic per seed.
 *
 * <p>Usage: {@code NoiseCorpusBuilder --voices DIR --recordings DIR --split tune|report --out DIR [--seed N]
 * [--repeats N]}. {@code --recordings} holds {@code alarm/}, {@code sfx/} and {@code music/} with WAV files.
 */
public final class NoiseCorpusBuilder {

  public static final int RATE = 16_000;
  public static final List<String> NOISES =
      List.of("alarm", "sfx", "music", "keyboard", "traffic", "rumble", "babble", "mix2");
  /** The noises a {@code mix2} file draws its pair from. */
  static final List<String> MIXABLE = NOISES.subList(0, NOISES.size() - 1);
  public static final List<Integer> SNRS_DB = List.of(-5, 0, 5, 10, 15, 20, 30);
  static final List<String> RECORDED = List.of("alarm", "sfx", "music");
  static final int BABBLE_VOICES = 5;
  static final double MIN_SECONDS = 8;
  static final double MAX_SECONDS = 16;
  /** Recordings quieter than -60 dBFS RMS are left out (two tracker modules that ffmpeg decodes as silence). */
  static final double MIN_RECORDING_POWER = 1e-6;
  /** RMS level of the noise-only edge files: a room with a phone ringing at some distance. */
  static final double NOISE_ONLY_DBFS = -28;

  private final UtterancePool pool;
  private final Recordings recordings;
  private final Path out;
  private final long seed;
  private final int repeats;
  private final List<ManifestEntry> entries = new ArrayList<>();

  /** The recorded clips of each category, already cut to one split. */
  record Recordings(List<float[]> alarm, List<float[]> sfx, List<float[]> music) {

    static Recordings load(Path dir, String split) throws IOException {
      return new Recordings(category(dir.resolve("alarm"), split), category(dir.resolve("sfx"), split),
          category(dir.resolve("music"), split));
    }

    private static List<float[]> category(Path dir, String split) throws IOException {
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
      }
      int parity = split.equals("tune") ? 0 : 1;
      List<float[]> out = new ArrayList<>();
      for (int i = parity; i < files.size(); i += 2) {
        WavIo.Audio a = WavIo.read(Files.readAllBytes(files.get(i)));
        float[] x = a.sampleRate() == RATE ? a.samples() : Resample.convert(a.samples(), a.sampleRate(), RATE);
        x = withoutSilentSeconds(x);
        if (x.length >= RATE / 100 && GroundTruth.meanPower(x) > MIN_RECORDING_POWER) {
          out.add(x);
        }
      }
      if (out.isEmpty()) {
        throw new IOException("no usable recordings in " + dir + " for split " + split);
      }
      return out;
    }
  }

  /**
   * {@code x} without its silent seconds (below {@link #MIN_RECORDING_POWER}): some decoded tracker modules
   * end in long digital silence, and a stretch of music noise must not be silence.
   */
  static float[] withoutSilentSeconds(float[] x) {
    float[] out = new float[x.length];
    int n = 0;
    for (int from = 0; from < x.length; from += RATE) {
      float[] second = java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + RATE));
      if (GroundTruth.meanPower(second) > MIN_RECORDING_POWER) {
        System.arraycopy(second, 0, out, n, second.length);
        n += second.length;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  public NoiseCorpusBuilder(UtterancePool pool, Recordings recordings, Path out, long seed, int repeats) {
    this.pool = pool;
    this.recordings = recordings;
    this.out = out;
    this.seed = seed;
    this.repeats = repeats;
  }

  public static void main(String[] args) throws IOException {
    Path voices = null;
    Path recordingsDir = null;
    Path out = null;
    String split = null;
    long seed = 20_261_205L;
    int repeats = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--voices" -> voices = Path.of(args[++i]);
        case "--recordings" -> recordingsDir = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--split" -> split = args[++i];
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--repeats" -> repeats = Integer.parseInt(args[++i]);
        default -> usage();
      }
    }
    if (voices == null || recordingsDir == null || out == null || !("tune".equals(split) || "report".equals(split))) {
      usage();
      return;
    }
    long t0 = System.nanoTime();
    UtterancePool pool = UtterancePool.load(voices);
    Recordings recordings = Recordings.load(recordingsDir, split);
    List<ManifestEntry> entries = new NoiseCorpusBuilder(pool, recordings, out, seed + split.hashCode(), repeats).build();
    double audio = entries.stream().mapToDouble(ManifestEntry::durationS).sum();
    System.out.printf(Locale.ROOT, "%d files, %.0f s of audio, %d voices, recordings alarm %d sfx %d music %d, in %.1f s%n",
        entries.size(), audio, pool.size(), recordings.alarm().size(), recordings.sfx().size(),
        recordings.music().size(), (System.nanoTime() - t0) / 1e9);
  }

  private static void usage() {
    System.err.println("usage: NoiseCorpusBuilder --voices DIR --recordings DIR --split tune|report --out DIR"
        + " [--seed N] [--repeats N]");
    System.exit(2);
  }

  public List<ManifestEntry> build() throws IOException {
    entries.clear();
    Files.createDirectories(out.resolve(ManifestEntry.SET_SINGLE));
    Files.createDirectories(out.resolve(ManifestEntry.SET_EDGE));
    buildSingle();
    buildNoiseOnly();
    Manifest.write(out.resolve(Manifest.FILE_NAME), entries);
    return List.copyOf(entries);
  }

  private void buildSingle() throws IOException {
    int file = 0;
    for (String noise : NOISES) {
      for (int snr : SNRS_DB) {
        for (int rep = 0; rep < repeats; rep++, file++) {
          String name = String.format(Locale.ROOT, "single/%s_snr%+03d_%d.wav", noise, snr, rep + 1);
          Random r = rng(name);
          int voice = (file * 3 + rep) % pool.size();
          float[] speech = monologue(voice, MIN_SECONDS + (MAX_SECONDS - MIN_SECONDS) * r.nextDouble(), r);
          String condition = noise;
          float[] rawNoise;
          if (noise.equals("mix2")) {
            List<String> pair = new ArrayList<>(MIXABLE);
            Collections.shuffle(pair, r);
            condition = pair.get(0) + "+" + pair.get(1);
            rawNoise = RealWorldNoise.mixture(noise(pair.get(0), speech.length, voice, r),
                noise(pair.get(1), speech.length, voice, r), r);
          } else {
            rawNoise = noise(noise, speech.length, voice, r);
          }
          if (!(GroundTruth.meanPower(rawNoise) > 0)) {
            throw new IllegalStateException(name + ": " + condition + " noise is silent");
          }
          float[] scaledNoise = SnrMixer.scaled(rawNoise, SnrMixer.noiseGain(speech, rawNoise, RATE, snr));
          double gain = peakGain(SnrMixer.sum(speech, scaledNoise), -20 + 19 * r.nextDouble());
          float[] s = SnrMixer.scaled(speech, gain);
          float[] n = SnrMixer.scaled(scaledNoise, gain);
          write(name, SnrMixer.sum(s, n));
          entries.add(entry(name, condition, noise, (double) snr, s, n, voice));
        }
      }
    }
  }

  private void buildNoiseOnly() throws IOException {
    int n = 8 * RATE;
    Random r = rng("edge/noise_only_phone_music.wav");
    noiseOnly("edge/noise_only_phone_music.wav", "phone_music",
        RealWorldNoise.mixture(noise("alarm", n, -1, r), noise("music", n, -1, r), r),
        "ringing phones and chimes over recorded music, no speech");
    r = rng("edge/noise_only_alarm.wav");
    noiseOnly("edge/noise_only_alarm.wav", "alarm", noise("alarm", n, -1, r), "rings, chimes and alerts, no speech");
    r = rng("edge/noise_only_music.wav");
    noiseOnly("edge/noise_only_music.wav", "music", noise("music", n, -1, r), "recorded music, no speech");
    r = rng("edge/noise_only_keyboard.wav");
    noiseOnly("edge/noise_only_keyboard.wav", "keyboard", noise("keyboard", n, -1, r), "typing, no speech");
    r = rng("edge/noise_only_traffic.wav");
    noiseOnly("edge/noise_only_traffic.wav", "traffic", noise("traffic", n, -1, r), "traffic, no speech");
    float[] zeros = new float[n];
    write("edge/silence.wav", zeros);
    entries.add(noSpeechEntry("edge/silence.wav", "silence", "none", n, "digital silence, 8 s"));
  }

  private void noiseOnly(String name, String noise, float[] unitRms, String note) throws IOException {
    write(name, SnrMixer.scaled(unitRms, Math.pow(10, NOISE_ONLY_DBFS / 20)));
    entries.add(noSpeechEntry(name, "noise_only_" + noise, noise, unitRms.length,
        note + String.format(Locale.ROOT, ", %.0f dBFS RMS", NOISE_ONLY_DBFS)));
  }

  private ManifestEntry noSpeechEntry(String name, String condition, String noise, int samples, String note) {
    return new ManifestEntry(name, ManifestEntry.SET_EDGE, condition, noise, null, null, null,
        CorpusBuilder.round((double) samples / RATE), RATE, 1, "pcm16", 0.0, List.of(), 0, List.of(), List.of(),
        ManifestEntry.EXPECT_NO_SPEECH, null, note);
  }

  /** Unit-RMS noise of one type; babble is made of voices other than {@code voice} (-1: any). */
  private float[] noise(String type, int n, int voice, Random r) {
    long s = r.nextLong();
    return switch (type) {
      case "alarm" -> RealWorldNoise.events(recordings.alarm(), n, RATE, new Random(s));
      case "sfx" -> RealWorldNoise.events(recordings.sfx(), n, RATE, new Random(s));
      case "music" -> RealWorldNoise.looped(recordings.music(), n, new Random(s));
      case "keyboard" -> RealWorldNoise.keyboard(n, RATE, s);
      case "traffic" -> RealWorldNoise.traffic(n, RATE, s);
      case "rumble" -> RealWorldNoise.rumble(n, RATE, s);
      case "babble" -> babble(n, voice, new Random(s));
      default -> throw new IllegalArgumentException("unknown noise " + type);
    };
  }

  /** {@value #BABBLE_VOICES} other recorded voices talking continuously at once, each at unit RMS. */
  private float[] babble(int n, int excludedVoice, Random r) {
    List<Integer> others = new ArrayList<>();
    for (int v = 0; v < pool.size(); v++) {
      if (v != excludedVoice) {
        others.add(v);
      }
    }
    Collections.shuffle(others, r);
    float[] sum = new float[n];
    for (int k = 0; k < Math.min(BABBLE_VOICES, others.size()); k++) {
      List<float[]> utts = pool.utterances(others.get(k));
      float[] stream = new float[n];
      int at = -(int) (r.nextDouble() * RATE);
      while (at < n) {
        float[] u = utts.get(r.nextInt(utts.size()));
        for (int i = Math.max(0, -at); i < u.length && at + i < n; i++) {
          stream[at + i] = u[i];
        }
        at += u.length + (int) (0.05 * RATE * r.nextDouble());
      }
      Noise.normalized(stream);
      for (int i = 0; i < n; i++) {
        sum[i] += stream[i];
      }
    }
    return Noise.normalized(sum);
  }

  /** One voice's utterances with 0.2-1.5 s pauses, about {@code seconds} long, with 0.3-1 s silent ends. */
  private float[] monologue(int voice, double seconds, Random r) {
    List<float[]> utts = pool.utterances(voice);
    List<float[]> parts = new ArrayList<>();
    parts.add(new float[(int) ((0.3 + 0.7 * r.nextDouble()) * RATE)]);
    int total = parts.get(0).length;
    while (total < seconds * RATE) {
      float[] u = SnrMixer.scaled(utts.get(r.nextInt(utts.size())), Math.pow(10, (-2 + 4 * r.nextDouble()) / 20));
      parts.add(u);
      float[] gap = new float[(int) ((0.2 + 1.3 * r.nextDouble()) * RATE)];
      parts.add(gap);
      total += u.length + gap.length;
    }
    total -= parts.remove(parts.size() - 1).length;
    float[] tail = new float[(int) ((0.3 + 0.7 * r.nextDouble()) * RATE)];
    parts.add(tail);
    total += tail.length;
    float[] x = new float[total];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, x, at, p.length);
      at += p.length;
    }
    return x;
  }

  private ManifestEntry entry(String name, String condition, String noise, Double target, float[] speech,
      float[] noiseTrack, int voice) {
    List<Segment> segments = GroundTruth.speechSegments(speech, RATE);
    double duration = (double) speech.length / RATE;
    String voiceName = pool.voices().get(voice).id();
    List<SpeakerSegment> turns = segments.stream()
        .map(s -> new SpeakerSegment(CorpusBuilder.round(s.start()), CorpusBuilder.round(s.end()), 1)).toList();
    return new ManifestEntry(name, ManifestEntry.SET_SINGLE, condition, noise, target,
        CorpusBuilder.round(GroundTruth.snrDb(speech, noiseTrack, RATE)),
        CorpusBuilder.round(GroundTruth.globalSnrDb(speech, noiseTrack, RATE)), CorpusBuilder.round(duration), RATE, 1,
        "pcm16", CorpusBuilder.round(GroundTruth.totalSeconds(segments) / duration),
        segments.stream().map(s -> new Segment(CorpusBuilder.round(s.start()), CorpusBuilder.round(s.end()))).toList(),
        1, List.of(voiceName), turns, ManifestEntry.EXPECT_OK, null,
        "recorded voice " + voiceName + " in " + condition + " noise");
  }

  private static double peakGain(float[] x, double peakDbfs) {
    float peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak > 0 ? Math.pow(10, peakDbfs / 20) / peak : 1.0;
  }

  private Random rng(String name) {
    return new Random(seed * 0x9E3779B97F4A7C15L + name.hashCode());
  }

  private void write(String name, float[] samples) throws IOException {
    Files.write(out.resolve(name), WavIo.write(samples, RATE, WavIo.Encoding.PCM16));
  }
}
