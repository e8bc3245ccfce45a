package io.audioinsight.eval;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SpeakerSegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Mixes the labelled evaluation corpus from an {@link UtterancePool}: the {@code single} set (one voice in six
 * noises at seven SNRs), the {@code speakers} set (1-4 voices taking turns) and the {@code edge} set (silence,
 * noise only, odd formats, broken headers). Writes the WAV files and {@code manifest.jsonl}; ground truth
 * comes from the separate clean and noise tracks through {@link GroundTruth}.
 *
 * <p>Deterministic: every file draws from its own {@link Random} seeded from the corpus seed and the file name.
 *
 * <p>Usage: {@code CorpusBuilder --utterances DIR --out DIR [--small] [--seed N]}
 */
public final class CorpusBuilder {

  public static final int RATE = 16_000;
  public static final List<String> NOISES = List.of("white", "pink", "brown", "babble", "hum", "switching");
  public static final List<Integer> SNRS_DB = List.of(-5, 0, 5, 10, 15, 20, 30);
  /** Speaker-set conditions, cycled: clean, then 30, 20 and 10 dB. */
  static final double[] SPEAKER_SNRS_DB = {Double.NaN, 30, 20, 10};
  static final List<String> SPEAKER_NOISES = List.of("white", "pink", "brown");
  static final int BABBLE_VOICES = 5;
  static final double MIN_SPEAKER_SECONDS = 1.0;

  /**
   * Corpus size.
   *
   * @param singleRepeats       files per (noise, SNR) condition of the single set, each with another voice
   * @param minSeconds          shortest single-set file
   * @param maxSeconds          longest single-set file
   * @param speakerFilesPerCount files per speaker count (1-4) of the speakers set
   */
  public record Options(int singleRepeats, double minSeconds, double maxSeconds, int speakerFilesPerCount, long seed) {

    public static Options full(long seed) {
      return new Options(3, 8, 20, 16, seed);
    }

    public static Options small(long seed) {
      return new Options(1, 8, 14, 4, seed);
    }
  }

  private final UtterancePool pool;
  private final Path out;
  private final Options options;
  private final List<ManifestEntry> entries = new ArrayList<>();

  public CorpusBuilder(UtterancePool pool, Path out, Options options) {
    this.pool = pool;
    this.out = out;
    this.options = options;
  }

  public static void main(String[] args) throws IOException {
    Path utterances = null;
    Path out = null;
    boolean small = false;
    long seed = 20_261_124L;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--utterances" -> utterances = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--small" -> small = true;
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> {
          System.err.println("usage: CorpusBuilder --utterances DIR --out DIR [--small] [--seed N]");
          System.exit(2);
        }
      }
    }
    if (utterances == null || out == null) {
      System.err.println("usage: CorpusBuilder --utterances DIR --out DIR [--small] [--seed N]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    UtterancePool pool = UtterancePool.load(utterances);
    List<ManifestEntry> entries =
        new CorpusBuilder(pool, out, small ? Options.small(seed) : Options.full(seed)).build();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.println(summary(entries, pool, seconds));
  }

  /** Writes every file and the manifest; returns the manifest entries in order. */
  public List<ManifestEntry> build() throws IOException {
    entries.clear();
    Files.createDirectories(out.resolve(ManifestEntry.SET_SINGLE));
    Files.createDirectories(out.resolve(ManifestEntry.SET_SPEAKERS));
    Files.createDirectories(out.resolve(ManifestEntry.SET_EDGE));
    buildSingle();
    buildSpeakers();
    buildEdge();
    Manifest.write(out.resolve(Manifest.FILE_NAME), entries);
    return List.copyOf(entries);
  }

  // ---------------------------------------------------------------- single speaker in noise

  private void buildSingle() throws IOException {
    int file = 0;
    for (String noise : NOISES) {
      for (int snr : SNRS_DB) {
        for (int rep = 0; rep < options.singleRepeats(); rep++, file++) {
          String name = String.format(Locale.ROOT, "single/%s_snr%+03d_%d.wav", noise, snr, rep + 1);
          Random r = rng(name);
          // Stride 5 through the voices, so neighbouring conditions and repeats get different voices.
          int voice = (file * 5 + rep) % pool.size();
          // The monologue overshoots its target by up to one utterance and trims at most one pause.
          double low = options.minSeconds() + 1.2;
          double high = Math.max(low, options.maxSeconds() - 3);
          double seconds = low + (high - low) * r.nextDouble();
          float[] speech = monologue(voice, seconds, r);
          float[] rawNoise = noise(noise, speech.length, voice, r);
          float[] scaledNoise = SnrMixer.scaled(rawNoise, SnrMixer.noiseGain(speech, rawNoise, RATE, snr));
          double gain = levelGain(speech, scaledNoise, -20 + 19 * r.nextDouble());
          Mix mix = new Mix(SnrMixer.scaled(speech, gain), SnrMixer.scaled(scaledNoise, gain));
          write(name, WavIo.write(mix.sum(), RATE, WavIo.Encoding.PCM16));
          entries.add(entry(name, ManifestEntry.SET_SINGLE, noise, noise, (double) snr, mix, RATE, 1, "pcm16",
              List.of(pool.voices().get(voice).describe()), oneSpeakerTurns(mix.speech(), RATE),
              "one voice, utterances with 0.2-1.5 s pauses"));
        }
      }
    }
  }

  /** One voice saying utterances with natural pauses, about {@code seconds} long, with 0.3-1 s silent ends. */
  private float[] monologue(int voice, double seconds, Random r) {
    List<float[]> utts = pool.utterances(voice);
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    int lead = (int) ((0.3 + 0.7 * r.nextDouble()) * RATE);
    parts.add(new float[lead]);
    total += lead;
    int previous = -1;
    int target = (int) (seconds * RATE);
    while (total < target) {
      int pick = r.nextInt(utts.size());
      if (pick == previous && utts.size() > 1) {
        pick = (pick + 1) % utts.size();
      }
      previous = pick;
      float[] u = SnrMixer.scaled(utts.get(pick), dbToGain(-2 + 4 * r.nextDouble()));
      parts.add(u);
      total += u.length;
      int gap = (int) ((0.2 + 1.3 * r.nextDouble()) * RATE);
      parts.add(new float[gap]);
      total += gap;
    }
    // Replace the last pause by the trailing silence.
    total -= parts.remove(parts.size() - 1).length;
    int tail = (int) ((0.3 + 0.7 * r.nextDouble()) * RATE);
    parts.add(new float[tail]);
    total += tail;
    return concat(parts, total);
  }

  /** Unit-RMS noise of one of the {@link #NOISES} types; babble is made of voices other than {@code voice}. */
  private float[] noise(String type, int n, int voice, Random r) {
    long seed = r.nextLong();
    return switch (type) {
      case "white" -> Noise.white(n, seed);
      case "pink" -> Noise.pink(n, RATE, seed);
      case "brown" -> Noise.brown(n, RATE, seed);
      case "hum" -> Noise.hum(n, RATE, r.nextBoolean() ? 50 : 60, seed);
      case "switching" -> Noise.switching(n, RATE, seed);
      case "babble" -> babble(n, voice, new Random(seed));
      default -> throw new IllegalArgumentException("unknown noise " + type);
    };
  }

  /** {@value #BABBLE_VOICES} other voices talking continuously at once, each at the same active level. */
  private float[] babble(int n, int excludedVoice, Random r) {
    float[] sum = new float[n];
    List<Integer> others = new ArrayList<>();
    for (int v = 0; v < pool.size(); v++) {
      if (v != excludedVoice) {
        others.add(v);
      }
    }
    java.util.Collections.shuffle(others, r);
    int count = Math.min(BABBLE_VOICES, others.size());
    for (int k = 0; k < count; k++) {
      List<float[]> utts = pool.utterances(others.get(k));
      float[] stream = new float[n];
      int at = -(int) (r.nextDouble() * RATE);
      while (at < n) {
        float[] u = utts.get(r.nextInt(utts.size()));
        for (int i = 0; i < u.length; i++) {
          int j = at + i;
          if (j >= 0 && j < n) {
            stream[j] = u[i];
          }
        }
        at += u.length + (int) (0.05 * RATE + r.nextDouble() * 0.25 * RATE);
      }
      double p = GroundTruth.activeSpeechPower(stream, GroundTruth.activeFrames(stream, RATE), RATE);
      double g = p > 0 ? 1 / Math.sqrt(p) : 0;
      for (int i = 0; i < n; i++) {
        sum[i] += (float) (stream[i] * g);
      }
    }
    return Noise.normalized(sum);
  }

  // ---------------------------------------------------------------- speakers taking turns

  private void buildSpeakers() throws IOException {
    for (int count = 1; count <= 4; count++) {
      for (int idx = 0; idx < options.speakerFilesPerCount(); idx++) {
        String name = String.format(Locale.ROOT, "speakers/%dspk_%02d.wav", count, idx + 1);
        Random r = rng(name);
        double snr = SPEAKER_SNRS_DB[idx % SPEAKER_SNRS_DB.length];
        // 4 SNR conditions and 3 noises cycle together: every pairing appears within 12 files.
        String noiseType = Double.isNaN(snr) ? "none" : SPEAKER_NOISES.get(idx % SPEAKER_NOISES.size());
        Conversation c = conversation(count, r);
        float[] speech = c.clean();
        float[] noise;
        if (Double.isNaN(snr)) {
          noise = new float[speech.length];
        } else {
          float[] raw = noise(noiseType, speech.length, -1, r);
          noise = SnrMixer.scaled(raw, SnrMixer.noiseGain(speech, raw, RATE, snr));
        }
        double gain = levelGain(speech, noise, -12 + 10 * r.nextDouble());
        Mix mix = new Mix(SnrMixer.scaled(speech, gain), SnrMixer.scaled(noise, gain));
        float[][] tracks = new float[c.tracks().length][];
        for (int v = 0; v < tracks.length; v++) {
          tracks[v] = SnrMixer.scaled(c.tracks()[v], gain);
        }
        Turns turns = turns(tracks, c.voices(), RATE);
        write(name, WavIo.write(mix.sum(), RATE, WavIo.Encoding.PCM16));
        entries.add(new ManifestEntry(name, ManifestEntry.SET_SPEAKERS, count + "spk", noiseType,
            Double.isNaN(snr) ? null : snr, round(GroundTruth.snrDb(mix.speech(), mix.noise(), RATE)),
            round(GroundTruth.globalSnrDb(mix.speech(), mix.noise(), RATE)), round((double) speech.length / RATE),
            RATE, 1, "pcm16", speechRatio(mix.speech(), RATE),
            rounded(GroundTruth.speechSegments(mix.speech(), RATE)), turns.count(), turns.speakers(),
            turns.segments(), ManifestEntry.EXPECT_OK, null,
            count + " voices taking 1-4 s turns with 0.15-0.8 s gaps, no overlap"));
      }
    }
  }

  /** Per-voice tracks of one conversation, and the voice index of each track. */
  private record Conversation(float[][] tracks, int[] voices) {
    float[] clean() {
      float[] sum = new float[tracks[0].length];
      for (float[] t : tracks) {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += t[i];
        }
      }
      return sum;
    }
  }

  /**
   * {@code count} distinct voices taking turns: each speaks first in a random order, then turns pass to a
   * random other voice. Turns are single utterances of 1-4 s (cut to 4 s if needed), 0.15-0.8 s apart; each
   * voice has its own level (+-3 dB) and each turn varies by +-2 dB.
   */
  private Conversation conversation(int count, Random r) {
    List<Integer> all = new ArrayList<>();
    for (int v = 0; v < pool.size(); v++) {
      all.add(v);
    }
    java.util.Collections.shuffle(all, r);
    int[] voices = new int[count];
    double[] voiceGain = new double[count];
    for (int k = 0; k < count; k++) {
      voices[k] = all.get(k % all.size());
      voiceGain[k] = dbToGain(-3 + 6 * r.nextDouble());
    }
    int turnCount = count == 1 ? 5 + r.nextInt(5) : 2 * count + 2 + r.nextInt(5);
    List<int[]> order = new ArrayList<>(); // {speaker index, utterance start sample}
    List<float[]> audio = new ArrayList<>();
    int at = (int) ((0.3 + 0.5 * r.nextDouble()) * RATE);
    int previous = -1;
    for (int t = 0; t < turnCount; t++) {
      int speaker;
      if (t < count) {
        speaker = t;
      } else if (count == 1) {
        speaker = 0;
      } else {
        speaker = r.nextInt(count - 1);
        if (speaker >= previous) {
          speaker++;
        }
      }
      previous = speaker;
      float[] u = turnUtterance(voices[speaker], r);
      audio.add(SnrMixer.scaled(u, voiceGain[speaker] * dbToGain(-2 + 4 * r.nextDouble())));
      order.add(new int[] {speaker, at});
      at += u.length + (int) ((0.15 + 0.65 * r.nextDouble()) * RATE);
    }
    int n = at + (int) ((0.3 + 0.5 * r.nextDouble()) * RATE);
    float[][] tracks = new float[count][n];
    for (int t = 0; t < order.size(); t++) {
      float[] u = audio.get(t);
      System.arraycopy(u, 0, tracks[order.get(t)[0]], order.get(t)[1], u.length);
    }
    return new Conversation(tracks, voices);
  }

  /** An utterance of 1-4 s: a random one in that range, or failing that one cut to 4 s or doubled past 1 s. */
  private float[] turnUtterance(int voice, Random r) {
    List<float[]> utts = pool.utterances(voice);
    List<float[]> fitting = utts.stream().filter(u -> u.length >= RATE && u.length <= 4 * RATE).toList();
    if (!fitting.isEmpty()) {
      return fitting.get(r.nextInt(fitting.size()));
    }
    float[] u = utts.get(r.nextInt(utts.size()));
    if (u.length > 4 * RATE) {
      return java.util.Arrays.copyOf(u, 4 * RATE);
    }
    List<float[]> parts = new ArrayList<>();
    int total = 0;
    while (total < RATE) {
      parts.add(u);
      parts.add(new float[RATE / 5]);
      total += u.length + RATE / 5;
    }
    return java.util.Arrays.copyOf(concat(parts, total), Math.min(total, 4 * RATE));
  }

  /** Speaker ground truth of one file. */
  record Turns(int count, List<String> speakers, List<SpeakerSegment> segments) {}

  /**
   * Who spoke when: each track's own speech segments (GroundTruth's definition on that voice alone), voices
   * numbered from 1 in order of first appearance; voices with under {@value #MIN_SPEAKER_SECONDS} s of speech
   * in total do not count and get no segments.
   */
  Turns turns(float[][] tracks, int[] voices, int rate) {
    record Track(int voice, List<Segment> segments) {}
    List<Track> speaking = new ArrayList<>();
    for (int v = 0; v < tracks.length; v++) {
      List<Segment> segs = GroundTruth.speechSegments(tracks[v], rate);
      if (GroundTruth.totalSeconds(segs) >= MIN_SPEAKER_SECONDS) {
        speaking.add(new Track(voices[v], segs));
      }
    }
    speaking.sort(Comparator.comparingDouble(t -> t.segments().get(0).start()));
    List<String> names = new ArrayList<>();
    List<SpeakerSegment> segments = new ArrayList<>();
    for (int label = 1; label <= speaking.size(); label++) {
      Track t = speaking.get(label - 1);
      names.add(voiceName(t.voice()));
      for (Segment s : t.segments()) {
        segments.add(new SpeakerSegment(round(s.start()), round(s.end()), label));
      }
    }
    segments.sort(Comparator.comparingDouble(SpeakerSegment::start));
    return new Turns(speaking.size(), names, segments);
  }

  private String voiceName(int voice) {
    return voice < 0 ? "none" : pool.voices().get(voice).describe();
  }

  private List<SpeakerSegment> oneSpeakerTurns(float[] speech, int rate) {
    return turns(new float[][] {speech}, new int[] {-1}, rate).segments();
  }

  // ---------------------------------------------------------------- edge cases

  private void buildEdge() throws IOException {
    int n5 = 5 * RATE;
    // Digital silence and noise without speech: the engine must find no speech.
    float[] zeros = new float[n5];
    write("edge/silence.wav", WavIo.write(zeros, RATE, WavIo.Encoding.PCM16));
    entries.add(noSpeech("edge/silence.wav", "silence", "none", n5, "digital silence, 5 s"));
    float[] pinkOnly = SnrMixer.scaled(Noise.pink(n5, RATE, rng("edge/noise_only_pink.wav").nextLong()), 0.03);
    write("edge/noise_only_pink.wav", WavIo.write(pinkOnly, RATE, WavIo.Encoding.PCM16));
    entries.add(noSpeech("edge/noise_only_pink.wav", "noise_only_pink", "pink", n5, "pink noise at -30 dBFS RMS, 5 s"));
    float[] switchingOnly = SnrMixer.scaled(Noise.switching(n5, RATE, rng("edge/noise_only_switching.wav").nextLong()), 0.03);
    write("edge/noise_only_switching.wav", WavIo.write(switchingOnly, RATE, WavIo.Encoding.PCM16));
    entries.add(noSpeech("edge/noise_only_switching.wav", "noise_only_switching", "switching", n5,
        "level-switching pink noise around -30 dBFS RMS, 5 s"));

    // Speech in odd conditions or formats: the engine must answer; figures are reported, not judged.
    edgeSpeech("edge/clipped.wav", "clipped", "pink", 20, RATE, 1, WavIo.Encoding.PCM16, 12, 0,
        "peak driven to +12 dBFS, so the loud parts clip; labels are from the unclipped tracks");
    edgeSpeech("edge/dc_offset.wav", "dc_offset", "white", 15, RATE, 1, WavIo.Encoding.PCM16, -6, 0.25,
        "DC offset of 0.25 full scale added; the DC is not counted as noise");
    edgeSpeech("edge/rate_8k.wav", "rate_8k", "pink", 15, 8_000, 1, WavIo.Encoding.PCM16, -3, 0,
        "8 kHz (speech and noise band-limited to 3.7 kHz before labelling)");
    edgeSpeech("edge/rate_44k_stereo.wav", "rate_44k_stereo", "pink", 15, 44_100, 2, WavIo.Encoding.PCM16, -3, 0,
        "44.1 kHz stereo, right channel = 0.7 x left, so the mono mix has the labelled SNR");
    edgeSpeech("edge/pcm24.wav", "pcm24", "white", 10, RATE, 1, WavIo.Encoding.PCM24, -3, 0, "24-bit PCM");
    edgeSpeech("edge/float32.wav", "float32", "white", 10, RATE, 1, WavIo.Encoding.FLOAT32, -3, 0, "32-bit IEEE float");

    // Very short: 0.1 s of speech in noise.
    Random r = rng("edge/short_0.1s.wav");
    float[] utt = pool.utterances(0).get(0);
    int from = Math.max(0, utt.length / 2 - RATE / 20);
    float[] speech = java.util.Arrays.copyOfRange(utt, from, Math.min(utt.length, from + RATE / 10));
    if (!hasActiveFrame(speech)) {
      speech = java.util.Arrays.copyOf(utt, RATE / 10);
    }
    float[] noise = Noise.white(speech.length, r.nextLong());
    noise = SnrMixer.scaled(noise, SnrMixer.noiseGain(speech, noise, RATE, 20));
    double g = levelGain(speech, noise, -3);
    Mix shortMix = new Mix(SnrMixer.scaled(speech, g), SnrMixer.scaled(noise, g));
    write("edge/short_0.1s.wav", WavIo.write(shortMix.sum(), RATE, WavIo.Encoding.PCM16));
    entries.add(entry("edge/short_0.1s.wav", ManifestEntry.SET_EDGE, "short_0.1s", "white", 20.0, shortMix, RATE, 1,
        "pcm16", List.of(pool.voices().get(0).describe()), List.of(), "0.1 s of speech in white noise at 20 dB"));

    // A data chunk that claims more bytes than the file holds: read to the last whole frame, not an error.
    byte[] valid = WavIo.write(shortMix.sum(), RATE, WavIo.Encoding.PCM16);
    byte[] overclaim = valid.clone();
    ByteBuffer.wrap(overclaim).order(ByteOrder.LITTLE_ENDIAN).putInt(40, (valid.length - 44) * 2 + 1);
    write("edge/data_overclaim.wav", overclaim);
    entries.add(entry("edge/data_overclaim.wav", ManifestEntry.SET_EDGE, "data_overclaim", "white", 20.0, shortMix,
        RATE, 1, "pcm16", List.of(pool.voices().get(0).describe()), List.of(),
        "same audio as short_0.1s.wav, data chunk size claims twice the bytes present (plus one)"));

    // Broken headers: each must be rejected with its AudioFormatException kind.
    broken("edge/truncated_header.wav", java.util.Arrays.copyOf(valid, 30), "TRUNCATED",
        "the first 30 bytes of a valid file: ends inside the fmt chunk");
    // not audio in any format the decoder reads (WAV, MP3, Ogg, FLAC, ...): 415, not a broken WAV (400)
    broken("edge/not_a_wav.wav", "This is a text file, not a WAV file at all.\n".getBytes(StandardCharsets.US_ASCII),
        "UNSUPPORTED_FORMAT", "plain text");
    broken("edge/missing_data.wav", java.util.Arrays.copyOf(valid, 36), "MISSING_CHUNK",
        "RIFF/WAVE with a complete fmt chunk and no data chunk");
    byte[] zeroChannels = valid.clone();
    ByteBuffer.wrap(zeroChannels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
    broken("edge/zero_channels.wav", zeroChannels, "INVALID_FORMAT", "fmt chunk says 0 channels");
    byte[] adpcm = valid.clone();
    ByteBuffer.wrap(adpcm).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 2);
    broken("edge/adpcm.wav", adpcm, "UNSUPPORTED_ENCODING", "format tag 2 (MS ADPCM)");
  }

  private boolean hasActiveFrame(float[] x) {
    for (boolean a : GroundTruth.activeFrames(x, RATE)) {
      if (a) {
        return true;
      }
    }
    return false;
  }

  /**
   * One voice in noise at {@code snrDb}, converted to {@code rate} and {@code channels}, written with {@code
   * encoding}, peak at {@code peakDbfs} (above 0 clips), plus {@code dc}. Labels come from the converted tracks.
   */
  private void edgeSpeech(String name, String condition, String noiseType, double snrDb, int rate, int channels,
      WavIo.Encoding encoding, double peakDbfs, double dc, String note) throws IOException {
    Random r = rng(name);
    int voice = r.nextInt(pool.size());
    float[] speech = monologue(voice, 8, r);
    float[] noise = noise(noiseType, speech.length, voice, r);
    speech = Resample.convert(speech, RATE, rate);
    noise = Resample.convert(noise, RATE, rate);
    noise = SnrMixer.scaled(noise, SnrMixer.noiseGain(speech, noise, rate, snrDb));
    double g = levelGain(speech, noise, peakDbfs);
    Mix mix = new Mix(SnrMixer.scaled(speech, g), SnrMixer.scaled(noise, g));
    float[] mono = mix.sum();
    for (int i = 0; i < mono.length; i++) {
      mono[i] += (float) dc;
    }
    float[][] out = new float[channels][];
    for (int c = 0; c < channels; c++) {
      out[c] = c == 0 ? mono : SnrMixer.scaled(mono, 0.7);
    }
    // The engine mixes channels to mono by averaging; label that mono signal.
    double monoGain = channels == 1 ? 1.0 : (1.0 + 0.7 * (channels - 1)) / channels;
    Mix labelled = new Mix(SnrMixer.scaled(mix.speech(), monoGain), SnrMixer.scaled(mix.noise(), monoGain));
    write(name, WavIo.write(out, rate, encoding));
    entries.add(entry(name, ManifestEntry.SET_EDGE, condition, noiseType, snrDb, labelled, rate, channels,
        encoding.label(), List.of(pool.voices().get(voice).describe()), oneSpeakerTurns(labelled.speech(), rate), note));
  }

  private ManifestEntry noSpeech(String name, String condition, String noise, int samples, String note) {
    return new ManifestEntry(name, ManifestEntry.SET_EDGE, condition, noise, null, null, null,
        round((double) samples / RATE), RATE, 1, "pcm16", 0.0, List.of(), 0, List.of(), List.of(),
        ManifestEntry.EXPECT_NO_SPEECH, null, note);
  }

  private void broken(String name, byte[] bytes, String kind, String note) throws IOException {
    write(name, bytes);
    entries.add(new ManifestEntry(name, ManifestEntry.SET_EDGE, name.substring(5, name.length() - 4), "none", null,
        null, null, 0.0, 0, 0, "broken", 0.0, List.of(), 0, List.of(), List.of(), ManifestEntry.EXPECT_ERROR, kind,
        note));
  }

  // ---------------------------------------------------------------- shared helpers

  /** Clean speech and the noise added to it, at their final levels. */
  record Mix(float[] speech, float[] noise) {
    float[] sum() {
      return SnrMixer.sum(speech, noise);
    }
  }

  private ManifestEntry entry(String name, String set, String condition, String noise, Double target, Mix mix,
      int rate, int channels, String encoding, List<String> speakers, List<SpeakerSegment> turns, String note) {
    List<Segment> segments = GroundTruth.speechSegments(mix.speech(), rate);
    boolean speaking = GroundTruth.totalSeconds(segments) >= MIN_SPEAKER_SECONDS;
    return new ManifestEntry(name, set, condition, noise, target, round(GroundTruth.snrDb(mix.speech(), mix.noise(), rate)),
        round(GroundTruth.globalSnrDb(mix.speech(), mix.noise(), rate)), round((double) mix.speech().length / rate),
        rate, channels, encoding, speechRatio(mix.speech(), rate), rounded(segments), speaking ? 1 : 0,
        speaking ? speakers : List.of(), speaking ? turns : List.of(), ManifestEntry.EXPECT_OK, null, note);
  }

  private static double speechRatio(float[] speech, int rate) {
    double total = GroundTruth.totalSeconds(GroundTruth.speechSegments(speech, rate));
    return round(total / ((double) speech.length / rate));
  }

  /** The gain that puts the peak of speech + noise at {@code peakDbfs}. */
  private static double levelGain(float[] speech, float[] noise, double peakDbfs) {
    float peak = 0;
    for (int i = 0; i < speech.length; i++) {
      peak = Math.max(peak, Math.abs(speech[i] + noise[i]));
    }
    return peak > 0 ? dbToGain(peakDbfs) / peak : 1.0;
  }

  private static double dbToGain(double db) {
    return Math.pow(10, db / 20);
  }

  private static float[] concat(List<float[]> parts, int total) {
    float[] out = new float[total];
    int at = 0;
    for (float[] p : parts) {
      int n = Math.min(p.length, total - at);
      System.arraycopy(p, 0, out, at, n);
      at += n;
    }
    return out;
  }

  private Random rng(String name) {
    return new Random(options.seed() * 0x9E3779B97F4A7C15L + name.hashCode());
  }

  private void write(String name, byte[] bytes) throws IOException {
    Files.write(out.resolve(name), bytes);
  }

  private static List<Segment> rounded(List<Segment> segments) {
    return segments.stream().map(s -> new Segment(round(s.start()), round(s.end()))).toList();
  }

  /** Microsecond / micro-dB precision keeps the manifest readable without changing any figure. */
  static Double round(Double v) {
    return v == null ? null : Math.round(v * 1e6) / 1e6;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  static String summary(List<ManifestEntry> entries, UtterancePool pool, double seconds) {
    double audio = entries.stream().mapToDouble(ManifestEntry::durationS).sum();
    long single = entries.stream().filter(e -> e.set().equals(ManifestEntry.SET_SINGLE)).count();
    long speakers = entries.stream().filter(e -> e.set().equals(ManifestEntry.SET_SPEAKERS)).count();
    long edge = entries.stream().filter(e -> e.set().equals(ManifestEntry.SET_EDGE)).count();
    int utts = 0;
    for (int v = 0; v < pool.size(); v++) {
      utts += pool.utterances(v).size();
    }
    return String.format(Locale.ROOT,
        "corpus: %d files (single %d, speakers %d, edge %d), %.1f min of audio, from %d voices / %d utterances, mixed in %.1f s",
        entries.size(), single, speakers, edge, audio / 60, pool.size(), utts, seconds);
  }
}
