package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowsTest {

  private static final CountingParameters COUNTING = new CountingParameters(0.175, 0.1, 1.5, 0.75);
  private static final int W = 24_000;
  private static final int H = 12_000;

  @Test
  void withoutCutsTheWindowsAreTheRegularGrid() {
    Windows grid = Windows.over(10 * 16_000, COUNTING);
    Windows inside = Windows.inside(10 * 16_000, new int[0], COUNTING);
    assertThat(inside.count()).isEqualTo(grid.count()).isEqualTo(1 + (160_000 - W) / H);
    for (int w = 0; w < grid.count(); w++) {
      assertThat(inside.start(w)).isEqualTo(grid.start(w)).isEqualTo(w * H);
      assertThat(inside.length(w)).isEqualTo(grid.length(w)).isEqualTo(W);
    }
  }

  @Test
  void noWindowStraddlesACutAndEachPieceStartsAWindow() {
    int[] cuts = {40_000, 52_000, 60_000, 130_000};
    Windows windows = Windows.inside(200_000, cuts, COUNTING);
    for (int w = 0; w < windows.count(); w++) {
      int from = windows.start(w);
      int to = from + windows.length(w);
      for (int cut : cuts) {
        assertThat(cut <= from || cut >= to).as("window %d [%d, %d) holds cut %d", w, from, to, cut).isTrue();
      }
    }
    // 2.5 s: two full windows; 0.75 s: one window of its own length; 0.5 s: exactly the least piece, one window;
    // 4.375 s: 1 + (70000 - 24000) / 12000 = 4 windows; 4.375 s at the end: 4 more
    assertThat(windows.count()).isEqualTo(2 + 1 + 1 + 4 + 4);
    assertThat(windows.start(2)).isEqualTo(40_000);
    assertThat(windows.length(2)).isEqualTo(12_000);
    assertThat(windows.start(3)).isEqualTo(52_000);
    assertThat(windows.length(3)).isEqualTo(8_000);
    assertThat(windows.start(4)).isEqualTo(60_000);
    assertThat(windows.start(8)).isEqualTo(130_000);
    for (int w = 1; w < windows.count(); w++) {
      assertThat(windows.centre(w)).isGreaterThan(windows.centre(w - 1));
    }
  }

  @Test
  void aPieceUnderHalfASecondGetsNoWindowAndItsSamplesGoToTheNearestWindow() {
    Windows windows = Windows.inside(100_000, new int[] {48_000, 55_000}, COUNTING); // 7000 samples between
    for (int w = 0; w < windows.count(); w++) {
      assertThat(windows.start(w)).isNotEqualTo(48_000);
    }
    int middle = 51_500;
    int nearest = windows.nearest(middle);
    for (int w = 0; w < windows.count(); w++) {
      assertThat(Math.abs(windows.centre(nearest) - middle)).isLessThanOrEqualTo(Math.abs(windows.centre(w) - middle));
    }
  }

  @Test
  void onlyTinyPiecesFallBackToTheGrid() {
    int[] cuts = new int[20];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (i + 1) * 4_000; // 0.25 s pieces
    }
    Windows windows = Windows.inside(84_000, cuts, COUNTING);
    Windows grid = Windows.over(84_000, COUNTING);
    assertThat(windows.count()).isEqualTo(grid.count());
    assertThat(windows.length(0)).isEqualTo(W);
  }

  @Test
  void speechTooLongForTheCalibratedGridKeepsTheStretchedGrid() {
    int length = W + (EmbeddingSpeakerCounter.MAX_WINDOWS + 100) * H;
    Windows windows = Windows.inside(length, new int[] {length / 2}, COUNTING);
    assertThat(windows.count()).isLessThanOrEqualTo(EmbeddingSpeakerCounter.MAX_WINDOWS);
    assertThat(windows.start(1)).isGreaterThan(H);
  }

  @Test
  void theNearestWindowOnTheGridIsTheOneWhoseCentreIsNearestTheFirstOnTies() {
    Windows grid = Windows.over(20 * 16_000, COUNTING);
    for (int position = 0; position < 20 * 16_000; position += 160) {
      double k = (position - W / 2.0) / H; // the rule before windows could be irregular
      int expected = Math.max(0, Math.min(grid.count() - 1, (int) Math.floor(k + 0.5 - 1e-9)));
      assertThat(grid.nearest(position)).as("position %d", position).isEqualTo(expected);
    }
  }
}
