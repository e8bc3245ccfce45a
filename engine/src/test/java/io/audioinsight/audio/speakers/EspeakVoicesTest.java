package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.decode.DecodedAudio;
import io.audioinsight.audio.decode.Resampler;
import io.audioinsight.audio.decode.WavDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real synthetic speech from espeak-ng; skipped when espeak-ng is not installed. */
class EspeakVoicesTest {

  private static final String[] SENTENCES = {
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "Could you tell me where the nearest train station is, please?",
    "We have to decide before the end of the month, there is no other way.",
    "After dinner we walked along the beach and watched the sunset.",
  };

  @TempDir
  static Path dir;

  @BeforeAll
  static void needsEspeak() {
    assumeTrue(espeakAvailable(), "espeak-ng is not installed: skipping the espeak-ng voice tests");
  }

  @Test
  void twoEspeakVoicesTakingTurnsCountAsTwo() throws Exception {
    List<float[]> turns = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      boolean first = t % 2 == 0;
      turns.add(say(first ? "en+m3" : "en+f4", first ? 40 : 70, 160, SENTENCES[t % SENTENCES.length]));
    }
    assertThat(count(turns).speakerCount()).isEqualTo(2);
  }

  @Test
  void oneEspeakVoiceAtDifferentPitchesAndSpeedsCountsAsOne() throws Exception {
    int[] pitch = {30, 50, 70, 40, 60, 45};
    int[] speed = {130, 170, 200, 150, 185, 160};
    List<float[]> turns = new ArrayList<>();
    for (int t = 0; t < pitch.length; t++) {
      turns.add(say("en+m3", pitch[t], speed[t], SENTENCES[t % SENTENCES.length]));
    }
    assertThat(count(turns).speakerCount()).isEqualTo(1);
  }

  private static SpeakerResult count(List<float[]> turns) {
    int gap = Spectrogram.SAMPLE_RATE / 2;
    int total = gap;
    for (float[] t : turns) {
      total += t.length + gap;
    }
    float[] x = new float[total];
    int at = gap;
    for (float[] t : turns) {
      System.arraycopy(t, 0, x, at, t.length);
      at += t.length + gap;
    }
    Spectrogram spec = Spectrogram.of(x, Cancellation.NONE);
    return new SpeakerCounter().count(spec, EnergySpeechMask.of(spec), Cancellation.NONE);
  }

  private static float[] say(String voice, int pitch, int speed, String text) throws Exception {
    Path wav = Files.createTempFile(dir, "turn", ".wav");
    Process p = new ProcessBuilder(
            "espeak-ng", "-v", voice, "-p", Integer.toString(pitch), "-s", Integer.toString(speed), "-w",
            wav.toString(), text)
        .redirectErrorStream(true)
        .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    DecodedAudio a = WavDecoder.decode(Files.readAllBytes(wav), 600);
    return Resampler.toRate(a.samples(), a.sampleRate(), Spectrogram.SAMPLE_RATE);
  }

  private static boolean espeakAvailable() {
    try {
      Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
