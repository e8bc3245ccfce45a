package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioSpoolTest {

  @TempDir
  Path dir;

  @Test
  void reopeningCountsTheAudioAlreadyThereAndOrphansAreDeletedWithTheirBytes() {
    AudioSpool spool = AudioSpool.open(dir, 1_000);
    assertThat(spool.reserve(300)).isTrue();
    spool.write("kept", new byte[100]);
    spool.write("orphan", new byte[200]);
    AudioSpool reopened = AudioSpool.open(dir, 1_000);
    assertThat(reopened.usedBytes()).isEqualTo(300);
    assertThat(reopened.deleteOrphans(Set.of("kept"))).isEqualTo(1);
    assertThat(reopened.usedBytes()).isEqualTo(100);
    assertThat(Files.exists(reopened.file("kept"))).isTrue();
    assertThat(Files.exists(reopened.file("orphan"))).isFalse();
  }

  @Test
  void aReservationPastTheBudgetIsRefusedAndTakesNothing() {
    AudioSpool spool = AudioSpool.open(dir, 1_000);
    assertThat(spool.reserve(900)).isTrue();
    assertThat(spool.reserve(101)).isFalse();
    assertThat(spool.usedBytes()).isEqualTo(900);
    spool.release(900);
    assertThat(spool.reserve(1_000)).isTrue();
  }
}
