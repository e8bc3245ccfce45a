package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Operation;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJobStoreTest {

  @TempDir
  Path dir;

  private static JobRecord job() {
    return JobRecord.queued(UUID.randomUUID().toString(), Operation.SNR, 256, 0.4,
        new io.audioinsight.audio.SpeakerHints(0, 2, 3), 1234, "http://example.com/hook", Instant.now());
  }

  @Test
  void aReopenedStoreReadsBackEveryRecordAsItWasLastWritten() {
    JobRecord a = job();
    JobRecord b = job();
    JobRecord bDone = b.running(Instant.now()).succeeded(new JsonObject().put("duration_s", 1.5), Instant.now());
    try (FileJobStore store = FileJobStore.open(dir)) {
      store.put(a);
      store.put(b);
      store.put(bDone);
    }
    try (FileJobStore reopened = FileJobStore.open(dir)) {
      assertThat(reopened.all()).containsExactlyInAnyOrder(a, bDone);
      assertThat(reopened.get(b.id())).contains(bDone);
      assertThat(reopened.get(b.id()).orElseThrow().runs()).isEqualTo(1);
    }
  }

  @Test
  void aJobStillDownloadingReadsBackWithItsUrlAndHintsAndLosesTheUrlOnceFetched() {
    JobRecord fetching = JobRecord.fetching(UUID.randomUUID().toString(), Operation.SPEAKERS, 512, 0.5,
        new io.audioinsight.audio.SpeakerHints(3, 0, 0), "https://example.com/a.wav", null, Instant.now());
    JobRecord fetched = fetching.fetched(4321);
    try (FileJobStore store = FileJobStore.open(dir)) {
      store.put(fetching);
    }
    try (FileJobStore reopened = FileJobStore.open(dir)) {
      JobRecord back = reopened.get(fetching.id()).orElseThrow();
      assertThat(back).isEqualTo(fetching);
      assertThat(back.pendingUrl()).isEqualTo("https://example.com/a.wav");
      assertThat(back.hints().numSpeakers()).isEqualTo(3);
      reopened.put(fetched);
    }
    try (FileJobStore reopened = FileJobStore.open(dir)) {
      JobRecord back = reopened.get(fetching.id()).orElseThrow();
      assertThat(back.pendingUrl()).isNull();
      assertThat(back.spoolBytes()).isEqualTo(4321);
      assertThat(back.state()).isEqualTo(JobState.QUEUED);
    }
  }

  @Test
  void aRecordWrittenBeforeTheHintsWereKeptReadsBackWithoutHints() {
    JsonObject old = job().toStored();
    old.remove("num_speakers");
    old.remove("min_speakers");
    old.remove("max_speakers");
    old.remove("pending_audio_url");
    JobRecord back = JobRecord.fromStored(old);
    assertThat(back.hints()).isEqualTo(io.audioinsight.audio.SpeakerHints.NONE);
    assertThat(back.pendingUrl()).isNull();
  }

  @Test
  void aTemporaryFileLeftByACrashMidWriteIsRemovedAndThePreviousStateKept() throws Exception {
    JobRecord a = job();
    try (FileJobStore store = FileJobStore.open(dir)) {
      store.put(a);
    }
    Path torn = dir.resolve("jobs").resolve(a.id() + ".json.tmp");
    Files.writeString(torn, "{\"id\":\"" + a.id() + "\",\"sta");
    try (FileJobStore reopened = FileJobStore.open(dir)) {
      assertThat(reopened.get(a.id())).contains(a);
      assertThat(torn).doesNotExist();
    }
  }

  @Test
  void aDeletedJobIsGoneAfterReopening() {
    JobRecord a = job();
    try (FileJobStore store = FileJobStore.open(dir)) {
      store.put(a);
      store.delete(a.id());
      assertThat(store.get(a.id())).isEmpty();
    }
    try (FileJobStore reopened = FileJobStore.open(dir)) {
      assertThat(reopened.all()).isEmpty();
    }
  }

  @Test
  void aRunningJobRequeuedAfterACrashStartsAgainFromNothing() {
    JobRecord running = job().running(Instant.now()).withProgress(0.5);
    JobRecord requeued = running.requeued();
    assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
    assertThat(requeued.progress()).isZero();
    assertThat(requeued.startedAt()).isNull();
    assertThat(requeued.runs()).isEqualTo(1);
    assertThat(requeued.createdAt()).isEqualTo(running.createdAt());
  }
}
