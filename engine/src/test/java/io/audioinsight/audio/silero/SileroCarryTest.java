package io.audioinsight.audio.silero;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VadCarry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A long file's chunks taken in order hand the network's state on: the second chunk, going on from the first's
 * carry without running over its context, gets exactly the whole file's probabilities.
 */
class SileroCarryTest {

  private static final int RATE = 16_000;
  private static final int STEP = SileroModel.CHUNK;

  /** 24 s: speech, a pause, speech in noise, so the state at the cut is far from zero. */
  private static float[] file() {
    return SpeechLikeSignal.concat(SpeechLikeSignal.speech(7, 5), new float[3 * RATE],
        SpeechLikeSignal.mix(SpeechLikeSignal.speech(10, 6), SpeechLikeSignal.noise(10, 0.02, 7)),
        SpeechLikeSignal.noise(4, 0.01, 8));
  }

  private static float[] whole(SileroVad vad, float[] audio, int hop) {
    return vad.speechProbabilities(audio, Spectrogram.of(audio, Cancellation.NONE), hop, Cancellation.NONE);
  }

  @Test
  void aChunkGoingOnFromItsPredecessorsCarryGetsTheWholeFilesProbabilitiesExactly() {
    SileroVad vad = new SileroVad(TestModel.model());
    float[] audio = file();
    float[] whole = whole(vad, audio, STEP);
    int cut = 320 * STEP;      // 10.24 s: where the second chunk's own range starts
    int tail = 64 * STEP;      // audio after the first chunk's range, as a job's chunk has
    int context = 128 * STEP;  // the second chunk's context before its range

    SileroVad.Carried first = vad.speechProbabilities(Arrays.copyOf(audio, cut + tail), STEP, 0, null, cut,
        Cancellation.NONE);
    assertThat(first.carry()).isNotNull();
    assertThat(first.carry().outputs()).hasSize(cut / STEP);

    int start = cut - context;
    float[] second = Arrays.copyOfRange(audio, start, audio.length);
    SileroVad.Carried next = vad.speechProbabilities(second, STEP, context, first.carry(), second.length,
        Cancellation.NONE);
    assertThat(next.usedCarry()).isTrue();
    float[] expected = Arrays.copyOfRange(whole, start / STEP, whole.length);
    assertThat(next.probabilities()).as("context and range alike").containsExactly(expected);
  }

  @Test
  void withoutACarryTheChunkRunsOverItsContextAsBefore() {
    SileroVad vad = new SileroVad(TestModel.model());
    float[] audio = file();
    float[] chunk = Arrays.copyOfRange(audio, 64 * STEP, audio.length);
    SileroVad.Carried alone = vad.speechProbabilities(chunk, STEP, 128 * STEP, null, chunk.length,
        Cancellation.NONE);
    assertThat(alone.usedCarry()).isFalse();
    assertThat(alone.probabilities()).containsExactly(whole(vad, chunk, STEP));
  }

  @Test
  void aCarryThatDoesNotFitIsIgnoredNotMisread() {
    SileroVad vad = new SileroVad(TestModel.model());
    float[] audio = file();
    VadCarry tooShort = new VadCarry(new float[256], new float[3]);
    // off the network's grid, then more context than the carry holds outputs for
    assertThat(vad.speechProbabilities(audio, STEP, 100, tooShort, audio.length, Cancellation.NONE).usedCarry())
        .isFalse();
    assertThat(vad.speechProbabilities(audio, STEP, 10 * STEP, tooShort, audio.length, Cancellation.NONE)
        .usedCarry()).isFalse();
    assertThat(vad.speechProbabilities(audio, STEP, 10 * STEP, tooShort, 100, Cancellation.NONE).carry())
        .as("a capture point off the grid gives no carry").isNull();
  }

  @Test
  void theCarryWorksOnOtherHopGridsToo() {
    SileroVad vad = new SileroVad(TestModel.model());
    float[] audio = file();
    int hop = 256;
    float[] whole = whole(vad, audio, hop);
    int cut = 320 * STEP;
    int context = 128 * STEP;
    SileroVad.Carried first = vad.speechProbabilities(Arrays.copyOf(audio, cut + 64 * STEP), hop, 0, null, cut,
        Cancellation.NONE);
    float[] second = Arrays.copyOfRange(audio, cut - context, audio.length);
    SileroVad.Carried next = vad.speechProbabilities(second, hop, context, first.carry(), second.length,
        Cancellation.NONE);
    assertThat(next.probabilities()).containsExactly(
        Arrays.copyOfRange(whole, (cut - context) / hop, whole.length));
  }
}
