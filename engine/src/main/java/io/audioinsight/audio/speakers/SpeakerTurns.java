package io.audioinsight.audio.speakers;

import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.SpeakerTime;
import io.audioinsight.audio.Spectrogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last step of {@link SpeakerCounter}: from a speaker label per speech frame to what the user sees, the
 * count and the segments. Decoder flicker (runs under {@link #MIN_TURN_FRAMES}) joins its longer neighbour,
 * voices with under {@link SpeakerCounter#MIN_SPEAKER_SECONDS} of speech in all are folded into their
 * neighbours, speakers are numbered from 1 by first appearance, and same-speaker stretches less than
 * {@link #JOIN_FRAMES} apart form one segment.
 */
final class SpeakerTurns {

  /** A speaker's run shorter than this (0.25 s) between another speaker's speech is decoder flicker. */
  static final int MIN_TURN_FRAMES = 25;
  /** Same-speaker stretches closer than this (0.3 s) form one output segment. */
  private static final int JOIN_FRAMES = 30;

  private SpeakerTurns() {}

  /** Speakers numbered from 1 by first appearance; a voice counts when it has enough speech. */
  static SpeakerResult result(int[] frames, int[] labels) {
    return result(frames, labels, 1);
  }

  /**
   * As {@link #result(int[], int[])}, except that the {@code keep} voices with the most speech always count
   * (the hinted minimum), however short.
   */
  static SpeakerResult result(int[] frames, int[] labels, int keep) {
    int minSpeakerFrames = (int) Math.round(SpeakerCounter.MIN_SPEAKER_SECONDS / Spectrogram.FRAME_SECONDS);
    int[] ordered = BicClustering.renumber(
        absorbShortSpeakers(withoutShortTurns(frames, labels), minSpeakerFrames, keep));
    int[] total = framesPerSpeaker(ordered);
    int k = total.length;
    boolean[] kept = largest(total, keep);
    int count = 0;
    for (int s = 0; s < k; s++) {
      if (total[s] >= minSpeakerFrames || (kept[s] && total[s] > 0)) {
        count++;
      }
    }
    if (count == 0 && k > 0) {
      count = 1; // between MIN_SPEECH_SECONDS and a second of speech in all: one short voice
    }
    List<SpeakerSegment> segments = new ArrayList<>();
    int segStart = -1;
    for (int i = 0; i <= frames.length; i++) {
      boolean boundary = i == frames.length
          || i == 0
          || ordered[i] != ordered[i - 1]
          || frames[i] - frames[i - 1] > JOIN_FRAMES;
      if (boundary) {
        if (segStart >= 0 && ordered[segStart] >= 0) {
          segments.add(new SpeakerSegment(
              seconds(frames[segStart]), seconds(frames[i - 1] + 1), ordered[segStart] + 1));
        }
        segStart = i;
      }
    }
    List<SpeakerTime> times = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      if (total[s] > 0) {
        times.add(new SpeakerTime(s + 1, seconds(total[s])));
      }
    }
    return new SpeakerResult(count, segments, times, "classic");
  }

  /** Marks the {@code keep} entries with the largest totals (ties: the lower index). */
  static boolean[] largest(int[] total, int keep) {
    Integer[] order = new Integer[total.length];
    for (int s = 0; s < total.length; s++) {
      order[s] = s;
    }
    Arrays.sort(order, (a, b) -> total[a] != total[b] ? Integer.compare(total[b], total[a]) : a - b);
    boolean[] kept = new boolean[total.length];
    for (int r = 0; r < Math.min(keep, order.length); r++) {
      kept[order[r]] = true;
    }
    return kept;
  }

  /**
   * A speaker's run shorter than {@link #MIN_TURN_FRAMES} inside a stretch of speech (no pause on the side of
   * its neighbour) is given to the longer neighbouring run in that stretch: the decoder's flicker at a turn's
   * edge or in noise, not a turn; nobody takes the floor for a tenth of a second. Runs alone between pauses
   * are kept. Returns a new array.
   */
  static int[] withoutShortTurns(int[] frames, int[] labels) {
    int n = labels.length;
    int[] out = labels.clone();
    // runs: [start, end) of one label with no pause inside
    List<int[]> runs = new ArrayList<>();
    for (int i = 0, start = 0; i <= n; i++) {
      if (i == n || (i > start && (out[i] != out[start] || frames[i] - frames[i - 1] > SpeakerCounter.PAUSE_FRAMES))) {
        runs.add(new int[] {start, i});
        start = i;
      }
    }
    for (int r = 0; r < runs.size(); r++) {
      int[] run = runs.get(r);
      if (run[1] - run[0] >= MIN_TURN_FRAMES || out[run[0]] < 0) {
        continue;
      }
      int[] before = r > 0 && touches(frames, runs.get(r - 1), run) ? runs.get(r - 1) : null;
      int[] after = r + 1 < runs.size() && touches(frames, run, runs.get(r + 1)) ? runs.get(r + 1) : null;
      int[] into = before == null ? after
          : after == null ? before
          : (after[1] - after[0] > before[1] - before[0] ? after : before);
      if (into == null || out[into[0]] < 0) {
        continue;
      }
      Arrays.fill(out, run[0], run[1], out[into[0]]);
      // the absorbed run now belongs to its neighbour: let later runs see the combined length
      if (into == before) {
        before[1] = run[1];
        runs.set(r, before);
      } else {
        after[0] = run[0];
      }
    }
    return out;
  }

  /** True when run {@code b} follows run {@code a} without a pause between them. */
  private static boolean touches(int[] frames, int[] a, int[] b) {
    return frames[b[0]] - frames[a[1] - 1] <= SpeakerCounter.PAUSE_FRAMES;
  }

  /**
   * Frames of voices with less than {@code minFrames} in total go to the speaker before them (or after, at
   * the start), so every speaker in the segments is one that counts. Returns a new array.
   */
  private static int[] absorbShortSpeakers(int[] labels, int minFrames, int keep) {
    int[] total = framesPerSpeaker(labels);
    int k = total.length;
    int[] out = labels.clone();
    int largest = 0;
    for (int s = 1; s < k; s++) {
      if (total[s] > total[largest]) {
        largest = s;
      }
    }
    boolean[] kept = largest(total, Math.max(1, keep));
    for (int i = 0; i < out.length; i++) {
      if (out[i] < 0 || (!kept[out[i]] && total[out[i]] < minFrames)) {
        out[i] = -1;
      }
    }
    int prev = -1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] < 0) {
        out[i] = prev;
      } else {
        prev = out[i];
      }
    }
    int after = largest;
    for (int i = out.length - 1; i >= 0; i--) {
      if (out[i] < 0) {
        out[i] = after;
      } else {
        after = out[i];
      }
    }
    return out;
  }

  /** Frames of each label 0..max (unlabelled frames, -1, are not counted). */
  private static int[] framesPerSpeaker(int[] labels) {
    int k = 0;
    for (int l : labels) {
      k = Math.max(k, l + 1);
    }
    int[] total = new int[k];
    for (int l : labels) {
      if (l >= 0) {
        total[l]++;
      }
    }
    return total;
  }

  private static double seconds(int frame) {
    return Math.round(frame * Spectrogram.FRAME_SECONDS * 1000.0) / 1000.0;
  }
}
