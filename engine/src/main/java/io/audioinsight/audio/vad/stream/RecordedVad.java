package io.audioinsight.audio.vad.stream;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VoiceActivityDetector;
import java.util.Arrays;

/**
 * A voice activity engine that answers with probabilities already computed: a live stream's, replayed for its
 * summary, so the summary's file analysis does not run the model over the whole stream a second time (for Silero
 * that was most of a stream's cost). It replays only for the audio it was recorded on (the same hop size and the
 * same number of blocks); for any other signal it asks the engine it stands for, rather than guess.
 */
public final class RecordedVad implements VoiceActivityDetector {

  private final String name;
  private final int hopSize;
  private final float[] probabilities;
  private final VoiceActivityDetector engine;

  /** @param engine the engine that computed the probabilities, asked for any signal they do not cover */
  public RecordedVad(VoiceActivityDetector engine, int hopSize, float[] probabilities) {
    this.engine = engine;
    this.name = engine.name();
    this.hopSize = hopSize;
    this.probabilities = probabilities.clone();
  }

  @Override
  public String name() {
    return name;
  }

  /** Whether this recording covers a signal of {@code samples} at {@code hopSize}. */
  public boolean covers(int samples, int hopSize) {
    return hopSize == this.hopSize && probabilities.length == (samples + hopSize - 1) / hopSize;
  }

  @Override
  public float[] speechProbabilities(float[] samples16k, Spectrogram spectrogram, int hopSize,
                                     Cancellation cancellation) {
    if (!covers(samples16k.length, hopSize)) {
      return engine.speechProbabilities(samples16k, spectrogram, hopSize, cancellation);
    }
    return Arrays.copyOf(probabilities, probabilities.length);
  }
}
