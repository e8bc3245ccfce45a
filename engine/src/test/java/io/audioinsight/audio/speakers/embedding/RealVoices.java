package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.TestWavs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Recordings of real people for the speaker tests, from the committed Opus clips in
 * {@code src/test/resources/voices/} (sources and licences in its README.md), and conversations built from them.
 * The voices are speakers the shipped model never trained on.
 */
final class RealVoices {

  /** 60 s of June (asterisk-core-sounds-fr-wav, fr_CA_f_June), a woman reading French telephone prompts. */
  static final String JUNE = "june.opus";
  /** 10 minutes of June: 164 other prompts than {@link #JUNE}'s, none repeated. */
  static final String JUNE_TEN_MINUTES = "june-10min.opus";
  /** 30 s of Carlo (asterisk-core-sounds-it-wav, it_IT_m_Carlo), a man reading Italian prompts. */
  static final String CARLO = "carlo.opus";
  /** 30 s of the Russian tuxpaint-stamps-default narrator. */
  static final String TUX_RU = "tuxru.opus";
  /** 30 s of the Spanish tuxpaint-stamps-default narrator. */
  static final String TUX_ES = "tuxes.opus";

  static final int RATE = 16_000;

  private RealVoices() {}

  /** The clip as 16 kHz mono floats, decoded by the engine itself. */
  static float[] samples(String clip) {
    try (InputStream in = RealVoices.class.getResourceAsStream("/voices/" + clip)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /voices/" + clip);
      }
      return AudioDecoder.decode(in.readAllBytes(), 3_600, Cancellation.NONE).samples();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code clip} repeated until it lasts {@code seconds}. */
  static float[] looped(String clip, double seconds) {
    float[] one = samples(clip);
    float[] out = new float[(int) Math.round(seconds * RATE)];
    for (int at = 0; at < out.length; at += one.length) {
      System.arraycopy(one, 0, out, at, Math.min(one.length, out.length - at));
    }
    return out;
  }

  /**
   * Voices taking turns of {@code turnSeconds}, in order, each voice continuing where its last turn stopped,
   * for {@code seconds} in all; a 0.3 s pause between turns.
   */
  static float[] turns(double turnSeconds, double seconds, String... clips) {
    float[][] voices = new float[clips.length][];
    for (int v = 0; v < clips.length; v++) {
      voices[v] = samples(clips[v]);
    }
    int turn = (int) Math.round(turnSeconds * RATE);
    int pause = (int) Math.round(0.3 * RATE);
    float[] out = new float[(int) Math.round(seconds * RATE)];
    int[] read = new int[clips.length];
    int at = 0;
    for (int t = 0; at < out.length; t++) {
      int v = t % clips.length;
      for (int i = 0; i < turn && at < out.length; i++) {
        out[at++] = voices[v][read[v]];
        read[v] = (read[v] + 1) % voices[v].length;
      }
      at += pause;
    }
    return out;
  }

  /** The samples as a 16 kHz PCM16 WAV file. */
  static byte[] wav(float[] samples) {
    return TestWavs.pcm16(RATE, samples);
  }

  /** {@code a} then {@code b}. */
  static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
