package io.audioinsight.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.decode.DecodedAudio.Encoding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Files written by an independent encoder (sox) decode to the tone sox was asked for, so the decoder does not just
 * agree with our own {@link TestWavs} writer. sox writes WAVE_FORMAT_EXTENSIBLE for more than two channels or more
 * than 16 bits, and a fact chunk for non-PCM. Skipped when sox is not installed.
 */
class SoxWavInteropTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} {1}-bit, {2} ch @ {3} Hz")
  @CsvSource({
    "unsigned-integer, 8, 1, 8000, PCM",
    "signed-integer, 16, 2, 44100, PCM",
    "signed-integer, 24, 3, 48000, PCM",
    "signed-integer, 32, 1, 96000, PCM",
    "floating-point, 32, 2, 22050, IEEE_FLOAT",
    "floating-point, 64, 1, 192000, IEEE_FLOAT",
    "mu-law, 8, 3, 8000, MU_LAW",
    "a-law, 8, 1, 8000, A_LAW"
  })
  void soxWrittenToneDecodesToTheSameToneInEveryChannel(String soxEncoding, int bits, int channels, int rate,
      Encoding expected) throws Exception {
    Path wav = dir.resolve("tone.wav");
    runSox("sox", "-n", "-r", String.valueOf(rate), "-c", String.valueOf(channels), "-e", soxEncoding,
        "-b", String.valueOf(bits), wav.toString(), "synth", "0.5", "sine", "1000", "vol", "0.5");

    DecodedAudio audio = WavDecoder.decode(Files.readAllBytes(wav), 10);

    assertThat(audio.sampleRate()).isEqualTo(rate);
    assertThat(audio.channels()).isEqualTo(channels);
    assertThat(audio.bitsPerSample()).isEqualTo(bits);
    assertThat(audio.encoding()).isEqualTo(expected);
    assertThat(audio.durationSeconds()).isCloseTo(0.5, within(1e-3));
    double rms = 0;
    for (float v : audio.samples()) {
      rms += v * v;
    }
    rms = Math.sqrt(rms / audio.samples().length);
    assertThat(20 * Math.log10(rms / (0.5 / Math.sqrt(2)))).as("level vs 0.5 sine, dB").isCloseTo(0, within(0.1));
  }

  private static void runSox(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("sox is not installed (apt-get install sox); skipping interop check");
      return;
    }
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("sox finished").isTrue();
    assertThat(p.exitValue()).as("sox exit status").isZero();
  }
}
