package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UtterancePoolTest {

  private static float[] toneWithSilentEnds(int rate, double silentSeconds, double toneSeconds) {
    int pad = (int) (silentSeconds * rate);
    float[] x = new float[2 * pad + (int) (toneSeconds * rate)];
    for (int i = pad; i < x.length - pad; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
    }
    return x;
  }

  @Test
  void loadsVoicesInFileOrderResamplesTo16kAndTrimsSilentEnds(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("voices.tsv"), "# id\tvoice\tpitch\tspeed\tlang\nv01\ten+f2\t60\t170\ten\n");
    Files.createDirectories(dir.resolve("v01"));
    Files.write(dir.resolve("v01/002.wav"), WavIo.write(toneWithSilentEnds(22_050, 0.2, 1.0), 22_050, WavIo.Encoding.PCM16));
    Files.write(dir.resolve("v01/001.wav"), WavIo.write(toneWithSilentEnds(16_000, 0.3, 0.5), 16_000, WavIo.Encoding.PCM16));

    UtterancePool pool = UtterancePool.load(dir);

    assertThat(pool.voices()).containsExactly(new Voice("v01", "en+f2", 60, 170, "en"));
    assertThat(pool.voices().get(0).describe()).isEqualTo("en+f2 p60 s170");
    assertThat(pool.utterances(0)).hasSize(2);
    assertThat(pool.utterances(0).get(0).length / 16_000.0).isCloseTo(0.5, within(0.002));
    assertThat(pool.utterances(0).get(1).length / 16_000.0).isCloseTo(1.0, within(0.005));
  }

  @Test
  void syntheticVoicesAreDeterministicAndHaveSpeechLikePauses() {
    UtterancePool a = UtterancePool.synthetic(3, 4, 5);
    UtterancePool b = UtterancePool.synthetic(3, 4, 5);
    assertThat(a.size()).isEqualTo(3);
    for (int v = 0; v < 3; v++) {
      for (int u = 0; u < 4; u++) {
        assertThat(a.utterances(v).get(u)).containsExactly(b.utterances(v).get(u));
        assertThat(GroundTruth.speechSegments(a.utterances(v).get(u), 16_000)).isNotEmpty();
      }
    }
  }
}
