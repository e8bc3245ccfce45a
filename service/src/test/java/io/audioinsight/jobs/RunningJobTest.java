package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.ChunkAnalysis;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.VadCarry;
import io.audioinsight.support.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long job's chunks are cut into one run of consecutive chunks per pool thread; within a run a chunk starts only
 * once the one before it is done, and goes on from its carry.
 */
class RunningJobTest {

  @TempDir
  Path dir;

  /** 12 chunks of 25.6 s (32 x 0.8 s) at 16 kHz. */
  private WavChunks file(int rate) throws Exception {
    Path file = dir.resolve("a" + rate + ".wav");
    Files.write(file, TestAudio.pcm16Wav(new float[(int) (12 * 25.6 * rate)], rate, 1));
    return WavChunks.open(file);
  }

  private static JobRecord record(int hop) {
    return JobRecord.queued("j", Operation.ANALYZE, hop, 0.5, SpeakerHints.NONE, 0, null, Instant.EPOCH);
  }

  private static ChunkAnalysis done(float marker) {
    AnalysisResult result = new AnalysisResult(25.6, 16_000, 1, new io.audioinsight.audio.decode.SourceFormat("wav",
        "pcm_s16le", 16_000, 1), null, null, null);
    return new ChunkAnalysis(result, null, null, new VadCarry(new float[256], new float[] {marker}), false);
  }

  /** Takes every startable chunk, in order, without finishing any. */
  private static List<Integer> startable(RunningJob job) {
    List<Integer> started = new ArrayList<>();
    for (Integer i = job.nextChunk(); i != null; i = job.nextChunk()) {
      started.add(i);
    }
    return started;
  }

  @Test
  void twoRunsStartAtTheFirstChunkAndAtTheMiddleAndEachChunkWaitsForTheOneBeforeIt() throws Exception {
    RunningJob job = new RunningJob(record(512), file(16_000), 25.6, true, 2);
    assertThat(job.results).hasSize(12);
    assertThat(startable(job)).containsExactly(0, 6);
    assertThat(job.hasStartableChunk()).isFalse();

    job.done(6, done(6f), 0);
    assertThat(job.carryInto(7).outputs()).containsExactly(6f);
    assertThat(startable(job)).containsExactly(7);
    job.done(0, done(0f), 0);
    assertThat(startable(job)).containsExactly(1);
    assertThat(job.carryInto(6)).as("a run's first chunk runs over its context").isNull();
  }

  @Test
  void aChunkThatIsDoneLetsGoOfTheCarryItWentOnFrom() throws Exception {
    RunningJob job = new RunningJob(record(512), file(16_000), 25.6, true, 2);
    startable(job);
    job.done(0, done(0f), 0);
    job.nextChunk();
    job.done(1, done(1f), 0);
    assertThat(job.results[0].vadCarry()).isNull();
    assertThat(job.results[1].vadCarry()).isNotNull();
  }

  @Test
  void whereChunksCannotCarryEveryChunkStartsAtOnceAsBefore() throws Exception {
    assertThat(startable(new RunningJob(record(512), file(16_000), 25.6, true, 0)))
        .as("an analyzer that carries nothing").hasSize(12);
    assertThat(startable(new RunningJob(record(512), file(8_000), 25.6, true, 2)))
        .as("a file the engine resamples").hasSize(12);
    assertThat(startable(new RunningJob(record(256), file(16_000), 25.6, true, 2)))
        .as("a hop whose grid is off the network's").hasSize(12);
  }

  @Test
  void morePoolThreadsThanChunksGiveEveryChunkItsOwnRun() throws Exception {
    assertThat(startable(new RunningJob(record(512), file(16_000), 25.6, true, 16))).hasSize(12);
  }
}
