package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.Poll;
import io.audioinsight.jobs.AudioSpool;
import java.nio.file.Files;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.audioinsight.audio.fixtures.FormatSamples;

/**
 * A job longer than {@code jobs.chunk_seconds} is analysed in chunks with the real (DSP) engine; its voice activity
 * and SNR agree with the synchronous answer for the whole file.
 */
@ExtendWith(VertxExtension.class)
class JobsChunkingTest {

  private static final byte[] LONG = TestAudio.speechWav(35.0);
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.chunk_seconds", "10")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  /** The synchronous `snr` answer and the same audio's succeeded job's result. */
  private record SyncAndJob(JsonObject sync, JsonObject job) {}

  /** Posts {@code audio} to {@code /v1/snr-detect}, then as an {@code snr} job, and waits for the job to succeed. */
  private static io.vertx.core.Future<SyncAndJob> snrSyncThenJob(Vertx vertx, String type, byte[] audio) {
    Http http = new Http(vertx, service.config().http().port());
    return http.post("/v1/snr-detect", type, Buffer.buffer(audio)).compose(sync ->
        http.post("/v1/jobs?operation=snr", type, Buffer.buffer(audio))
            .compose(accepted -> JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id")))
            .map(job -> {
              assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
              return new SyncAndJob(sync.bodyAsJsonObject(), job.getJsonObject("result"));
            }));
  }

  @Test
  void aJobOfFourChunksReportsTheWholeFileWithVoiceActivityAndSnrAsTheSynchronousRoute(Vertx vertx,
                                                                                       VertxTestContext tc) {
    snrSyncThenJob(vertx, "audio/wav", LONG)
        .map(both -> {
              tc.verify(() -> {
                JsonObject whole = both.sync();
                JsonObject chunked = both.job();
                assertThat(chunked.getDouble("duration_s")).isEqualTo(whole.getDouble("duration_s"));
                assertThat(chunked.getDouble("speech_ratio")).isCloseTo(whole.getDouble("speech_ratio"), within(0.02));
                assertThat(chunked.getDouble("snr_db")).isCloseTo(whole.getDouble("snr_db"), within(1.0));
                assertThat(chunked.getDouble("global_snr_db")).isCloseTo(whole.getDouble("global_snr_db"), within(1.0));
                assertThat(chunked.getDouble("active_speech_level_dbfs"))
                    .isCloseTo(whole.getDouble("active_speech_level_dbfs"), within(1.0));
                assertThat(chunked.getDouble("clipping_ratio")).isEqualTo(whole.getDouble("clipping_ratio"));
                assertThat(chunked.getString("snr_confidence")).isIn("high", "medium", "low");
                JsonObject interval = chunked.getJsonObject("snr_interval_db");
                assertThat(interval.getDouble("low")).isLessThanOrEqualTo(chunked.getDouble("snr_db"));
                assertThat(interval.getDouble("high")).isGreaterThanOrEqualTo(chunked.getDouble("snr_db"));
                JsonArray segments = chunked.getJsonArray("speech_segments");
                assertThat(segments.size()).isBetween(whole.getJsonArray("speech_segments").size() - 1,
                    whole.getJsonArray("speech_segments").size() + 1);
                double previousEnd = -1;
                for (int i = 0; i < segments.size(); i++) {
                  JsonObject s = segments.getJsonObject(i);
                  assertThat(s.getDouble("start")).isGreaterThan(previousEnd);
                  assertThat(s.getDouble("end")).isGreaterThan(s.getDouble("start"));
                  previousEnd = s.getDouble("end");
                }
                assertThat(previousEnd).isLessThanOrEqualTo(35.0);
              });
              return both;
            })
        .onComplete(tc.succeedingThenComplete());
  }

  @ParameterizedTest
  @EnumSource(value = FormatSamples.class, names = {"FLAC", "MP3", "OGG_OPUS", "WEBM_VORBIS"})
  void aCompressedJobIsDecodedToDiskOnceAndAnswersAsTheSynchronousRoute(FormatSamples format, Vertx vertx,
                                                                       VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/analyze", "application/octet-stream", Buffer.buffer(format.bytes())).compose(sync ->
        http.post("/v1/jobs", "application/octet-stream", Buffer.buffer(format.bytes()))
            .compose(accepted -> JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id")))
            .map(job -> {
              tc.verify(() -> {
                assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
                JsonObject a = job.getJsonObject("result").copy();
                JsonObject b = sync.bodyAsJsonObject().copy();
                a.remove("timing");
                b.remove("timing");
                assertThat(a).isEqualTo(b);
              });
              return job;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aLongMp3JobIsDecodedInPartsOnThePoolAndAnswersAsTheSynchronousRoute(Vertx vertx, VertxTestContext tc) {
    byte[] mp3 = FormatSamples.longSpeechMp3();
    // parts of at most a chunk (10 s here): the job's decode runs as several tasks on the pool, then a join
    assertThat(io.audioinsight.audio.decode.Mp3Parts.plan(mp3, 10).parts()).isGreaterThanOrEqualTo(3);
    snrSyncThenJob(vertx, "audio/mpeg", mp3)
        .map(both -> {
              tc.verify(() -> {
                JsonObject whole = both.sync();
                JsonObject chunked = both.job();
                assertThat(chunked.getDouble("duration_s")).isEqualTo(whole.getDouble("duration_s"));
                assertThat(chunked.getJsonObject("format")).isEqualTo(whole.getJsonObject("format"));
                assertThat(chunked.getInteger("sample_rate")).isEqualTo(whole.getInteger("sample_rate"));
                assertThat(chunked.getDouble("clipping_ratio")).isEqualTo(whole.getDouble("clipping_ratio"));
                assertThat(chunked.getDouble("speech_ratio")).isCloseTo(whole.getDouble("speech_ratio"), within(0.02));
                assertThat(chunked.getDouble("snr_db")).isCloseTo(whole.getDouble("snr_db"), within(1.0));
              });
              return both;
            })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aFinishedCompressedJobKeepsItsAudioButNotTheWavItWasDecodedTo(Vertx vertx, VertxTestContext tc) {
    byte[] mp3 = FormatSamples.longSpeechMp3();
    Http http = new Http(vertx, service.config().http().port());
    AudioSpool spool = service.jobs().spool();
    http.post("/v1/jobs?operation=snr", "audio/mpeg", Buffer.buffer(mp3))
        .compose(accepted -> JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id")))
        // the decoded WAV goes right after the final state is committed, its bytes given back to the spool budget
        .compose(job -> Poll.until(vertx, () -> !Files.exists(spool.decodedFile(job.getString("id")))).map(job))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
          assertThat(spool.file(job.getString("id"))).exists().hasSize(mp3.length);
          tc.completeNow();
        })));
  }

  @Test
  void aCompressedJobLongerThanAChunkReportsTheOriginalFormatAndDuration(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/jobs?operation=snr", "audio/flac", Buffer.buffer(FormatSamples.silenceFlac60s()))
        .compose(accepted -> JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id")))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
          JsonObject result = job.getJsonObject("result");
          assertThat(result.getDouble("duration_s")).isEqualTo(60.0);
          assertThat(result.getInteger("sample_rate")).isEqualTo(48_000);
          assertThat(result.getJsonObject("format").getString("container")).isEqualTo("flac");
          assertThat(result.getDouble("speech_ratio")).isZero();
          tc.completeNow();
        })));
  }
}
