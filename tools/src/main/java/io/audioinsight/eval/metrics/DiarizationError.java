package io.audioinsight.eval.metrics;

import io.audioinsight.audio.SpeakerSegment;
import java.util.List;

/**
 * Diarization error rate on the 10 ms {@link FrameGrid}: (missed + false alarm + confused speaker time) over
 * reference speaker time, after mapping hypothesis labels one-to-one onto reference labels to maximise their
 * overlap ({@link OptimalMapping}). Frames whose centre lies within {@code collar} seconds of a reference
 * segment boundary are not scored (0.25 s is the NIST convention; 0 scores everything). Components are in
 * seconds so files can be pooled.
 */
public record DiarizationError(double referenceSeconds, double missedSeconds, double falseAlarmSeconds,
    double confusionSeconds) {

  public static final DiarizationError ZERO = new DiarizationError(0, 0, 0, 0);

  public static DiarizationError of(List<SpeakerSegment> reference, List<SpeakerSegment> hypothesis,
      double durationSeconds, double collarSeconds) {
    double step = FrameGrid.STEP_SECONDS;
    long[] ref = FrameGrid.speakers(reference, durationSeconds, step);
    long[] hyp = FrameGrid.speakers(hypothesis, durationSeconds, step);
    boolean[] scored = scoredFrames(reference, ref.length, step, collarSeconds);

    // Overlap in frames of each hypothesis label (row) with each reference label (column).
    long[][] overlap = new long[63][63];
    for (int i = 0; i < ref.length; i++) {
      if (!scored[i]) {
        continue;
      }
      for (long h = hyp[i]; h != 0; h &= h - 1) {
        int hl = Long.numberOfTrailingZeros(h);
        for (long r = ref[i]; r != 0; r &= r - 1) {
          overlap[hl][Long.numberOfTrailingZeros(r)]++;
        }
      }
    }
    int[] map = OptimalMapping.maximize(overlap);

    long refFrames = 0;
    long missed = 0;
    long falseAlarm = 0;
    long confused = 0;
    for (int i = 0; i < ref.length; i++) {
      if (!scored[i]) {
        continue;
      }
      int nRef = Long.bitCount(ref[i]);
      int nHyp = Long.bitCount(hyp[i]);
      int correct = 0;
      for (long h = hyp[i]; h != 0; h &= h - 1) {
        int m = map[Long.numberOfTrailingZeros(h)];
        if (m >= 0 && (ref[i] & (1L << m)) != 0) {
          correct++;
        }
      }
      refFrames += nRef;
      missed += Math.max(0, nRef - nHyp);
      falseAlarm += Math.max(0, nHyp - nRef);
      confused += Math.min(nRef, nHyp) - correct;
    }
    return new DiarizationError(refFrames * step, missed * step, falseAlarm * step, confused * step);
  }

  private static boolean[] scoredFrames(List<SpeakerSegment> reference, int frames, double step, double collar) {
    boolean[] scored = new boolean[frames];
    java.util.Arrays.fill(scored, true);
    if (collar <= 0) {
      return scored;
    }
    for (SpeakerSegment s : reference) {
      for (double boundary : new double[] {s.start(), s.end()}) {
        int from = (int) Math.max(0, Math.ceil((boundary - collar) / step - 0.5 - 1e-9));
        int to = (int) Math.min(frames, Math.ceil((boundary + collar) / step - 0.5 - 1e-9));
        for (int i = from; i < to; i++) {
          scored[i] = false;
        }
      }
    }
    return scored;
  }

  public DiarizationError plus(DiarizationError o) {
    return new DiarizationError(referenceSeconds + o.referenceSeconds, missedSeconds + o.missedSeconds,
        falseAlarmSeconds + o.falseAlarmSeconds, confusionSeconds + o.confusionSeconds);
  }

  /** NaN when there is no reference speech. */
  public double rate() {
    return referenceSeconds == 0 ? Double.NaN : (missedSeconds + falseAlarmSeconds + confusionSeconds) / referenceSeconds;
  }
}
