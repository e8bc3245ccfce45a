package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.fixtures.FormatSamples;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

class AudioDecoderTest {

  private static final double NO_LIMIT = Double.POSITIVE_INFINITY;

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyFormatDecodesToSixteenKilohertzMonoAndReportsWhatItWas(FormatSamples sample) {
    DecodedSignal decoded = AudioDecoder.decode(sample.bytes(), NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.format()).isEqualTo(
        new SourceFormat(sample.container, sample.codec, sample.sampleRate, sample.channels));
    assertThat(decoded.durationSeconds()).isCloseTo(FormatSamples.SECONDS, within(0.1));
    assertThat(decoded.samples().length / (double) AudioDecoder.RATE)
        .isCloseTo(decoded.durationSeconds(), within(0.001));
  }

  @Test
  void anOggOpusStreamEndsAtItsLastGranulePositionNotAtItsLastFramesPadding() {
    // ffmpeg made 60 s; its last 20 ms frame runs past the end, and the last page's granule position says where
    DecodedSignal decoded = AudioDecoder.decode(FormatSamples.silenceOpus60s(), NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.samples()).hasSize(60 * AudioDecoder.RATE);
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyLossyFormatHasTheLoudnessContourOfTheLosslessFlac(FormatSamples sample) {
    float[] reference = AudioDecoder.decode(FormatSamples.FLAC.bytes(), NO_LIMIT, Cancellation.NONE).samples();
    float[] decoded = AudioDecoder.decode(sample.bytes(), NO_LIMIT, Cancellation.NONE).samples();

    double[] a = frameLevelsDb(reference);
    double[] b = frameLevelsDb(decoded);
    assertThat(bestCorrelation(a, b)).isGreaterThan(0.95);
    // ffmpeg's mono-to-stereo upmix (how the stereo files were made) puts the voice 3 dB down in each channel
    double expectedRms = rms(reference) * (sample.channels == 2 ? Math.sqrt(0.5) : 1);
    assertThat(rms(decoded)).isCloseTo(expectedRms, within(expectedRms * 0.1));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyLossyFormatStartsWhenTheLosslessFlacStartsTheEncoderDelayTrimmed(FormatSamples sample) {
    float[] reference = AudioDecoder.decode(FormatSamples.FLAC.bytes(), NO_LIMIT, Cancellation.NONE).samples();
    float[] decoded = AudioDecoder.decode(sample.bytes(), NO_LIMIT, Cancellation.NONE).samples();

    // MP3 (LAME's delay and its Info frame) and AAC (1024 priming samples) once came out 51 and 23 ms late
    int lag = lagOfBestCorrelation(reference, decoded, AudioDecoder.RATE / 10);
    assertThat(Math.abs(lag)).as("lag in samples at 16 kHz").isLessThanOrEqualTo(AudioDecoder.RATE / 500);
  }

  /** The shift of {@code b} against {@code a}, within +-maxLag samples, where their correlation peaks. */
  private static int lagOfBestCorrelation(float[] a, float[] b, int maxLag) {
    int best = 0;
    double bestSum = Double.NEGATIVE_INFINITY;
    int n = Math.min(a.length, b.length) - maxLag;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      double sum = 0;
      for (int i = maxLag; i < n; i++) {
        sum += a[i] * (double) b[i + lag];
      }
      if (sum > bestSum) {
        bestSum = sum;
        best = lag;
      }
    }
    return best;
  }

  @Test
  void aWavGoesThroughTheSameDecoderWithItsPcmCodecName() {
    float[] x = new float[8_000];
    byte[] wav = TestWavs.write(TestWavs.Format.PCM_24, 8_000, x, x);

    DecodedSignal decoded = AudioDecoder.decode(wav, NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.format()).isEqualTo(new SourceFormat("wav", "pcm_s24le", 8_000, 2));
    assertThat(decoded.samples()).hasSize(16_000);
    assertThat(decoded.durationSeconds()).isEqualTo(1.0);
  }

  @Test
  void contentOfNoSupportedFormatIs415ListingTheSupportedOnes() {
    byte[] text = "this is plain text, not audio at all".getBytes();

    assertThatThrownBy(() -> AudioDecoder.decode(text, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNSUPPORTED_FORMAT);
          assertThat(e.kind().httpStatus()).isEqualTo(415);
          assertThat(e.getMessage()).contains("FLAC", "MP3", "Ogg Vorbis", "Ogg Opus", "WebM", "MP4", "WAV");
        });
  }

  @Test
  void emptyInputIs400() {
    assertThatThrownBy(() -> AudioDecoder.decode(new byte[0], NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessageContaining("empty");
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void aFileCutInsideItsHeadersIs400NamingTheFormat(FormatSamples sample) {
    byte[] cut = Arrays.copyOf(sample.bytes(), 100);

    assertThatThrownBy(() -> AudioDecoder.decode(cut, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessageContaining(label(sample));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void aFileOfGarbageBehindItsMagicBytesIs400NamingTheFormat(FormatSamples sample) {
    byte[] corrupt = garbageAfterMagic(sample.bytes());

    assertThatThrownBy(() -> AudioDecoder.decode(corrupt, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessageContaining(label(sample));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void aFileCutAnywhereDecodesWhatIsThereOrIs400NeverAnythingElse(FormatSamples sample) {
    byte[] whole = sample.bytes();
    for (int length = 1; length < whole.length; length += Math.max(1, whole.length / 97)) {
      byte[] cut = Arrays.copyOf(whole, length);
      try {
        DecodedSignal decoded = AudioDecoder.decode(cut, NO_LIMIT, Cancellation.NONE);
        assertThat(decoded.durationSeconds()).isLessThanOrEqualTo(FormatSamples.SECONDS + 0.1);
      } catch (AudioFormatException e) {
        assertThat(e.kind().httpStatus()).as("cut at %d: %s", length, e.getMessage()).isIn(400, 415);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("io.audioinsight.audio.fixtures.FormatSamples#SILENCE_60S")
  void theDurationLimitStopsDecodingAtTheLimitInEveryFormat(String file) {
    byte[] bomb = FormatSamples.silence60s(file);
    assertThatThrownBy(() -> AudioDecoder.decode(bomb, 5, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LONG))
        .hasMessageContaining("limit of 5.0 s");
  }

  @ParameterizedTest
  @FieldSource("io.audioinsight.audio.fixtures.FormatSamples#SILENCE_60S")
  void aDecodeBombAllocatesAFractionOfItsFullOutput(String file) {
    byte[] bomb = FormatSamples.silence60s(file);
    decodeExpectingTooLong(bomb, 2); // warm up
    long fullOutputBytes = 60L * AudioDecoder.RATE * 4;
    long fullSourceBytes = 60L * 48_000 * 4;

    long allocated = allocatedBy(() -> decodeExpectingTooLong(bomb, 2));

    assertThat(allocated).isLessThan(fullOutputBytes).isLessThan(fullSourceBytes / 4);
  }

  @Test
  void cancellationStopsALongDecode() {
    AtomicInteger polls = new AtomicInteger();
    Cancellation afterThreePolls = () -> polls.incrementAndGet() > 3;

    assertThatThrownBy(() -> AudioDecoder.decode(FormatSamples.silenceOpus60s(), NO_LIMIT, afterThreePolls))
        .isInstanceOf(AnalysisCancelledException.class);
    assertThat(polls.get()).isEqualTo(4);
  }

  @Test
  void anAacFrameJaadThrowsOnIsConcealedAsSilenceAndTheRestDecodes() throws Exception {
    // 3 s cut (ffmpeg -c copy) from a 10-minute ffmpeg AAC encoding of speech; JAAD throws on one of its frames
    byte[] m4a;
    try (var in = getClass().getResourceAsStream("aac-frame-jaad-throws-on.m4a")) {
      m4a = in.readAllBytes();
    }

    DecodedSignal decoded = AudioDecoder.decode(m4a, NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.format().codec()).isEqualTo("aac");
    assertThat(decoded.durationSeconds()).isCloseTo(3.0, within(0.05));
  }

  @Test
  void aFlacTagBlockClaimingTwoBillionCommentsIsSkippedNotBelieved() {
    // found by fuzzing: jflac sizes an array from a VORBIS_COMMENT's comment count (OutOfMemoryError)
    byte[] flac = FormatSamples.FLAC.bytes();
    boolean streamInfoWasLast = (flac[4] & 0x80) != 0;
    byte[] tag = {(byte) (streamInfoWasLast ? 0x84 : 0x04), 0, 0, 8, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
        0x7f};
    ByteBuffer withTag = ByteBuffer.allocate(flac.length + tag.length);
    withTag.put(flac, 0, 42).put(tag).put(flac, 42, flac.length - 42);
    withTag.put(4, (byte) (flac[4] & 0x7f));

    DecodedSignal decoded = AudioDecoder.decode(withTag.array(), NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.durationSeconds()).isCloseTo(FormatSamples.SECONDS, within(0.01));
  }

  @Test
  void anAacFileDecodesToTheSameSamplesEveryTimeWhateverWasDecodedBefore() {
    // JAAD's noise substitution draws from one generator for the whole JVM; each frame now seeds it from its index
    byte[] m4a = FormatSamples.MP4_AAC.bytes();
    float[] first = AudioDecoder.decode(m4a, NO_LIMIT, Cancellation.NONE).samples();
    AudioDecoder.decode(Arrays.copyOf(m4a, m4a.length), NO_LIMIT, Cancellation.NONE);
    float[] again = AudioDecoder.decode(m4a, NO_LIMIT, Cancellation.NONE).samples();

    assertThat(again).isEqualTo(first);
  }

  @Test
  void anMp4BoxOutsideTheAudioTrackIsNeverParsedWhateverItClaims() {
    // JAAD parses dozens of box types and sizes arrays from their counts; only the audio track's boxes reach it
    byte[] m4a = FormatSamples.MP4_AAC.bytes();
    int udta = indexOf(m4a, "udta"); // moov/udta, ffmpeg's tags: becomes a sub-sample table claiming 2^31 entries
    System.arraycopy("subs".getBytes(StandardCharsets.ISO_8859_1), 0, m4a, udta, 4);
    m4a[udta + 4] = 1; // version 1
    m4a[udta + 8] = (byte) 0x7f;
    m4a[udta + 9] = (byte) 0xff;

    DecodedSignal decoded = AudioDecoder.decode(m4a, NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.durationSeconds()).isCloseTo(FormatSamples.SECONDS, within(0.05));
  }

  @Test
  void anMp4DecoderConfigClaimingMoreBytesThanItsBoxIs400() {
    // JAAD allocates the AAC decoder configuration from its descriptor's size (here 32 MiB), up to 256 MiB
    byte[] m4a = FormatSamples.MP4_AAC.bytes();
    int esds = indexOf(m4a, "esds");
    int dsi = indexOf(m4a, new byte[] {5, (byte) 0x80, (byte) 0x80, (byte) 0x80}, esds);
    byte[] huge = {5, (byte) 0x8f, (byte) 0xff, (byte) 0xff, (byte) 0x7f};
    System.arraycopy(huge, 0, m4a, dsi, huge.length);

    assertThatThrownBy(() -> AudioDecoder.decode(m4a, NO_LIMIT, Cancellation.NONE))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("MP4: an esds descriptor of 33554431 bytes");
  }

  @Test
  @Timeout(10)
  void aVorbisCommentHeaderClaimingAGigabyteVendorStringIs400BeforeJOrbisReadsIt() {
    // found by fuzzing: JOrbis allocates the vendor string from its length and reads it bit by bit past the packet
    // (9 s of CPU and 1 GB of heap for a 4 KiB WebM)
    byte[] webm = FormatSamples.WEBM_VORBIS.bytes();
    int comment = indexOf(webm, new byte[] {3, 'v', 'o', 'r', 'b', 'i', 's'}, 0);
    ByteBuffer.wrap(webm).order(ByteOrder.LITTLE_ENDIAN).putInt(comment + 7, 0x3fff_ffff);

    assertThatThrownBy(() -> AudioDecoder.decode(webm, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessage("WebM: the Vorbis comment header claims more bytes than it has");
  }

  @Test
  void aVorbisCommentHeaderClaimingMoreCommentsThanItsBytesIs400() {
    byte[] webm = FormatSamples.WEBM_VORBIS.bytes();
    int comment = indexOf(webm, new byte[] {3, 'v', 'o', 'r', 'b', 'i', 's'}, 0);
    ByteBuffer le = ByteBuffer.wrap(webm).order(ByteOrder.LITTLE_ENDIAN);
    int count = comment + 7 + 4 + le.getInt(comment + 7);
    le.putInt(count, 0x7fff_ffff);

    assertThatThrownBy(() -> AudioDecoder.decode(webm, NO_LIMIT, Cancellation.NONE))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("WebM: the Vorbis comment header claims more bytes than it has");
  }

  @Test
  @Timeout(10)
  void anMp4FtypClaimingAGibibyteIs400BeforeJaadSizesItsBrandList() {
    // found by fuzzing: JAAD allocates ftyp's compatible brands from the box size (seconds and 1 GiB of heap)
    byte[] m4a = FormatSamples.MP4_AAC.bytes();
    ByteBuffer.wrap(m4a).putInt(0, 0x4000_001c);

    assertThatThrownBy(() -> AudioDecoder.decode(m4a, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessage("MP4: ftyp runs past the end of its file");
  }

  /**
   * Every input that fuzzing found to take seconds ({@code timeout-*} in the fuzz tests' inputs, replayed there
   * too) is refused as corrupt, each well within the fuzzer's 10 s limit: a JOrbis comment header or codebook, a
   * JAAD ftyp, reached directly or through stray bytes, that the library would have read for seconds.
   */
  @ParameterizedTest
  @MethodSource("fuzzingTimeouts")
  @Timeout(10)
  void anInputFuzzingFoundSlowIsRefusedAsCorrupt(Path input) throws IOException {
    Container container = input.getParent().getFileName().toString().startsWith("matroska") ? Container.MATROSKA
        : Container.MP4;
    byte[] bytes = Files.readAllBytes(input);

    assertThatThrownBy(() -> AudioDecoder.decodeAs(container, bytes, 0, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400));
  }

  static Stream<Path> fuzzingTimeouts() throws IOException, URISyntaxException {
    Path inputs = Path.of(AudioDecoderTest.class.getResource("AudioDecoderFuzzTestInputs").toURI());
    List<Path> found;
    try (Stream<Path> files = Files.walk(inputs)) {
      found = files.filter(p -> p.getFileName().toString().startsWith("timeout-")).sorted().toList();
    }
    assertThat(found).hasSizeGreaterThanOrEqualTo(5);
    return found.stream();
  }

  @Test
  void anOpusPacketThatTripsAConcentusInvariantCheckIs400() throws IOException {
    // found by fuzzing: Concentus throws AssertionError (assertions enabled or not) on a SILK frame that overflows
    byte[] webm;
    try (var in = getClass().getResourceAsStream("AudioDecoderFuzzTestInputs/matroskaDecodesOrThrowsAudioFormatException/"
        + "crash-d6321b5b19e5183a90d20c8c0079d865ae7dc0a6")) {
      webm = in.readAllBytes();
    }

    assertThatThrownBy(() -> AudioDecoder.decode(webm, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessage("WebM/Matroska: the file is truncated or corrupt (AssertionError in its decoder)");
  }

  @Test
  void strayBytesAtTheEndOfAnMp4ContainerBoxAre400() {
    // JAAD reads children while bytes are left and would take them and what follows for a box header
    byte[] m4a = FormatSamples.MP4_AAC.bytes();
    int moov = indexOf(m4a, "moov") - 4;
    int moovSize = ByteBuffer.wrap(m4a).getInt(moov);
    ByteBuffer withStray = ByteBuffer.allocate(m4a.length + 3);
    withStray.put(m4a, 0, moov + moovSize).put(new byte[3]).put(m4a, moov + moovSize, m4a.length - moov - moovSize);
    withStray.putInt(moov, moovSize + 3);

    assertThatThrownBy(() -> AudioDecoder.decode(withStray.array(), NO_LIMIT, Cancellation.NONE))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("MP4: 3 stray bytes at the end of moov");
  }

  private static int indexOf(byte[] b, String type) {
    return indexOf(b, type.getBytes(StandardCharsets.ISO_8859_1), 0);
  }

  private static int indexOf(byte[] b, byte[] what, int from) {
    for (int i = from; i + what.length <= b.length; i++) {
      if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  @Test
  @Timeout(10)
  void bytesAfterTheLastFlacFrameEndTheDecodeInsteadOfHangingIt() {
    // found by fuzzing: once STREAMINFO's total samples are decoded, jflac retries a non-header forever
    byte[] flac = FormatSamples.FLAC.bytes();
    byte[] withTail = Arrays.copyOf(flac, flac.length + 64);
    Arrays.fill(withTail, flac.length, withTail.length, (byte) 0x55);

    DecodedSignal decoded = AudioDecoder.decode(withTail, NO_LIMIT, Cancellation.NONE);

    assertThat(decoded.durationSeconds()).isCloseTo(FormatSamples.SECONDS, within(0.01));
  }

  @Test
  @Timeout(10)
  void anMp4BoxClaimingTwoGibibytesIs400NotAHang() {
    byte[] m4a = FormatSamples.MP4_AAC.bytes();
    int ftypEnd = ByteBuffer.wrap(m4a).getInt(0);
    ByteBuffer withBox = ByteBuffer.allocate(m4a.length + 16);
    withBox.put(m4a, 0, ftypEnd).putInt(1).put("free".getBytes()).putLong(0x8000_0010L)
        .put(m4a, ftypEnd, m4a.length - ftypEnd);

    assertThatThrownBy(() -> AudioDecoder.decode(withBox.array(), NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessageContaining("MP4");
  }

  @Test
  @Timeout(10)
  void anMp4CutBeforeItsMoovIs400NotAHang() {
    byte[] m4a = FormatSamples.MP4_AAC.bytes(); // moov after mdat, as ffmpeg writes it
    byte[] cut = Arrays.copyOf(m4a, m4a.length / 2);

    assertThatThrownBy(() -> AudioDecoder.decode(cut, NO_LIMIT, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400))
        .hasMessageContaining("MP4");
  }

  @Test
  void maxSecondsMustBePositive() {
    assertThatThrownBy(() -> AudioDecoder.decode(FormatSamples.FLAC.bytes(), 0, Cancellation.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void randomlyCorruptedFilesOnlyEverThrowAudioFormatException(FormatSamples sample) {
    byte[] whole = sample.bytes();
    SplittableRandom random = new SplittableRandom(sample.ordinal());
    for (int round = 0; round < 40; round++) {
      byte[] damaged = whole.clone();
      for (int k = 0; k < 1 + round; k++) {
        damaged[12 + random.nextInt(damaged.length - 12)] = (byte) random.nextInt(256);
      }
      try {
        AudioDecoder.decode(damaged, 60, Cancellation.NONE);
      } catch (AudioFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  private static void decodeExpectingTooLong(byte[] input, double maxSeconds) {
    assertThatThrownBy(() -> AudioDecoder.decode(input, maxSeconds, Cancellation.NONE))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_LONG));
  }

  /** Keeps the magic bytes (the first 16) and overwrites all the rest with a fixed pseudo-random pattern. */
  static byte[] garbageAfterMagic(byte[] file) {
    byte[] b = file.clone();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 16; i < b.length; i++) {
      b[i] = (byte) random.nextInt(256);
    }
    return b;
  }

  private static String label(FormatSamples sample) {
    return switch (sample) {
      case FLAC -> "FLAC";
      case MP3 -> "MP3";
      case OGG_VORBIS, OGG_OPUS -> "Ogg";
      case WEBM_OPUS, WEBM_VORBIS -> "WebM";
      case MATROSKA_VORBIS -> "Matroska";
      case MP4_AAC -> "MP4";
    };
  }

  /** Level in dB of each 20 ms frame, floored at -60 dB. */
  private static double[] frameLevelsDb(float[] x) {
    int frame = AudioDecoder.RATE / 50;
    double[] levels = new double[x.length / frame];
    for (int f = 0; f < levels.length; f++) {
      double sum = 1e-6;
      for (int i = f * frame; i < (f + 1) * frame; i++) {
        sum += x[i] * x[i];
      }
      levels[f] = 10 * Math.log10(sum / frame);
    }
    return levels;
  }

  /** The largest correlation of the two level contours over shifts of up to 3 frames (codec delays). */
  private static double bestCorrelation(double[] a, double[] b) {
    double best = -1;
    for (int shift = -3; shift <= 3; shift++) {
      int n = Math.min(a.length, b.length) - 3;
      double ma = 0;
      double mb = 0;
      for (int i = 3; i < n; i++) {
        ma += a[i];
        mb += b[i + shift];
      }
      ma /= n - 3;
      mb /= n - 3;
      double sab = 0;
      double saa = 0;
      double sbb = 0;
      for (int i = 3; i < n; i++) {
        double da = a[i] - ma;
        double db = b[i + shift] - mb;
        sab += da * db;
        saa += da * da;
        sbb += db * db;
      }
      best = Math.max(best, sab / Math.sqrt(saa * sbb));
    }
    return best;
  }

  private static double rms(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * v;
    }
    return Math.sqrt(s / x.length);
  }

  private static long allocatedBy(Runnable r) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(id);
    r.run();
    return bean.getThreadAllocatedBytes(id) - before;
  }
}
