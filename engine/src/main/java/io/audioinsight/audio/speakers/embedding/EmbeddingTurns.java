package io.audioinsight.audio.speakers.embedding;

import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.SpeakerTime;
import io.audioinsight.audio.Spectrogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * From a voice per speech frame to what the user sees: speakers numbered from 1 by first appearance, segments
 * (a speaker's stretches of speech, joined across pauses shorter than {@link #JOIN_FRAMES}), each speaker's
 * total speaking time (speech frames only), and the count, which is the number of voices the clustering found
 * (every voice owns at least the frames nearest its windows' centres).
 */
final class EmbeddingTurns {

  /** Same-speaker stretches closer than this (0.3 s) form one output segment, as in the classic counter. */
  static final int JOIN_FRAMES = 30;

  private EmbeddingTurns() {}

  static SpeakerResult result(int[] frames, int[] voiceOfFrame, String engine) {
    int voices = 0;
    for (int v : voiceOfFrame) {
      voices = Math.max(voices, v + 1);
    }
    int[] number = new int[voices];
    Arrays.fill(number, -1);
    int next = 0;
    int[] speaker = new int[frames.length];
    int[] framesOf = new int[voices];
    for (int p = 0; p < frames.length; p++) {
      int v = voiceOfFrame[p];
      if (number[v] < 0) {
        number[v] = next++;
      }
      speaker[p] = number[v];
      framesOf[number[v]]++;
    }
    List<SpeakerSegment> segments = new ArrayList<>();
    int start = 0;
    for (int p = 1; p <= frames.length; p++) {
      if (p == frames.length || speaker[p] != speaker[start] || frames[p] - frames[p - 1] > JOIN_FRAMES) {
        segments.add(new SpeakerSegment(seconds(frames[start]), seconds(frames[p - 1] + 1), speaker[start] + 1));
        start = p;
      }
    }
    List<SpeakerTime> times = new ArrayList<>(next);
    for (int s = 0; s < next; s++) {
      times.add(new SpeakerTime(s + 1, seconds(framesOf[s])));
    }
    return new SpeakerResult(next, segments, times, engine);
  }

  private static double seconds(int frames) {
    return Math.round(frames * Spectrogram.FRAME_SECONDS * 1000.0) / 1000.0;
  }
}
