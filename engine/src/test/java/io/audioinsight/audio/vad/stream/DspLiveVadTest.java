package io.audioinsight.audio.vad.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Segment;
import io.audioinsight.audio.SignalAnalyzer;
import io.audioinsight.audio.fixtures.SyntheticSignals;
import io.audioinsight.audio.vad.DspVad;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DspLiveVadTest {

  private static final double[][] UTTERANCES = {{1.0, 3.2}, {4.0, 6.5}, {9.0, 12.5}, {13.4, 15.0}, {18.0, 19.1}};
  private static final int HOP = 512;
  private static final double ONE_HOP = HOP / 16_000.0;

  private static float[] talk() {
    int n = 21 * 16_000 + 123;
    float[] speech = SyntheticSignals.speechLike(n, UTTERANCES, 7);
    float[] noise = SyntheticSignals.pinkNoise(n, 1.0, 8);
    return SyntheticSignals.mix(speech, UTTERANCES, noise, 15);
  }

  private static List<VadEvent> stream(float[] x, SplittableRandom sizes) {
    DspLiveVad vad = new DspLiveVad(new DspVad(), HOP, 0.5);
    List<VadEvent> events = new ArrayList<>();
    int at = 0;
    while (at < x.length) {
      int n = Math.min(x.length - at, 1 + sizes.nextInt(3_000));
      vad.append(java.util.Arrays.copyOfRange(x, at, at + n), n);
      at += n;
      events.addAll(vad.takeEvents());
    }
    vad.end();
    assertThat(vad.isFinished()).isTrue();
    events.addAll(vad.takeEvents());
    return events;
  }

  @Test
  void streamSegmentsMatchTheFileAnalysisWithinOneHop() {
    float[] x = talk();
    List<Segment> file = new SignalAnalyzer(new DspVad())
        .analyze(x, HOP, AnalysisParams.DEFAULT_VAD_THRESHOLD, Cancellation.NONE).snr().speechSegments();
    assertThat(file).hasSize(UTTERANCES.length);
    List<Segment> live = stream(x, new SplittableRandom(1)).stream()
        .filter(e -> e.type() == VadEvent.Type.SPEECH_END).map(e -> new Segment(e.start(), e.end())).toList();
    assertThat(live).hasSameSizeAs(file);
    for (int i = 0; i < file.size(); i++) {
      assertThat(live.get(i).start()).as("start %d", i).isCloseTo(file.get(i).start(), org.assertj.core.api.Assertions.within(ONE_HOP + 1e-9));
      assertThat(live.get(i).end()).as("end %d", i).isCloseTo(file.get(i).end(), org.assertj.core.api.Assertions.within(ONE_HOP + 1e-9));
    }
  }

  @Test
  void pieceSizesDoNotChangeTheEvents() {
    float[] x = talk();
    assertThat(stream(x, new SplittableRandom(2))).isEqualTo(stream(x, new SplittableRandom(3)));
  }

  @Test
  void eventsComeNoLaterThanTheWindowLagAfterTheSpeech() {
    float[] x = talk();
    for (VadEvent e : stream(x, new SplittableRandom(4))) {
      double t = e.type() == VadEvent.Type.SPEECH_START ? e.start() : e.end();
      if (e.decidedAt() < x.length / 16_000.0 - 0.01) { // not the ones the end of the stream settles
        assertThat(e.decidedAt() - t).isLessThanOrEqualTo((DspLiveVad.LAG_SAMPLES + DspLiveVad.STEP_SAMPLES) / 16_000.0
            + 0.3);
      }
    }
  }
}
