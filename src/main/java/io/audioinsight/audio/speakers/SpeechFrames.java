package io.audioinsight.audio.speakers;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.Spectrogram;
import java.util.List;

/** Per-spectrogram-frame (10 ms) speech masks, the form {@link SpeakerCounter} reads voice activity in. */
public final class SpeechFrames {

  private SpeechFrames() {}

  /**
   * Marks frame {@code i} as speech when its 10 ms slot {@code [i*10 ms, (i+1)*10 ms)} starts inside one of
   * {@code segments} (seconds, start inclusive, end exclusive), e.g. the VAD's speech segments.
   */
  public static boolean[] fromSegments(List<Segment> segments, int frames) {
    boolean[] speech = new boolean[frames];
    for (Segment s : segments) {
      int from = Math.max(0, (int) Math.ceil(s.start() / Spectrogram.FRAME_SECONDS - 1e-9));
      int to = Math.min(frames, (int) Math.ceil(s.end() / Spectrogram.FRAME_SECONDS - 1e-9));
      for (int i = from; i < to; i++) {
        speech[i] = true;
      }
    }
    return speech;
  }

  /**
   * Marks frame {@code i} as speech when block {@code i * HOP / hopSize} of a VAD's per-block decisions
   * (blocks of {@code hopSize} samples at 16 kHz) is speech.
   */
  public static boolean[] fromBlocks(boolean[] blockIsSpeech, int hopSize, int frames) {
    boolean[] speech = new boolean[frames];
    for (int i = 0; i < frames; i++) {
      int block = (int) ((long) i * Spectrogram.HOP / hopSize);
      speech[i] = block < blockIsSpeech.length && blockIsSpeech[block];
    }
    return speech;
  }
}
