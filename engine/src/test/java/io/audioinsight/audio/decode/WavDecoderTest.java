package io.audioinsight.audio.decode;

import static io.audioinsight.audio.decode.TestWavs.chunk;
import static io.audioinsight.audio.decode.TestWavs.chunkWithSize;
import static io.audioinsight.audio.decode.TestWavs.concat;
import static io.audioinsight.audio.decode.TestWavs.fmtBody;
import static io.audioinsight.audio.decode.TestWavs.fmtChunk;
import static io.audioinsight.audio.decode.TestWavs.riff;
import static io.audioinsight.audio.decode.TestWavs.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.AudioFormatException.Kind;
import io.audioinsight.audio.decode.DecodedAudio.Encoding;
import io.audioinsight.audio.decode.TestWavs.Format;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WavDecoderTest {

  private static final double NO_LIMIT = Double.POSITIVE_INFINITY;
  private static final int RATE = 16_000;
  private static final float[] RAMP = ramp(400);

  /** Worst-case absolute error of one sample after writing and reading it back in each format. */
  private static double tolerance(Format f) {
    switch (f) {
      case PCM_U8:
        return 1.0 / 128;
      case PCM_16:
        return 1.0 / 32768;
      case PCM_24:
      case PCM_32:
      case FLOAT_32:
      case FLOAT_64:
        return 1e-6;
      default:
        return 0.035; // G.711 is logarithmic: 4 mantissa bits near full scale, plus A-law's 13-bit floor
    }
  }

  private static Encoding encodingOf(Format f) {
    switch (f.tag) {
      case 1:
        return Encoding.PCM;
      case 3:
        return Encoding.IEEE_FLOAT;
      case 6:
        return Encoding.A_LAW;
      default:
        return Encoding.MU_LAW;
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyFormatRoundTripsMonoSamples(Format format) {
    DecodedAudio audio = WavDecoder.decode(TestWavs.write(format, RATE, RAMP), NO_LIMIT);

    assertThat(audio.sampleRate()).isEqualTo(RATE);
    assertThat(audio.channels()).isEqualTo(1);
    assertThat(audio.bitsPerSample()).isEqualTo(format.bits);
    assertThat(audio.encoding()).isEqualTo(encodingOf(format));
    assertThat(audio.durationSeconds()).isCloseTo(RAMP.length / (double) RATE, within(1e-12));
    assertThat(audio.samples()).hasSize(RAMP.length);
    for (int i = 0; i < RAMP.length; i++) {
      assertThat((double) audio.samples()[i]).as("sample %d", i).isCloseTo(RAMP[i], within(tolerance(format)));
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void extensibleCarryingEveryFormatDecodesLikeThePlainFormat(Format format) {
    DecodedAudio plain = WavDecoder.decode(TestWavs.write(format, 48_000, RAMP, RAMP), NO_LIMIT);
    DecodedAudio extensible = WavDecoder.decode(TestWavs.writeExtensible(format, 48_000, RAMP, RAMP), NO_LIMIT);

    assertThat(extensible.samples()).containsExactly(plain.samples());
    assertThat(extensible.encoding()).isEqualTo(encodingOf(format));
    assertThat(extensible.channels()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void channelsAreAveragedToMono(Format format) {
    float[] a = ramp(200);
    float[] b = new float[200];
    float[] c = new float[200];
    for (int i = 0; i < 200; i++) {
      b[i] = -0.5f * a[i];
      c[i] = 0.25f;
    }
    DecodedAudio audio = WavDecoder.decode(TestWavs.write(format, RATE, a, b, c), NO_LIMIT);

    assertThat(audio.channels()).isEqualTo(3);
    for (int i = 0; i < 200; i++) {
      double expected = (a[i] + b[i] + c[i]) / 3.0;
      assertThat((double) audio.samples()[i]).isCloseTo(expected, within(tolerance(format)));
    }
  }

  @Test
  void thirtyTwoChannelsAreAccepted() {
    float[][] channels = new float[32][];
    for (int c = 0; c < 32; c++) {
      channels[c] = new float[] {c / 32f, -c / 32f};
    }
    DecodedAudio audio = WavDecoder.decode(TestWavs.write(Format.PCM_24, RATE, channels), NO_LIMIT);

    assertThat(audio.channels()).isEqualTo(32);
    assertThat((double) audio.samples()[0]).isCloseTo(15.5 / 32, within(1e-6));
    assertThat((double) audio.samples()[1]).isCloseTo(-15.5 / 32, within(1e-6));
  }

  @Test
  void fullScaleValuesStayWithinMinusOneToOne() {
    float[] extremes = {1f, -1f, 1f, -1f};
    for (Format f : Format.values()) {
      float[] s = WavDecoder.decode(TestWavs.write(f, RATE, extremes, extremes), NO_LIMIT).samples();
      for (float v : s) {
        assertThat(v).as(f.name()).isBetween(-1f, 1f);
      }
      assertThat(s[1]).as(f.name()).isLessThan(-0.96f);
    }
  }

  @Test
  void floatNanCountsAsZeroAndValuesPastTwiceFullScaleAreCutThereAsTheCompressedDecodersCutThem() {
    float[] wild = {Float.NaN, 3f, -7f, Float.POSITIVE_INFINITY, 1.0009f, -1.5f};
    byte[] data = new byte[4 * wild.length];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : wild) {
      b.putFloat(v);
    }
    byte[] wav = riff(fmtChunk(Format.FLOAT_32, 1, RATE, false), chunk("data", data));

    // a lossy decoder's overshoot past 1 is kept, as MonoSink keeps it: a compressed job's float WAV reads back exactly
    assertThat(WavDecoder.decode(wav, NO_LIMIT).samples()).containsExactly(0f, 2f, -2f, 2f, 1.0009f, -1.5f);
  }

  @Test
  void everyMuLawAndALawCodeDecodesToTheValueItsEncoderRoundTrips() {
    for (int code = 0; code < 256; code++) {
      int mu = G711.muLawToLinear(code);
      int a = G711.aLawToLinear(code);
      assertThat(TestWavs.linearToMuLaw(mu) & 0xff).as("mu code %d", code)
          .isIn(code, code ^ 0x80); // 0x7F and 0xFF both mean zero
      assertThat(TestWavs.linearToALaw(a) & 0xff).as("A code %d", code).isEqualTo(code);
    }
    assertThat(G711.muLawToLinear(0x00)).isEqualTo(-32124);
    assertThat(G711.aLawToLinear(0xD5)).isEqualTo(8);
  }

  @ParameterizedTest
  @ValueSource(ints = {8_000, 11_025, 22_050, 44_100, 48_000, 96_000, 192_000})
  void everySupportedRateIsReported(int rate) {
    assertThat(WavDecoder.decode(TestWavs.pcm16(rate, RAMP), NO_LIMIT).sampleRate()).isEqualTo(rate);
  }

  // ---- chunk layout

  @Test
  void listAndFactChunksBeforeAndBetweenAreSkipped() {
    byte[] wav = riff(chunk("LIST", TestWavs.ascii("INFOISFT\u0004\0\0\0abc\0")), fmtChunk(Format.PCM_16, 1, RATE, false),
        chunk("fact", TestWavs.le32(RAMP.length)), chunk("data", samples(Format.PCM_16, RAMP)));

    assertThat(WavDecoder.decode(wav, NO_LIMIT).samples()).containsExactly(
        WavDecoder.decode(TestWavs.pcm16(RATE, RAMP), NO_LIMIT).samples());
  }

  @Test
  void oddSizedChunksArePaddedToAnEvenBoundary() {
    byte[] wav = riff(chunk("junk", new byte[] {9, 9, 9}), fmtChunk(Format.PCM_U8, 1, RATE, false),
        chunk("data", new byte[] {(byte) 128, (byte) 192, 64}), chunk("LIST", new byte[5]));

    DecodedAudio audio = WavDecoder.decode(wav, NO_LIMIT);

    assertThat(audio.samples()).containsExactly(0f, 0.5f, -0.5f);
  }

  @Test
  void dataBeforeFmtIsStillDecoded() {
    byte[] wav = riff(chunk("data", samples(Format.PCM_16, RAMP)), fmtChunk(Format.PCM_16, 1, RATE, false));

    assertThat(WavDecoder.decode(wav, NO_LIMIT).samples()).hasSize(RAMP.length);
  }

  @Test
  void dataLargerThanTheFileIsReadToTheLastWholeFrame() {
    byte[] body = samples(Format.PCM_16, RAMP, RAMP); // 4 bytes per frame
    byte[] cut = Arrays.copyOf(body, body.length - 3); // last frame incomplete
    byte[] wav = riff(fmtChunk(Format.PCM_16, 2, RATE, false), chunkWithSize("data", 1_000_000, cut, false));

    DecodedAudio audio = WavDecoder.decode(wav, NO_LIMIT);

    assertThat(audio.samples()).hasSize(RAMP.length - 1);
    assertThat(audio.durationSeconds()).isCloseTo((RAMP.length - 1) / (double) RATE, within(1e-12));
  }

  @Test
  void streamingDataSizeOfAllOnesMeansToTheEndOfTheFile() {
    byte[] wav = riff(fmtChunk(Format.PCM_16, 1, RATE, false),
        chunkWithSize("data", 0xFFFF_FFFFL, samples(Format.PCM_16, RAMP), false));

    assertThat(WavDecoder.decode(wav, 1.0).samples()).hasSize(RAMP.length);
  }

  @Test
  void streamingDataSizeOfZeroWithAudioBehindItMeansToTheEndOfTheFile() {
    byte[] wav = riff(fmtChunk(Format.PCM_16, 1, RATE, false),
        chunkWithSize("data", 0, samples(Format.PCM_16, RAMP), false));

    assertThat(WavDecoder.decode(wav, NO_LIMIT).samples()).hasSize(RAMP.length);
  }

  @Test
  void emptyDataChunkFollowedByAnotherChunkDecodesToNoSamples() {
    byte[] wav = riff(fmtChunk(Format.PCM_16, 1, RATE, false), chunk("data", new byte[0]), chunk("LIST", new byte[8]));

    DecodedAudio audio = WavDecoder.decode(wav, NO_LIMIT);

    assertThat(audio.samples()).isEmpty();
    assertThat(audio.durationSeconds()).isZero();
  }

  // ---- rejections

  @Test
  void emptyInputIsNotWav() {
    assertKind(new byte[0], Kind.NOT_WAV).hasMessageContaining("empty");
  }

  @Test
  void bytesThatAreNotRiffAreNotWav() {
    assertKind(TestWavs.ascii("ID3\u0004 this is an mp3 file, honest"), Kind.NOT_WAV).hasMessageContaining("RIFF");
  }

  @Test
  void riffOfAnotherFormTypeIsNotWav() {
    byte[] avi = concat(TestWavs.ascii("RIFF"), TestWavs.le32(4), TestWavs.ascii("AVI "));
    assertKind(avi, Kind.NOT_WAV).hasMessageContaining("not of form type WAVE");
  }

  @Test
  void headerCutInsideTheRiffHeaderIsTruncated() {
    assertKind(TestWavs.ascii("RIFF\0\0\0\0WA"), Kind.TRUNCATED).hasMessageContaining("10 bytes");
  }

  @Test
  void headerCutInsideTheFmtChunkIsTruncated() {
    byte[] wav = TestWavs.pcm16(RATE, RAMP);
    assertKind(Arrays.copyOf(wav, 12 + 8 + 10), Kind.TRUNCATED).hasMessageContaining("fmt");
  }

  @Test
  void fileCutInsideAChunkHeaderBeforeDataIsTruncated() {
    byte[] wav = concat(riff(fmtChunk(Format.PCM_16, 1, RATE, false)), TestWavs.ascii("dat"));
    assertKind(wav, Kind.TRUNCATED).hasMessageContaining("data");
  }

  @Test
  void missingFmtChunkIsReported() {
    assertKind(riff(chunk("data", new byte[10])), Kind.MISSING_CHUNK).hasMessageContaining("no fmt chunk");
  }

  @Test
  void missingDataChunkIsReported() {
    byte[] wav = riff(fmtChunk(Format.PCM_16, 1, RATE, false), chunk("LIST", new byte[4]));
    assertKind(wav, Kind.MISSING_CHUNK).hasMessageContaining("no data chunk");
  }

  @Test
  void fmtChunkShorterThanSixteenBytesIsInvalid() {
    assertKind(riff(chunk("fmt ", new byte[14]), chunk("data", new byte[4])), Kind.INVALID_FORMAT)
        .hasMessageContaining("14 bytes");
  }

  @Test
  void zeroChannelsIsInvalid() {
    assertKind(withFmt(fmtBody(1, 0, RATE, 0, 0, 16)), Kind.INVALID_FORMAT).hasMessageContaining("zero channels");
  }

  @Test
  void moreThanThirtyTwoChannelsIsInvalid() {
    assertKind(withFmt(fmtBody(1, 33, RATE, RATE * 66L, 66, 16)), Kind.INVALID_FORMAT).hasMessageContaining("33 channels");
  }

  @Test
  void zeroSampleRateIsInvalid() {
    assertKind(withFmt(fmtBody(1, 1, 0, 0, 2, 16)), Kind.INVALID_FORMAT).hasMessageContaining("0 Hz");
  }

  @ParameterizedTest
  @ValueSource(longs = {7_999, 192_001, 4_000_000_000L})
  void sampleRateOutsideEightToOneNinetyTwoKilohertzIsInvalid(long rate) {
    assertKind(withFmt(fmtBody(1, 1, rate, rate * 2, 2, 16)), Kind.INVALID_FORMAT)
        .hasMessageContaining(rate + " Hz").hasMessageContaining("8000..192000");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 65535})
  void blockAlignInconsistentWithChannelsAndSampleSizeIsInvalid(int blockAlign) {
    assertKind(withFmt(fmtBody(1, 2, RATE, RATE * 4L, blockAlign, 16)), Kind.INVALID_FORMAT)
        .hasMessageContaining("block align " + blockAlign).hasMessageContaining("(= 4)");
  }

  @Test
  void zeroBitsPerSampleIsInvalid() {
    assertKind(withFmt(fmtBody(1, 1, RATE, RATE, 1, 0)), Kind.INVALID_FORMAT).hasMessageContaining("0 bits");
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 12, 20, 48})
  void pcmBitDepthsOtherThanEightSixteenTwentyFourThirtyTwoAreUnsupported(int bits) {
    assertKind(withFmt(fmtBody(1, 1, RATE, RATE * (bits / 8), bits / 8, bits)), Kind.UNSUPPORTED_ENCODING)
        .hasMessageContaining("PCM with " + bits + " bits");
  }

  @Test
  void sixteenBitFloatIsUnsupported() {
    assertKind(withFmt(fmtBody(3, 1, RATE, RATE * 2, 2, 16)), Kind.UNSUPPORTED_ENCODING)
        .hasMessageContaining("IEEE float with 16 bits");
  }

  @Test
  void adpcmIsUnsupportedAndNamed() {
    assertKind(withFmt(fmtBody(2, 1, RATE, 8_000, 256, 4)), Kind.UNSUPPORTED_ENCODING)
        .hasMessageContaining("ADPCM (0x0002)");
  }

  @Test
  void mp3InWavIsUnsupportedAndNamed() {
    assertKind(withFmt(fmtBody(0x55, 2, 44_100, 16_000, 1, 0)), Kind.UNSUPPORTED_ENCODING)
        .hasMessageContaining("MP3 (0x0055)");
  }

  @Test
  void unknownFormatTagIsUnsupportedAndShownInHex() {
    assertKind(withFmt(fmtBody(0x1234, 1, RATE, RATE, 1, 8)), Kind.UNSUPPORTED_ENCODING)
        .hasMessageContaining("0x1234");
  }

  @Test
  void extensibleWithAnUnknownSubformatGuidIsUnsupported() {
    byte[] guid = TestWavs.guid(1);
    guid[15] ^= 0x01;
    byte[] wav = riff(chunk("fmt ", TestWavs.extensibleFmtBody(1, 1, RATE, 16, guid)), chunk("data", new byte[4]));
    assertKind(wav, Kind.UNSUPPORTED_ENCODING).hasMessageContaining("subformat GUID");
  }

  @Test
  void extensibleCarryingAdpcmIsUnsupportedAndNamed() {
    byte[] wav = riff(chunk("fmt ", TestWavs.extensibleFmtBody(2, 1, RATE, 16, TestWavs.guid(2))), chunk("data", new byte[4]));
    assertKind(wav, Kind.UNSUPPORTED_ENCODING).hasMessageContaining("ADPCM (0x0002) inside WAVE_FORMAT_EXTENSIBLE");
  }

  @Test
  void extensibleFmtChunkWithoutItsExtensionIsInvalid() {
    assertKind(withFmt(fmtBody(0xFFFE, 1, RATE, RATE * 2, 2, 16)), Kind.INVALID_FORMAT).hasMessageContaining("needs 40");
  }

  @Test
  void rf64IsUnsupported() {
    byte[] wav = TestWavs.pcm16(RATE, RAMP);
    wav[0] = 'R';
    wav[1] = 'F';
    wav[2] = '6';
    wav[3] = '4';
    assertKind(wav, Kind.UNSUPPORTED_ENCODING).hasMessageContaining("RF64");
  }

  @ParameterizedTest(name = "data size 0x{0}")
  @ValueSource(longs = {0L, 0xFFFF_FFFFL, 0x7FFF_F000L, 0x7FFF_FFFFL})
  void aStreamedWavIsDecodedToTheEndOfItsBytesWhateverItsDataSizeSays(long size) {
    float[] twoSeconds = new float[2 * RATE];
    byte[] wav = riff(fmtChunk(Format.PCM_16, 1, RATE, false),
        chunkWithSize("data", size, samples(Format.PCM_16, twoSeconds), false));

    DecodedAudio audio = WavDecoder.decode(wav, 5);

    assertThat(audio.samples()).hasSize(twoSeconds.length);
    assertThat(audio.durationSeconds()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void theDurationLimitIsCheckedOnTheBytesPresentNotOnTheDeclaredSize() {
    float[] twoSeconds = new float[2 * RATE];
    byte[] wav = riff(fmtChunk(Format.PCM_16, 1, RATE, false),
        chunkWithSize("data", 0x7FFF_F000L, samples(Format.PCM_16, twoSeconds), false));

    assertKind(wav, Kind.TOO_LONG, 1.5).hasMessageContaining("2.0 s long").hasMessageContaining("1.5 s");
  }

  @Test
  void tooLongIsDetectedBeforeTheSampleArrayIsAllocated() {
    float[] oneMinute = new float[60 * RATE];
    byte[] wav = TestWavs.pcm16(RATE, oneMinute);
    long floatBytes = oneMinute.length * 4L;

    long allocated = allocatedBy(() -> assertKind(wav, Kind.TOO_LONG, 59.5));

    assertThat(allocated).isLessThan(floatBytes / 10);
  }

  @Test
  void decodingAllocatesLittleBeyondTheOutputArray() {
    float[] x = new float[120 * RATE];
    byte[] wav = TestWavs.write(Format.PCM_16, RATE, x, x);
    WavDecoder.decode(wav, NO_LIMIT); // load classes first
    long floatBytes = x.length * 4L;

    long allocated = allocatedBy(() -> WavDecoder.decode(wav, NO_LIMIT));

    assertThat(allocated).isBetween(floatBytes, floatBytes + 64 * 1024);
  }

  @Test
  void maxSecondsMustBePositive() {
    byte[] wav = TestWavs.pcm16(RATE, RAMP);
    assertThatThrownBy(() -> WavDecoder.decode(wav, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WavDecoder.decode(wav, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomBytesAndRandomlyCorruptedFilesOnlyEverThrowAudioFormatException() {
    Random random = new Random(42);
    byte[] valid = TestWavs.writeExtensible(Format.PCM_24, 44_100, ramp(50), ramp(50));
    for (int n = 0; n < 20_000; n++) {
      byte[] input;
      if (n % 2 == 0) {
        input = new byte[random.nextInt(80)];
        random.nextBytes(input);
      } else {
        input = Arrays.copyOf(valid, 1 + random.nextInt(valid.length));
        for (int k = random.nextInt(4); k >= 0; k--) {
          input[random.nextInt(input.length)] = (byte) random.nextInt();
        }
      }
      DecodedAudioChecks.decodeExpectingOnlyFormatErrors(input);
    }
  }

  // ---- helpers

  private static byte[] withFmt(byte[] fmtBody) {
    return riff(chunk("fmt ", fmtBody), chunk("data", new byte[64]));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertKind(byte[] wav, Kind kind) {
    return assertKind(wav, kind, NO_LIMIT);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertKind(byte[] wav, Kind kind, double max) {
    return assertThatThrownBy(() -> WavDecoder.decode(wav, max))
        .isInstanceOfSatisfying(AudioFormatException.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  private static long allocatedBy(Runnable r) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(id);
    r.run();
    return bean.getThreadAllocatedBytes(id) - before;
  }

  private static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (-0.99 + 1.98 * i / (n - 1));
    }
    return x;
  }
}
