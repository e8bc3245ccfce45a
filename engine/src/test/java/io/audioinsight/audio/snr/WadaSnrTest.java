package io.audioinsight.audio.snr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.Cancellation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WadaSnrTest {

  /** Samples drawn from the model itself: Gamma(0.4) amplitude with random sign plus Gaussian noise. */
  private static float[] modelSignal(int n, double snrDb, long seed) {
    Random r = new Random(seed);
    double shape = WadaModel.SHAPE;
    double sigma = Math.sqrt(shape * (shape + 1) / Math.pow(10, snrDb / 10));
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      double s = gamma(shape, r) * (r.nextBoolean() ? 1 : -1);
      x[i] = (float) (0.01 * (s + sigma * r.nextGaussian()));
    }
    return x;
  }

  /** Marsaglia-Tsang, with the shape < 1 boost. */
  private static double gamma(double shape, Random r) {
    double boost = Math.pow(r.nextDouble(), 1.0 / shape);
    double d = shape + 1 - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = r.nextGaussian();
      double v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(r.nextDouble()) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
        return d * v * boost;
      }
    }
  }

  @Test
  void recoversTheSnrOfSignalsDrawnFromTheModel() {
    for (double db : new double[] {0, 10, 20}) {
      assertThat(WadaSnr.estimateDb(modelSignal(400_000, db, 11), Cancellation.NONE)).isCloseTo(db, within(0.5));
    }
  }

  @Test
  void gaussianNoiseAloneGivesTheBottomOfTheRange() {
    Random r = new Random(3);
    float[] x = new float[200_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.1 * r.nextGaussian());
    }
    assertThat(WadaSnr.estimateDb(x, Cancellation.NONE)).isLessThan(-10.0);
  }

  @Test
  void ignoresADcOffset() {
    float[] x = modelSignal(200_000, 10, 5);
    double clean = WadaSnr.estimateDb(x, Cancellation.NONE);
    for (int i = 0; i < x.length; i++) {
      x[i] += 0.25f;
    }
    assertThat(WadaSnr.estimateDb(x, Cancellation.NONE)).isCloseTo(clean, within(0.2));
  }

  @Test
  void digitalSilenceAndEmptyInputHaveNoEstimate() {
    assertThat(WadaSnr.estimateDb(new float[16_000], Cancellation.NONE)).isNull();
    assertThat(WadaSnr.estimateDb(new float[0], Cancellation.NONE)).isNull();
  }
}
