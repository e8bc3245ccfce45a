package io.audioinsight.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

  private final Problem overloaded = Problems.overloaded(5, "the analysis queue is full");

  @Test
  void anAgedRetryAfterIsShorterByTheWholeSecondsThatPassed() {
    assertThat(overloaded.aged(2_400).retryAfterSeconds()).isEqualTo(3);
    assertThat(overloaded.aged(999).retryAfterSeconds()).as("under a second changes nothing").isEqualTo(5);
  }

  @Test
  void anAgedRetryAfterNeverFallsBelowOneSecond() {
    assertThat(overloaded.aged(60_000).retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void agingKeepsEverythingButTheRetryAfter() {
    Problem aged = overloaded.aged(2_000);
    assertThat(aged.status()).isEqualTo(503);
    assertThat(aged.type()).isEqualTo(overloaded.type());
    assertThat(aged.detail()).isEqualTo(overloaded.detail());
  }

  @Test
  void aProblemWithoutRetryAfterGetsNoneByAging() {
    Problem notFound = Problem.of(404, "not-found", "Not found", "no such route");
    assertThat(notFound.aged(10_000).retryAfterSeconds()).isZero();
  }
}
