package io.audioinsight.audio.vad.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Segment;
import io.audioinsight.audio.vad.SpeechActivity;
import io.audioinsight.audio.vad.SpeechSegmenter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamSegmenterTest {

  /** Runs the streaming segmenter over {@code p} (all but the last block one by one) and returns every event. */
  private static List<VadEvent> stream(float[] p, int hop, long samples, double threshold, StreamSegmenter seg) {
    List<VadEvent> events = new ArrayList<>();
    for (int j = 0; j < p.length - 1; j++) {
      seg.block(p[j]);
      events.addAll(seg.takeEvents());
    }
    seg.finish(Arrays.copyOfRange(p, Math.max(0, p.length - 1), p.length), samples);
    events.addAll(seg.takeEvents());
    return events;
  }

  /** Probabilities in runs of random length, so that segments, short blips and short pauses all occur. */
  private static float[] runs(SplittableRandom random, int blocks) {
    float[] p = new float[blocks];
    int j = 0;
    while (j < blocks) {
      int len = 1 + random.nextInt(random.nextBoolean() ? 4 : 30);
      float level = random.nextFloat();
      for (int k = 0; k < len && j < blocks; k++, j++) {
        p[j] = Math.min(1f, Math.max(0f, level + 0.1f * (random.nextFloat() - 0.5f)));
      }
    }
    return p;
  }

  @Test
  void segmentsEqualTheFileSegmenterOnRandomProbabilitiesAtEveryHopAndThreshold() {
    SplittableRandom random = new SplittableRandom(42);
    for (int trial = 0; trial < 400; trial++) {
      int hop = new int[] {160, 256, 320, 512, 800, 1600}[random.nextInt(6)];
      double threshold = 0.2 + 0.6 * random.nextDouble();
      int blocks = 1 + random.nextInt(300);
      long samples = (long) (blocks - 1) * hop + 1 + random.nextInt(hop);
      float[] p = runs(random, blocks);
      SpeechActivity file = SpeechSegmenter.segment(p, hop, (int) samples, threshold);
      StreamSegmenter seg = new StreamSegmenter(hop, threshold);
      List<VadEvent> events = stream(p, hop, samples, threshold, seg);
      assertThat(seg.segments()).as("trial %d", trial).isEqualTo(file.segments());
      List<Segment> fromEvents = new ArrayList<>();
      double openStart = Double.NaN;
      for (VadEvent e : events) {
        if (e.type() == VadEvent.Type.SPEECH_START) {
          assertThat(openStart).as("a start while a segment is open, trial %d", trial).isNaN();
          openStart = e.start();
        } else {
          assertThat(e.start()).isEqualTo(openStart);
          fromEvents.add(new Segment(e.start(), e.end()));
          openStart = Double.NaN;
        }
      }
      assertThat(fromEvents).as("events of trial %d", trial).isEqualTo(file.segments());
    }
  }

  @Test
  void speechStartComesOnceTheSegmentReachesTheMinimumLengthNotAtItsEnd() {
    int hop = 160; // 10 ms blocks
    StreamSegmenter seg = new StreamSegmenter(hop, 0.5);
    for (int j = 0; j < 50; j++) {
      seg.block(0f);
    }
    List<VadEvent> events = new ArrayList<>();
    for (int j = 0; j < 100; j++) { // one second of speech from 0.5 s
      seg.block(1f);
      events.addAll(seg.takeEvents());
    }
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type()).isEqualTo(VadEvent.Type.SPEECH_START);
    assertThat(events.get(0).start()).isEqualTo(0.5);
    assertThat(events.get(0).decidedAt()).isCloseTo(0.5 + SpeechSegmenter.MIN_SPEECH_SECONDS, org.assertj.core.api.Assertions.within(0.011));
    for (int j = 0; j < 20; j++) { // a pause of 0.2 s: the end is certain after 0.15 s of it
      seg.block(0f);
      events.addAll(seg.takeEvents());
    }
    assertThat(events).hasSize(2);
    VadEvent end = events.get(1);
    assertThat(end.type()).isEqualTo(VadEvent.Type.SPEECH_END);
    assertThat(end.start()).isEqualTo(0.5);
    assertThat(end.end()).isEqualTo(1.5);
    assertThat(end.decidedAt()).isCloseTo(1.5 + SpeechSegmenter.MIN_SILENCE_SECONDS, org.assertj.core.api.Assertions.within(0.011));
  }

  @Test
  void aBlipShorterThanTheMinimumSpeechNeverStarts() {
    StreamSegmenter seg = new StreamSegmenter(160, 0.5);
    for (int j = 0; j < 10; j++) {
      seg.block(1f); // 100 ms
    }
    for (int j = 0; j < 100; j++) {
      seg.block(0f);
    }
    seg.finish(new float[0], 110 * 160);
    assertThat(seg.takeEvents()).isEmpty();
    assertThat(seg.segments()).isEmpty();
  }
}
