package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.fixtures.FormatSamples;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Mp3Parts}: the parts of an MP3, decoded apart (and in any order, on several threads), are the very samples
 * one decode gives. The files in {@code mp3-parts/} are 6 s of espeak-ng speech over pink noise, made with:
 * <pre>
 * espeak-ng -s 150 -w sp.wav "Every audio file a user has, from phones, laptops and meeting rooms, ..."
 * ffmpeg -stream_loop 2 -i sp.wav -f lavfi -i anoisesrc=c=pink:a=0.05:d=40 \
 *   -filter_complex "[0][1]amix=inputs=2:duration=first,volume=2" -ar 48000 -ac 2 -t 6 src6.wav
 * E="ffmpeg -i src6.wav -map_metadata -1 -fflags +bitexact"
 * $E -ar 48000 -ac 2 -c:a libmp3lame -b:a 128k mpeg1-48k-stereo-cbr.mp3
 * $E -ar 44100 -ac 2 -c:a libmp3lame -q:a 4 -write_xing 0 mpeg1-44k-stereo-vbr-no-info-frame.mp3
 * $E -ar 22050 -ac 1 -c:a libmp3lame -q:a 5 mpeg2-22k-mono-vbr.mp3
 * $E -ar 24000 -ac 1 -c:a libmp3lame -b:a 32k -write_id3v1 1 mpeg2-24k-mono-id3v1.mp3
 * $E -ar 16000 -ac 1 -c:a libmp3lame -b:a 64k mpeg2-16k-mono-cbr.mp3
 * $E -ar 8000 -ac 1 -c:a libmp3lame -b:a 16k mpeg25-8k-mono-cbr.mp3
 * # and 45 s, FormatSamples.longSpeechMp3() (in fixtures/formats/, for the jobs' tests too)
 * ffmpeg -i src.wav -t 45 -ar 16000 -ac 1 -map_metadata -1 -fflags +bitexact -c:a libmp3lame -b:a 24k \
 *   speech-45s-16k-mono.mp3
 * </pre>
 * They cover the resampler's three paths (none at 16 kHz, the 3:1 decimator at 48 kHz, the polyphase filter), mono
 * and joint stereo, CBR and VBR (whose bit reservoir reaches furthest back), with and without an Info frame.
 * Reverting the priming (no frames decoded before a part) makes this test fail: whole frames of samples differ.
 */
class Mp3PartsTest {

  private static final String[] FILES = {
    "mpeg1-48k-stereo-cbr.mp3", "mpeg1-44k-stereo-vbr-no-info-frame.mp3", "mpeg2-22k-mono-vbr.mp3",
    "mpeg2-24k-mono-id3v1.mp3", "mpeg2-16k-mono-cbr.mp3", "mpeg25-8k-mono-cbr.mp3"};

  private static byte[] load(String name) {
    try (InputStream in = Mp3PartsTest.class.getResourceAsStream("mp3-parts/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every part decoded into its place in one array, the parts in reverse order; the last part's result. */
  private static Mp3Parts.Done decodeAll(Mp3Parts plan, float[] into) {
    Mp3Parts.Done last = null;
    for (int k = plan.parts() - 1; k >= 0; k--) {
      int[] at = {(int) plan.firstOutput(k)};
      Mp3Parts.Done d = plan.decode(k, 600, Cancellation.NONE, (s, o, n) -> {
        System.arraycopy(s, o, into, at[0], n);
        at[0] += n;
      });
      if (k == plan.parts() - 1) {
        last = d;
      }
    }
    return last;
  }

  private static void assertPartsEqualOneDecode(byte[] mp3, double partSeconds, int atLeastParts) {
    DecodedSignal whole = AudioDecoder.decode(mp3, 600, Cancellation.NONE);
    Mp3Parts plan = Mp3Parts.plan(mp3, partSeconds);
    assertThat(plan).isNotNull();
    assertThat(plan.parts()).isGreaterThanOrEqualTo(atLeastParts);
    float[] parts = new float[whole.samples().length + 48_000];
    Mp3Parts.Done last = decodeAll(plan, parts);
    long total = plan.firstOutput(plan.parts() - 1) + last.outputs();
    assertThat(total).isEqualTo(whole.samples().length);
    int differing = 0;
    for (int i = 0; i < whole.samples().length; i++) {
      differing += Float.floatToIntBits(parts[i]) == Float.floatToIntBits(whole.samples()[i]) ? 0 : 1;
    }
    assertThat(differing).as("samples that differ from one decode").isZero();
    assertThat(last.sourceSamples() / (double) plan.sampleRate()).isEqualTo(whole.durationSeconds());
    assertThat(plan.format()).isEqualTo(whole.format());
  }

  static java.util.stream.Stream<String> files() {
    return java.util.stream.Stream.of(FILES);
  }

  @ParameterizedTest
  @MethodSource("files")
  void thePartsOfAnMp3AreExactlyTheSamplesOfOneDecode(String file) {
    // the shortest parts there are (Mp3Parts.MIN_PART_FRAMES), so the file has as many cuts as it can
    assertPartsEqualOneDecode(load(file), 0.001, 2);
  }

  @Test
  void theFormatSamplesMp3sSplitToo() {
    assertPartsEqualOneDecode(FormatSamples.MP3.bytes(), 0.001, 2);
    assertPartsEqualOneDecode(FormatSamples.longSpeechMp3(), 0.001, 20);
  }

  @Test
  void bytesThatBreakTheRunOfFramesBelongToTheLastPartWhichDecodesThemAsOneDecodeDoes() {
    byte[] mp3 = load("mpeg1-48k-stereo-cbr.mp3");
    // 700 bytes of garbage a third of the way in: the frames no longer follow each other there, JLayer resyncs
    int cut = mp3.length / 3;
    byte[] damaged = new byte[mp3.length + 700];
    System.arraycopy(mp3, 0, damaged, 0, cut);
    for (int i = 0; i < 700; i++) {
      damaged[cut + i] = (byte) (i * 37 + 11);
    }
    System.arraycopy(mp3, cut, damaged, cut + 700, mp3.length - cut);
    assertPartsEqualOneDecode(damaged, 0.001, 2);
  }

  @Test
  void twoMp3sJoinedEndToEndDecodeInPartsAsInOne() {
    // the second file's Info frame in the middle, and a second file at another rate, which JLayer skips
    byte[] same = load("mpeg2-22k-mono-vbr.mp3");
    byte[] other = load("mpeg2-16k-mono-cbr.mp3");
    assertPartsEqualOneDecode(concat(same, same), 0.001, 2);
    assertPartsEqualOneDecode(concat(same, other), 0.001, 2);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void partsDecodedOnFourThreadsAtOnceAreTheSamplesOfOneDecode() throws Exception {
    byte[] mp3 = load("mpeg1-44k-stereo-vbr-no-info-frame.mp3");
    float[] whole = AudioDecoder.decode(mp3, 600, Cancellation.NONE).samples();
    Mp3Parts plan = Mp3Parts.plan(mp3, 0.001);
    float[] parts = new float[whole.length + 48_000];
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < plan.parts(); k++) {
        order.add(k);
      }
      Collections.shuffle(order, new java.util.Random(7));
      List<Future<?>> running = new ArrayList<>();
      for (int k : order) {
        running.add(pool.submit(() -> {
          int[] at = {(int) plan.firstOutput(k)};
          plan.decode(k, 600, Cancellation.NONE, (s, o, n) -> {
            System.arraycopy(s, o, parts, at[0], n);
            at[0] += n;
          });
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(java.util.Arrays.equals(java.util.Arrays.copyOf(parts, whole.length), whole)).isTrue();
  }

  @Test
  void anythingButAnMp3OfSeveralPartsHasNoPlan() {
    assertThat(Mp3Parts.plan(FormatSamples.FLAC.bytes(), 0.001)).as("FLAC").isNull();
    assertThat(Mp3Parts.plan(FormatSamples.OGG_OPUS.bytes(), 0.001)).as("Ogg Opus").isNull();
    assertThat(Mp3Parts.plan(new byte[] {1, 2, 3}, 0.001)).as("three bytes").isNull();
    // 6 s in parts of a minute: one part, decoded in one piece
    assertThat(Mp3Parts.plan(load("mpeg2-16k-mono-cbr.mp3"), 60)).as("shorter than two parts").isNull();
  }

  @Test
  void aPartPastTheDurationLimitStopsAsOneDecodeWould() {
    Mp3Parts plan = Mp3Parts.plan(load("mpeg2-16k-mono-cbr.mp3"), 0.001);
    int last = plan.parts() - 1;
    double limit = (plan.firstOutput(last) - 100) / (double) AudioDecoder.RATE;
    assertThatThrownBy(() -> plan.decode(last, limit, Cancellation.NONE, (s, o, n) -> {}))
        .isInstanceOfSatisfying(AudioFormatException.class,
            e -> assertThat(e.kind()).isEqualTo(AudioFormatException.Kind.TOO_LONG));
    // the parts before the limit decode
    assertThat(plan.decode(0, limit, Cancellation.NONE, (s, o, n) -> {}).outputs()).isEqualTo(plan.firstOutput(1));
  }

  @Test
  void aCancelledPartStops() {
    Mp3Parts plan = Mp3Parts.plan(load("mpeg1-48k-stereo-cbr.mp3"), 0.001);
    assertThatThrownBy(() -> plan.decode(1, 600, () -> true, (s, o, n) -> {}))
        .isInstanceOf(AnalysisCancelledException.class);
  }
}
