package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The flicker rule of the output step; the count and segments end to end are in {@link SpeakerCounterTest}. */
class SpeakerTurnsTest {

  private static int[] consecutive(int from, int count) {
    int[] frames = new int[count];
    for (int i = 0; i < count; i++) {
      frames[i] = from + i;
    }
    return frames;
  }

  private static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  private static int[] repeat(int label, int count) {
    int[] a = new int[count];
    Arrays.fill(a, label);
    return a;
  }

  @Test
  void aTenthOfASecondOfAnotherSpeakerInsideATurnJoinsTheTurn() {
    int[] frames = consecutive(0, 100);
    int[] labels = concat(repeat(0, 40), repeat(1, 10), repeat(0, 50));
    assertThat(SpeakerTurns.withoutShortTurns(frames, labels)).containsOnly(0);
  }

  @Test
  void aShortFlickerBetweenTwoTurnsGoesToTheLongerNeighbour() {
    int[] frames = consecutive(0, 150);
    int[] labels = concat(repeat(0, 40), repeat(2, 10), repeat(1, 100));
    assertThat(SpeakerTurns.withoutShortTurns(frames, labels))
        .isEqualTo(concat(repeat(0, 40), repeat(1, 110)));
  }

  @Test
  void aShortUtteranceAloneBetweenPausesKeepsItsSpeaker() {
    // speaker 0, a 0.5 s pause, 0.15 s of speaker 1, a 0.5 s pause, speaker 0 again
    int[] frames = concat(consecutive(0, 100), consecutive(150, 15), consecutive(215, 100));
    int[] labels = concat(repeat(0, 100), repeat(1, 15), repeat(0, 100));
    assertThat(SpeakerTurns.withoutShortTurns(frames, labels)).isEqualTo(labels);
  }

  @Test
  void turnsOfAQuarterSecondOrMoreAreKept() {
    int[] frames = consecutive(0, 125);
    int[] labels = concat(repeat(0, 50), repeat(1, SpeakerTurns.MIN_TURN_FRAMES), repeat(0, 50));
    assertThat(SpeakerTurns.withoutShortTurns(frames, labels)).isEqualTo(labels);
  }
}
