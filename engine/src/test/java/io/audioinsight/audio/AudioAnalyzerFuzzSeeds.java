package io.audioinsight.audio;

import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.decode.TestWavs;
import io.audioinsight.audio.decode.TestWavs.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the seed inputs of {@link AudioAnalyzerFuzzTest}: small valid WAVs (a few KB, so the fuzzer mutates them
 * fast) in several formats and rates, with speech-like bursts, noise, silence, a tone, clipping and DC.
 * Run once from the test classpath, in the engine folder; the output is committed:
 * {@code java -cp target/test-classes:target/classes io.audioinsight.audio.AudioAnalyzerFuzzSeeds}.
 */
final class AudioAnalyzerFuzzSeeds {

  private AudioAnalyzerFuzzSeeds() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0]
        : "src/test/resources/io/audioinsight/audio/AudioAnalyzerFuzzTestInputs/"
            + "analyzeReturnsSaneResultOrThrowsAudioFormatException");
    Files.createDirectories(dir);
    float[] speech16k = speechInNoise(16_000, 0.6);
    float[] speech8k = speechInNoise(8_000, 0.6);
    write(dir, "seed-pcm_16-16k-speech-in-noise", TestWavs.write(Format.PCM_16, 16_000, speech16k));
    write(dir, "seed-pcm_16-8k-speech-in-noise", TestWavs.write(Format.PCM_16, 8_000, speech8k));
    write(dir, "seed-pcm_u8-8k-speech-in-noise", TestWavs.write(Format.PCM_U8, 8_000, speech8k));
    write(dir, "seed-mu_law-8k-speech-in-noise", TestWavs.write(Format.MU_LAW, 8_000, speech8k));
    write(dir, "seed-a_law-8k-stereo-extensible", TestWavs.writeExtensible(Format.A_LAW, 8_000, speech8k, speech8k));
    write(dir, "seed-pcm_24-22050-tone", TestWavs.write(Format.PCM_24, 22_050, TestWavs.tone(1000, 22_050, 0.1, 0.5)));
    write(dir, "seed-float_32-44100-stereo", TestWavs.write(Format.FLOAT_32, 44_100,
        TestWavs.tone(300, 44_100, 0.05, 0.3), SyntheticSignals.whiteNoise(2205, 0.05, 3)));
    write(dir, "seed-float_64-8k-clipped-dc", TestWavs.write(Format.FLOAT_64, 8_000, clippedWithDc(speech8k)));
    write(dir, "seed-pcm_32-16k-extensible", TestWavs.writeExtensible(Format.PCM_32, 16_000,
        java.util.Arrays.copyOf(speech16k, 1600)));
    write(dir, "seed-pcm_16-16k-digital-silence", TestWavs.write(Format.PCM_16, 16_000, new float[1600]));
    write(dir, "seed-pcm_16-16k-one-sample", TestWavs.write(Format.PCM_16, 16_000, new float[] {0.5f}));
    write(dir, "seed-pcm_16-16k-empty", TestWavs.write(Format.PCM_16, 16_000, new float[0]));
  }

  /** {@code seconds} of a speech-like burst (0.15..0.45 s) in white noise at 10 dB, at {@code rate}. */
  private static float[] speechInNoise(int rate, double seconds) {
    int n = (int) Math.round(seconds * 16_000);
    double[][] utterances = {{0.15, 0.45}};
    float[] x16 = SyntheticSignals.mix(SyntheticSignals.speechLike(n, utterances, 11), utterances,
        SyntheticSignals.whiteNoise(n, 1, 5), 10);
    int step = 16_000 / rate;
    float[] out = new float[n / step];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(-1f, Math.min(1f, x16[i * step]));
    }
    return out;
  }

  private static float[] clippedWithDc(float[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.max(-1f, Math.min(1f, 0.3f + 4f * x[i]));
    }
    return out;
  }

  private static void write(Path dir, String name, byte[] wav) throws IOException {
    Files.write(dir.resolve(name), wav);
    System.out.println(name + " " + wav.length + " bytes");
  }
}
