package io.audioinsight.audio.silero;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VoiceActivityDetector;

/**
 * Voice activity from the Silero VAD v5 network. It reads the 16 kHz samples (not the spectrogram), takes
 * one decision per 512 samples (32 ms), and maps those onto the caller's {@code vad_hop_size} grid as
 * described in {@link HopGrid}. Thread-safe: every call has its own recurrent state, starting at zero.
 */
public final class SileroVad implements VoiceActivityDetector, AutoCloseable {

  public static final String NAME = "silero";

  private final SileroModel model;

  public SileroVad(SileroModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public float[] speechProbabilities(float[] samples16k, Spectrogram spectrogram, int hopSize, Cancellation cancellation) {
    if (hopSize <= 0) {
      throw new IllegalArgumentException("hopSize must be positive, got " + hopSize);
    }
    float[] chunks = model.chunkProbabilities(samples16k, cancellation);
    if (hopSize == SileroModel.CHUNK) {
      return chunks;
    }
    return HopGrid.map(chunks, SileroModel.CHUNK, samples16k.length, hopSize);
  }

  /** Runs the model once so that readiness means the first request is fast. */
  public void warmUp() {
    model.warmUp();
  }

  public SileroModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
  }
}
