package io.audioinsight.audio.vad.stream;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.VoiceActivityDetector;
import io.audioinsight.audio.vad.DspVad;
import java.util.Arrays;

/**
 * The DSP engine on a live stream. {@link DspVad} is not causal (a two-sided noise floor, forward-backward
 * smoothing, a background gate over the loud speech), so it cannot step sample by sample. Instead it runs, through
 * its public API, on a sliding window: every {@link #STEP_SAMPLES} of new audio, on the last
 * {@link #WINDOW_SAMPLES} (starting on a block boundary), and the blocks that end at least {@link #LAG_SAMPLES}
 * before the window's end are decided from it. The lag lets the smoother and the noise floor see enough of what
 * follows; the window gives them the past. At the end of the stream the last window decides the rest.
 *
 * <p>Costs: each second of audio is analysed about WINDOW/STEP = 8 times; events come 2 to 3 s after the speech.
 * The decisions match the file analysis where the file's whole-file steps (the background gate's reference level)
 * agree with the window's, which holds for a steady talker and noise; they can differ on long recordings whose
 * loudness changes a lot. The stream's summary is always the file analysis.
 */
public final class DspLiveVad extends LiveVad {

  static final int WINDOW_SAMPLES = 8 * 16_000;
  static final int STEP_SAMPLES = 16_000;
  static final int LAG_SAMPLES = 2 * 16_000;

  private final VoiceActivityDetector dsp;
  /** The retained samples; x[0] is stream sample {@code xStart}. */
  private float[] x = new float[WINDOW_SAMPLES + STEP_SAMPLES];
  private long xStart;
  private int xLen;
  private long analysedUpTo;
  private boolean finished;

  public DspLiveVad(VoiceActivityDetector dsp, int hopSize, double threshold) {
    super(hopSize, threshold);
    this.dsp = dsp;
  }

  /** A block is decided from a window that reaches {@link #LAG_SAMPLES} past it. */
  @Override
  public int lookAheadSamples() {
    return LAG_SAMPLES;
  }

  @Override
  public String engine() {
    return dsp.name();
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  protected void onSamples(float[] in, int n) {
    if (xLen + n > x.length) {
      compact();
      if (xLen + n > x.length) {
        x = Arrays.copyOf(x, Math.max(xLen + n, 2 * x.length));
      }
    }
    System.arraycopy(in, 0, x, xLen, n);
    xLen += n;
    long total = samples();
    while (total - analysedUpTo >= STEP_SAMPLES) {
      analysedUpTo += STEP_SAMPLES;
      float[] p = analyse(analysedUpTo);
      long firstBlock = windowStart(analysedUpTo) / hopSize;
      long lastEnd = analysedUpTo - LAG_SAMPLES;
      for (long j = decidedBlocks(); (j + 1) * hopSize <= lastEnd; j = decidedBlocks()) {
        decide(p[(int) (j - firstBlock)]);
      }
    }
  }

  @Override
  protected void onEnd() {
    long total = samples();
    if (total > 0) {
      float[] p = analyse(total);
      long firstBlock = windowStart(total) / hopSize;
      long blocks = (total + hopSize - 1) / hopSize;
      float[] rest = new float[(int) (blocks - decidedBlocks())];
      for (int i = 0; i < rest.length; i++) {
        rest[i] = p[(int) (decidedBlocks() + i - firstBlock)];
      }
      decideLast(rest);
    } else {
      decideLast(new float[0]);
    }
    finished = true;
  }

  /** The window ending at {@code end}: the last WINDOW samples, from a block boundary. */
  private long windowStart(long end) {
    long start = Math.max(0, end - WINDOW_SAMPLES);
    return Math.max(0, start / hopSize * hopSize);
  }

  private float[] analyse(long end) {
    long start = windowStart(end);
    float[] window = Arrays.copyOfRange(x, (int) (start - xStart), (int) (end - xStart));
    Spectrogram spectrogram = SignalAnalyzer.spectrogram(window, Cancellation.NONE);
    return dsp.speechProbabilities(window, spectrogram, hopSize, Cancellation.NONE);
  }

  /** Drops the samples no future window needs. */
  private void compact() {
    long keepFrom = Math.max(xStart, windowStart(analysedUpTo)); // every later window ends at or after it
    int drop = (int) (keepFrom - xStart);
    if (drop > 0) {
      System.arraycopy(x, drop, x, 0, xLen - drop);
      xLen -= drop;
      xStart = keepFrom;
    }
  }
}
