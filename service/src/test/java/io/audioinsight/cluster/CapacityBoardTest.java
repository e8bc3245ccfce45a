package io.audioinsight.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a node picks where to forward, from the snapshots it heard. */
class CapacityBoardTest {

  private static NodeCapacity node(String id, int threads, int running, int waiting, double queuedAudio,
                                   double drainRate) {
    return new NodeCapacity(id, threads, running, waiting, queuedAudio, drainRate, 4, 100, false);
  }

  @Test
  void theNodeWithTheMostFreeThreadsIsPickedAndABusyOneNever() {
    CapacityBoard board = new CapacityBoard();
    board.update(node("busy", 2, 2, 0, 0, 10));
    board.update(node("one-free", 2, 1, 0, 0, 10));
    board.update(node("two-free", 2, 0, 0, 0, 10));

    assertThat(board.withFreeThread(Set.of())).contains("two-free");
    assertThat(board.withFreeThread(Set.of("two-free"))).contains("one-free");
    assertThat(board.withFreeThread(Set.of("two-free", "one-free"))).isEmpty();
  }

  @Test
  void forwardsSentSinceTheLastSnapshotCountAgainstTheNodeUntilItPublishesAgain() {
    CapacityBoard board = new CapacityBoard();
    board.update(node("b", 1, 0, 0, 0, 10));
    board.sent("b", 10);

    assertThat(board.withFreeThread(Set.of())).isEmpty();
    board.update(node("b", 1, 0, 0, 0, 10));
    assertThat(board.withFreeThread(Set.of())).contains("b");
  }

  @Test
  void withAllThreadsBusyTheQueueThatDrainsSoonestIsPickedAndAFullOrDrainingOneNever() {
    CapacityBoard board = new CapacityBoard();
    board.update(node("slow", 1, 1, 2, 20, 1));     // 20 s of backlog
    board.update(node("fast", 1, 1, 2, 20, 10));    // 2 s
    board.update(node("full", 1, 1, 4, 4, 100));    // at inference.max_queue
    board.update(new NodeCapacity("leaving", 1, 0, 0, 0, 100, 4, 100, true));

    assertThat(board.withRoom(5, Set.of())).contains("fast");
    assertThat(board.withRoom(5, Set.of("fast"))).contains("slow");
    assertThat(board.withRoom(90, Set.of())).as("over max_queued_audio_seconds everywhere").isEmpty();
    assertThat(board.withFreeThread(Set.of())).as("a draining node takes nothing").isEmpty();
  }

  @Test
  void aNodeThatLeftIsForgottenAtOnce() {
    CapacityBoard board = new CapacityBoard();
    board.update(node("b", 1, 0, 0, 0, 10));
    board.remove("b");

    assertThat(board.fresh()).isEmpty();
    assertThat(board.anyRoom(1)).isFalse();
  }
}
