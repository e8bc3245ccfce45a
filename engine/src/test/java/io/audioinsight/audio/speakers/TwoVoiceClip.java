package io.audioinsight.audio.speakers;

import io.audioinsight.audio.decode.TestWavs;
import java.util.Random;

/**
 * Two synthetic voices (low and high) taking six turns of about four seconds over a faint noise floor: a 32 s
 * mono 16 kHz WAV that the engine counts as two speakers. Public for the service's tests (the playground's
 * browser test uploads it).
 */
public final class TwoVoiceClip {

  private TwoVoiceClip() {}

  public static byte[] wav() {
    Random rng = new Random(21);
    float[] x = new float[32 * SyntheticVoice.RATE];
    SyntheticVoice[] voices = {SyntheticVoice.LOW, SyntheticVoice.HIGH};
    int at = SyntheticVoice.RATE / 2;
    for (int t = 0; t < 6; t++) {
      at = voices[t % 2].speak(x, at, 4.0, 0.9 + 0.2 * rng.nextDouble(), 1.0, rng) + SyntheticVoice.RATE / 2;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] += (float) (3e-4 * rng.nextGaussian());
    }
    return TestWavs.pcm16(SyntheticVoice.RATE, x);
  }
}
