package io.audioinsight.audio.speakers;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResegmentationTest {

  private static final int DIM = 2;

  /** Two well-separated 2-d speakers: frames near (-3, 0) and near (+3, 0). */
  private static Resegmentation.Model[] twoSpeakers() {
    Random rng = new Random(1);
    Gaussian left = new Gaussian(DIM);
    Gaussian right = new Gaussian(DIM);
    for (int i = 0; i < 500; i++) {
      left.add(new float[] {(float) (-3 + rng.nextGaussian()), (float) rng.nextGaussian()}, 0);
      right.add(new float[] {(float) (3 + rng.nextGaussian()), (float) rng.nextGaussian()}, 0);
    }
    return new Resegmentation.Model[] {new Resegmentation.Model(left), new Resegmentation.Model(right)};
  }

  @Test
  void theFirstFrameAfterAPauseTakesTheNextSpeakerEvenBetweenScoredFrames() {
    // speaker 0 on frames 0..40, a pause, speaker 1 on frames 100..140: with stride 2 the first frame after
    // the pause (row 41) is not scored; it must not be left with speaker 0's label
    int rows = 82;
    int[] frameIndex = new int[rows];
    float[] x = new float[rows * DIM];
    for (int r = 0; r < rows; r++) {
      boolean second = r >= 41;
      frameIndex[r] = second ? 100 + (r - 41) : r;
      x[r * DIM] = second ? 3f : -3f;
    }
    int[] labels = Resegmentation.decode(x, frameIndex, DIM, twoSpeakers(), 2, 25, 60.0, Cancellation.NONE);
    for (int r = 0; r < rows; r++) {
      assertThat(labels[r]).as("row %d", r).isEqualTo(r >= 41 ? 1 : 0);
    }
  }
}
