package io.audioinsight.audio.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SileroVadTest {

  private static final int RATE = 16_000;

  private static SileroVad vad() {
    return new SileroVad(TestModel.model());
  }

  private static float[] probabilities(SileroVad vad, float[] audio, int hop) {
    return vad.speechProbabilities(audio, Spectrogram.of(audio, Cancellation.NONE), hop, Cancellation.NONE);
  }

  @Test
  void reportsItsNameAsSilero() {
    assertThat(vad().name()).isEqualTo("silero");
  }

  @Test
  void eachChunkGetsTheNetworksOutputAfterTheNextChunk() {
    float[] audio = SpeechLikeSignal.concat(new float[RATE], SpeechLikeSignal.speech(2, 3), new float[1000]);
    float[] raw = TestModel.model().chunkProbabilities(audio, Cancellation.NONE);
    float[] p = probabilities(vad(), audio, 512);
    assertThat(p).hasSize(raw.length);
    for (int c = 0; c < raw.length - 1; c++) {
      assertThat(p[c]).isEqualTo(raw[c + 1]);
    }
    assertThat(p[raw.length - 1]).isEqualTo(raw[raw.length - 1]);
  }

  @Test
  void alignmentOfAShortInputKeepsItsLength() {
    assertThat(SileroVad.alignToChunks(new float[0])).isEmpty();
    assertThat(SileroVad.alignToChunks(new float[] {0.3f})).containsExactly(0.3f);
    assertThat(SileroVad.alignToChunks(new float[] {0.1f, 0.9f, 0.4f})).containsExactly(0.9f, 0.4f, 0.4f);
  }

  @Test
  void speechLikeSignalIsSpeechAndSilenceAndNoiseAreNot() {
    // 2 s digital silence, 4 s speech-like signal, 2 s quiet white noise
    float[] audio = SpeechLikeSignal.concat(new float[2 * RATE], SpeechLikeSignal.speech(4, 3),
        SpeechLikeSignal.noise(2, 0.01, 3));
    float[] p = probabilities(vad(), audio, 512);
    assertThat(p).hasSize((audio.length + 511) / 512);
    int silenceEnd = 2 * RATE / 512;
    int speechEnd = 6 * RATE / 512;
    assertThat(fractionAbove(p, 0, silenceEnd, 0.5f)).as("silence marked speech").isZero();
    assertThat(fractionAbove(p, silenceEnd + 3, speechEnd, 0.5f)).as("speech marked speech").isGreaterThan(0.8);
    assertThat(fractionAbove(p, speechEnd + 16, p.length, 0.5f)).as("noise marked speech").isZero();
  }

  @Test
  void speechInModerateNoiseIsStillFound() {
    float[] speech = SpeechLikeSignal.concat(new float[RATE], SpeechLikeSignal.speech(4, 3), new float[RATE]);
    float[] noisy = SpeechLikeSignal.mix(speech, SpeechLikeSignal.noise(6, 0.03, 9)); // about 10 dB SNR
    float[] p = probabilities(vad(), noisy, 512);
    int speechStart = RATE / 512;
    int speechEnd = 5 * RATE / 512;
    assertThat(fractionAbove(p, speechStart + 3, speechEnd, 0.5f)).isGreaterThan(0.6);
    assertThat(fractionAbove(p, 0, speechStart - 2, 0.5f)).isZero();
  }

  @Test
  void hopSizeOtherThan512MapsTheModelGrid() {
    float[] audio = SpeechLikeSignal.concat(new float[RATE], SpeechLikeSignal.speech(2, 3));
    float[] at512 = probabilities(vad(), audio, 512);
    float[] at256 = probabilities(vad(), audio, 256);
    float[] at160 = probabilities(vad(), audio, 160);
    assertThat(at256).hasSize((audio.length + 255) / 256);
    assertThat(at160).hasSize((audio.length + 159) / 160);
    for (int j = 0; j < at256.length; j++) {
      assertThat(at256[j]).isEqualTo(at512[j / 2]);
    }
  }

  @Test
  void eightThreadsAtOnceGiveTheSingleThreadedResults() throws Exception {
    SileroVad vad = vad();
    List<float[]> inputs = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      float[] audio = SpeechLikeSignal.mix(SpeechLikeSignal.concat(new float[RATE / 2], SpeechLikeSignal.speech(2.5, k)),
          SpeechLikeSignal.noise(3, 0.005 * (k + 1), k));
      inputs.add(audio);
      expected.add(probabilities(vad, audio, 512));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<float[]>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int first = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<float[]> results = new ArrayList<>();
          for (int r = 0; r < 8; r++) { // each thread runs every input, starting at a different one
            results.add(probabilities(vad, inputs.get((first + r) % 8), 512));
          }
          return results;
        }));
      }
      start.countDown();
      for (int t = 0; t < 8; t++) {
        List<float[]> results = futures.get(t).get(2, TimeUnit.MINUTES);
        for (int r = 0; r < 8; r++) {
          assertThat(results.get(r)).containsExactly(expected.get((t + r) % 8));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void espeakSpeechIsFoundBetweenSilences(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("espeak.wav");
    assumeTrue(runs("espeak-ng", "--version"), "espeak-ng is not installed; skipping the espeak-ng speech test");
    assumeTrue(runs("espeak-ng", "-v", "en-us", "-w", wav.toString(),
        "Voice activity detection finds where people speak in a recording."), "espeak-ng failed to synthesise");
    float[] speech = readEspeakWavAt16k(wav);
    float[] audio = SpeechLikeSignal.concat(new float[RATE], speech, new float[RATE]);
    float[] p = probabilities(vad(), audio, 512);
    int speechStart = RATE / 512;
    int speechEnd = (RATE + speech.length) / 512;
    assertThat(fractionAbove(p, 0, speechStart - 1, 0.5f)).isZero();
    assertThat(fractionAbove(p, speechStart, speechEnd, 0.5f)).isGreaterThan(0.6);
    assertThat(fractionAbove(p, speechEnd + 16, p.length, 0.5f)).isZero();
  }

  private static boolean runs(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** espeak-ng writes 16-bit mono PCM at 22050 Hz; linear interpolation to 16 kHz is enough for a VAD test. */
  private static float[] readEspeakWavAt16k(Path wav) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
    int rate = b.getInt(24);
    int pos = 12;
    while (pos + 8 <= b.limit()) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      if (id == 0x61746164) { // "data"
        int n = Math.min(size, b.limit() - pos - 8) / 2;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] = b.getShort(pos + 8 + 2 * i) / 32768f;
        }
        int m = (int) ((long) n * RATE / rate);
        float[] y = new float[m];
        for (int i = 0; i < m; i++) {
          double t = (double) i * rate / RATE;
          int k = (int) t;
          double f = t - k;
          y[i] = (float) (x[k] * (1 - f) + (k + 1 < n ? x[k + 1] : 0) * f);
        }
        return y;
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException("no data chunk in " + wav);
  }

  private static double fractionAbove(float[] p, int from, int to, float threshold) {
    int count = 0;
    for (int i = from; i < to; i++) {
      count += p[i] >= threshold ? 1 : 0;
    }
    return (double) count / Math.max(1, to - from);
  }
}
