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

  @Test
  void deletingADecodedWavGivesBackOnlyTheBytesCountedForItNotWhatWasWrittenUncounted() throws Exception {
    AudioSpool spool = AudioSpool.open(dir, 10_000);
    // decode parts were still writing when the job ended: on disk, never counted
    Files.write(spool.decodedFile("a"), new byte[4_000]);
    assertThat(spool.reserve(500)).isTrue();
    spool.deleteDecoded("a");
    assertThat(spool.usedBytes()).isEqualTo(500);
    assertThat(Files.exists(spool.decodedFile("a"))).isFalse();
    // a finished decode is counted, and given back exactly once
    Files.write(spool.decodedFile("b"), new byte[3_000]);
    spool.trackDecoded("b", 3_000);
    assertThat(spool.usedBytes()).isEqualTo(3_500);
    spool.deleteDecoded("b");
    spool.deleteDecoded("b");
    assertThat(spool.usedBytes()).isEqualTo(500);
  }

  @Test
  void aDecodedWavFoundAtReopeningIsCountedAndGivenBackWhenDeletedOrOrphaned() throws Exception {
    AudioSpool spool = AudioSpool.open(dir, 10_000);
    spool.write("kept", new byte[100]);
    Files.write(spool.decodedFile("kept"), new byte[1_000]);
    Files.write(spool.decodedFile("orphan"), new byte[2_000]);
    AudioSpool reopened = AudioSpool.open(dir, 10_000);
    assertThat(reopened.usedBytes()).isEqualTo(3_100);
    assertThat(reopened.deleteOrphans(Set.of("kept"))).isEqualTo(1);
    assertThat(reopened.usedBytes()).isEqualTo(1_100);
    reopened.deleteDecoded("kept"); // a rerun after the restart decodes afresh
    assertThat(reopened.usedBytes()).isEqualTo(100);
  }
}
