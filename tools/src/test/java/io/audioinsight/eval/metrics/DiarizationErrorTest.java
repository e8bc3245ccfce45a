package io.audioinsight.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.SpeakerSegment;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiarizationErrorTest {

  private static final List<SpeakerSegment> REFERENCE = List.of(
      new SpeakerSegment(0.0, 2.0, 1), new SpeakerSegment(2.0, 4.0, 2), new SpeakerSegment(5.0, 6.0, 1));

  @Test
  void perfectSegmentsWithOtherLabelsScoreZero() {
    List<SpeakerSegment> hyp = List.of(
        new SpeakerSegment(0.0, 2.0, 2), new SpeakerSegment(2.0, 4.0, 1), new SpeakerSegment(5.0, 6.0, 2));
    DiarizationError d = DiarizationError.of(REFERENCE, hyp, 6.0, 0);
    assertThat(d.rate()).isCloseTo(0.0, within(1e-12));
    assertThat(d.referenceSeconds()).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void missFalseAlarmAndConfusionOfAHandMadeExample() {
    // Speaker 1 found at 0-1.5 s (0.5 s missed), speaker 2 wrongly labelled as 1 for 3-4 s (1 s confusion),
    // extra speech at 4-4.5 s (0.5 s false alarm), 5-6 s right.
    List<SpeakerSegment> hyp = List.of(new SpeakerSegment(0.0, 1.5, 7), new SpeakerSegment(2.0, 3.0, 8),
        new SpeakerSegment(3.0, 4.5, 7), new SpeakerSegment(5.0, 6.0, 7));
    DiarizationError d = DiarizationError.of(REFERENCE, hyp, 6.0, 0);
    assertThat(d.missedSeconds()).isCloseTo(0.5, within(1e-9));
    assertThat(d.falseAlarmSeconds()).isCloseTo(0.5, within(1e-9));
    assertThat(d.confusionSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(d.rate()).isCloseTo(2.0 / 5.0, within(1e-9));
  }

  @Test
  void oneLabelForEverythingConfusesTheSmallerSpeaker() {
    DiarizationError d = DiarizationError.of(REFERENCE, List.of(new SpeakerSegment(0.0, 6.0, 1)), 6.0, 0);
    // Label 1 maps to reference 1 (3 s); reference 2 (2 s) is confused; 4-5 s is a false alarm.
    assertThat(d.confusionSeconds()).isCloseTo(2.0, within(1e-9));
    assertThat(d.falseAlarmSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(d.rate()).isCloseTo(3.0 / 5.0, within(1e-9));
  }

  @Test
  void theCollarExcludesTimeAroundReferenceBoundaries() {
    List<SpeakerSegment> ref = List.of(new SpeakerSegment(1.0, 3.0, 1));
    // Boundary 0.2 s late at both ends: wrong only inside the collar.
    List<SpeakerSegment> hyp = List.of(new SpeakerSegment(1.2, 3.2, 1));
    assertThat(DiarizationError.of(ref, hyp, 4.0, 0).rate()).isCloseTo(0.4 / 2.0, within(1e-9));
    DiarizationError collared = DiarizationError.of(ref, hyp, 4.0, 0.25);
    assertThat(collared.rate()).isCloseTo(0.0, within(1e-9));
    assertThat(collared.referenceSeconds()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void pooledRateWeighsFilesByTheirSpeechTime() {
    DiarizationError a = new DiarizationError(10, 1, 0, 0);
    DiarizationError b = new DiarizationError(30, 0, 0, 0);
    assertThat(a.plus(b).rate()).isCloseTo(1.0 / 40, within(1e-12));
  }

  @Test
  void noReferenceSpeechGivesAnUndefinedRate() {
    assertThat(DiarizationError.of(List.of(), List.of(), 3.0, 0.25).rate()).isNaN();
  }
}
