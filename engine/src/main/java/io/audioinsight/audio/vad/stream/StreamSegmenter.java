package io.audioinsight.audio.vad.stream;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.vad.SpeechSegmenter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SpeechSegmenter}'s rules (threshold with hysteresis, pauses under {@link SpeechSegmenter#MIN_SILENCE_SECONDS}
 * bridged, segments under {@link SpeechSegmenter#MIN_SPEECH_SECONDS} dropped) applied one block at a time, so that a
 * live stream reports each segment as soon as it is certain, and the segments reported equal
 * {@code SpeechSegmenter.segment} over the same probabilities exactly (same arithmetic, same rounding).
 *
 * <ul>
 *   <li>{@code speech_start} as soon as the segment is certain to reach the minimum length: its raw part has lasted
 *       {@code MIN_SPEECH_SECONDS}, or a bridge made it long enough. Bridging only lengthens a segment, so it cannot
 *       be dropped later.</li>
 *   <li>{@code speech_end} once the pause after it has lasted {@code MIN_SILENCE_SECONDS}, so no later speech can be
 *       bridged to it, or at the end of the stream.</li>
 * </ul>
 */
public final class StreamSegmenter {

  private static final double RATE = 16_000.0;

  private final int hopSize;
  private final double threshold;
  private final double off;
  private final List<VadEvent> events = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();
  private double speechSeconds;
  private long blocks;
  /** The bridged segment being built: its start, its end so far, whether its raw part is still open. */
  private double curStart = -1;
  private double curEnd;
  private boolean open;
  private boolean announced;

  public StreamSegmenter(int hopSize, double threshold) {
    this.hopSize = hopSize;
    this.threshold = threshold;
    this.off = Math.max(threshold - SpeechSegmenter.HYSTERESIS, threshold / 2);
  }

  public double threshold() {
    return threshold;
  }

  /** The probability below which a speech segment's raw part ends. */
  public double offThreshold() {
    return off;
  }

  /** Blocks decided so far. */
  public long blocks() {
    return blocks;
  }

  /** Takes the next block's probability; the block is a full {@code hopSize} one (not the stream's last). */
  public void block(float p) {
    step(p, Double.POSITIVE_INFINITY);
    double next = blockTime(blocks, Double.POSITIVE_INFINITY);
    if (curStart >= 0 && !announced && (open ? next : curEnd) - curStart >= SpeechSegmenter.MIN_SPEECH_SECONDS) {
      announce(next);
    }
    if (curStart >= 0 && !open && next - curEnd >= SpeechSegmenter.MIN_SILENCE_SECONDS) {
      close(next);
    }
  }

  /**
   * The end of the stream: the last blocks (the final one possibly partial) and the stream's length, after which
   * every segment is closed.
   */
  public void finish(float[] lastBlocks, long sampleCount) {
    double duration = sampleCount / RATE;
    for (float p : lastBlocks) {
      step(p, duration);
    }
    if (curStart >= 0) {
      if (open) {
        curEnd = duration;
        open = false;
      }
      close(duration);
    }
  }

  private void step(float p, double duration) {
    double t = blockTime(blocks, duration);
    blocks++;
    if (!open && p >= threshold) {
      if (curStart >= 0 && t - curEnd < SpeechSegmenter.MIN_SILENCE_SECONDS) {
        open = true; // bridged to the segment before
      } else {
        if (curStart >= 0) {
          close(t);
        }
        curStart = t;
        open = true;
        announced = false;
      }
    } else if (open && p < off) {
      curEnd = t;
      open = false;
    }
  }

  private void announce(double at) {
    announced = true;
    events.add(VadEvent.started(round3(curStart), at));
  }

  /** Ends the current segment: reported if long enough, silently dropped otherwise. */
  private void close(double at) {
    if (curEnd - curStart >= SpeechSegmenter.MIN_SPEECH_SECONDS) {
      if (!announced) {
        announce(at);
      }
      Segment s = new Segment(round3(curStart), round3(curEnd));
      segments.add(s);
      speechSeconds += curEnd - curStart;
      events.add(VadEvent.ended(s.start(), s.end(), at));
    }
    curStart = -1;
    announced = false;
  }

  /** Events since the last call, in order. */
  public List<VadEvent> takeEvents() {
    List<VadEvent> out = List.copyOf(events);
    events.clear();
    return out;
  }

  /** The segments closed so far, as {@link SpeechSegmenter} reports them. */
  public List<Segment> segments() {
    return List.copyOf(segments);
  }

  /** Seconds inside closed segments, plus the announced segment's part up to {@code now}. */
  public double speechSecondsUntil(double now) {
    double open = curStart >= 0 && announced ? Math.max(0, (this.open ? now : curEnd) - curStart) : 0;
    return speechSeconds + open;
  }

  private double blockTime(long block, double duration) {
    return Math.min(duration, block * (double) hopSize / RATE);
  }

  private static double round3(double seconds) {
    return Math.round(seconds * 1000.0) / 1000.0;
  }
}
