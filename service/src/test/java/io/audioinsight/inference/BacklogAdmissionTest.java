package io.audioinsight.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.inference.AdmissionControl.Rejected;
import io.audioinsight.inference.AdmissionControl.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BacklogAdmissionTest {

  @Test
  void refusesTheJobBeyondMaxQueueAsQueueFullWithRetryAfterAtLeastOneSecond() {
    BacklogAdmission admission = new BacklogAdmission(2, 1_000, 1, true);
    admission.admit(1);
    admission.admit(1);
    assertThatThrownBy(() -> admission.admit(1)).isInstanceOfSatisfying(Rejected.class, r -> {
      assertThat(r.reason()).isEqualTo("queue_full");
      assertThat(r.problem().status()).isEqualTo(503);
      assertThat(r.problem().retryAfterSeconds()).isGreaterThanOrEqualTo(1);
      assertThat(r.problem().detail()).contains("2 jobs waiting");
    });
    assertThat(admission.waitingJobs()).isEqualTo(2);
  }

  @Test
  void refusesAJobWhoseAudioWouldPassTheQueuedAudioLimitButAdmitsOneThatFits() {
    BacklogAdmission admission = new BacklogAdmission(100, 60, 1, true);
    admission.admit(50);
    assertThatThrownBy(() -> admission.admit(11)).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.problem().detail()).contains("s of audio waiting"));
    admission.admit(10);
    assertThat(admission.waitingAudioSeconds()).isEqualTo(60.0);
    assertThat(admission.waitingJobs()).isEqualTo(2);
  }

  @Test
  void aStartedOrDroppedJobFreesItsPlaceAndItsAudio() {
    BacklogAdmission admission = new BacklogAdmission(2, 100, 1, true);
    Ticket a = admission.admit(30);
    Ticket b = admission.admit(40);
    a.started();
    b.dropped();
    assertThat(admission.waitingJobs()).isZero();
    assertThat(admission.waitingAudioSeconds()).isZero();
    assertThat(admission.runningJobs()).isEqualTo(1);
    a.finished(1_000_000_000L, true);
    assertThat(admission.runningJobs()).isZero();
    admission.admit(100);
  }

  @Test
  void retryAfterIsTheBacklogDividedByTheMeasuredSpeedOfThePool() {
    BacklogAdmission admission = new BacklogAdmission(3, 1_000, 2, true);
    admission.observe(10, 1_000_000_000L); // 10 audio seconds per second per thread; 20/s for the pool
    for (int i = 0; i < 3; i++) {
      admission.admit(60);
    }
    // 180 s waiting / 20 s per s = 9 s
    assertThatThrownBy(() -> admission.admit(60)).isInstanceOfSatisfying(Rejected.class,
        r -> assertThat(r.problem().retryAfterSeconds()).isEqualTo(9));
  }

  @Test
  void theSpeedEstimateFollowsFinishedRunsAndIgnoresCancelledOnes() {
    BacklogAdmission admission = new BacklogAdmission(10, 1_000, 1, true);
    admission.observe(10, 1_000_000_000L);
    Ticket cancelled = admission.admit(60);
    cancelled.started();
    cancelled.finished(1_000_000L, false); // 60 s "in 1 ms" would be absurd: not a measurement
    assertThat(admission.speed()).isEqualTo(10.0);
    Ticket slow = admission.admit(20);
    slow.started();
    slow.finished(10_000_000_000L, true); // 2 audio s per s
    assertThat(admission.speed()).isEqualTo(10 + 0.125 * (2 - 10));
  }

  @Test
  void withEnforcementOffNothingIsRefusedButTheCountsStayTrue() {
    BacklogAdmission admission = new BacklogAdmission(1, 1, 1, false);
    for (int i = 0; i < 50; i++) {
      admission.admit(60);
    }
    assertThat(admission.waitingJobs()).isEqualTo(50);
    assertThat(admission.waitingAudioSeconds()).isEqualTo(3_000.0);
  }

  @Test
  void afterStopAdmittingEveryJobIsRefusedAsDrainingWhileAdmittedOnesCarryOn() {
    BacklogAdmission admission = new BacklogAdmission(10, 100, 1, true);
    Ticket admitted = admission.admit(1);
    admission.stopAdmitting();
    assertThat(admission.draining()).isTrue();
    assertThatThrownBy(() -> admission.admit(1)).isInstanceOfSatisfying(Rejected.class, r -> {
      assertThat(r.reason()).isEqualTo("draining");
      assertThat(r.problem().status()).isEqualTo(503);
      assertThat(r.problem().retryAfterSeconds()).isGreaterThanOrEqualTo(1);
    });
    admitted.started();
    admitted.finished(1, true);
    assertThat(admission.waitingJobs() + admission.runningJobs()).isZero();
  }

  @Test
  void refusalNowAnswersForAFullJobQueueOrADrainAndOtherwiseLeavesItToAdmit() {
    BacklogAdmission admission = new BacklogAdmission(1, 100, 1, true);
    assertThat(admission.refusalNow()).isNull();
    admission.admit(1);
    assertThat(admission.refusalNow()).isNotNull().satisfies(r -> assertThat(r.reason()).isEqualTo("queue_full"));
    admission.stopAdmitting();
    assertThat(admission.refusalNow().reason()).isEqualTo("draining");
    assertThat(new BacklogAdmission(1, 100, 1, false).refusalNow()).as("enforcement off").isNull();
  }

  @Test
  void concurrentAdmissionsNeverPassEitherLimit() throws Exception {
    int limit = 64;
    BacklogAdmission admission = new BacklogAdmission(limit, 1_000_000, 4, true);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> admitted = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      admitted.add(threads.submit(() -> {
        go.await();
        int n = 0;
        for (int i = 0; i < 1_000; i++) {
          try {
            admission.admit(1.5);
            n++;
          } catch (Rejected expected) {
            // full
          }
        }
        return n;
      }));
    }
    go.countDown();
    int total = 0;
    for (Future<Integer> f : admitted) {
      total += f.get(30, TimeUnit.SECONDS);
    }
    threads.shutdown();
    assertThat(total).isEqualTo(limit);
    assertThat(admission.waitingJobs()).isEqualTo(limit);
    assertThat(admission.waitingAudioSeconds()).isEqualTo(limit * 1.5);
  }
}
