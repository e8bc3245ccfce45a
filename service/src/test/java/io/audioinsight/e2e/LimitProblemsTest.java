package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.support.HoldingEngine;
import io.audioinsight.support.Http;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each limit of the synchronous routes names the setting that governs it, and points long audio to /v1/jobs. */
@ExtendWith(VertxExtension.class)
class LimitProblemsTest {

  private static final HoldingEngine ENGINE = new HoldingEngine();
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("http.max_body_bytes", "100000",
        "inference.max_audio_seconds", "2", "inference.max_queued_audio_seconds", "100")), ENGINE);
  }

  @AfterAll
  static void stop() throws Exception {
    ENGINE.release();
    TestServices.stop(service);
  }

  private static void expect(VertxTestContext tc, io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> f,
                             int status, String... fragments) {
    f.onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
      assertThat(r.bodyAsJsonObject().getString("detail")).contains(fragments);
      tc.completeNow();
    })));
  }

  @Test
  void aBodyOverTheLimitNamesHttpMaxBodyBytesAndPointsToJobs(Vertx vertx, VertxTestContext tc) {
    expect(tc, new Http(vertx, service.httpPort()).post("/v1/analyze", "audio/wav",
        Buffer.buffer(TestAudio.speechWav(4))), 413, "http.max_body_bytes", "POST /v1/jobs", "jobs.max_upload_bytes");
  }

  @Test
  void audioOverTheDurationLimitNamesInferenceMaxAudioSecondsAndPointsToJobs(Vertx vertx, VertxTestContext tc) {
    expect(tc, new Http(vertx, service.httpPort()).post("/v1/analyze", "audio/wav",
        Buffer.buffer(TestAudio.speechWav(2.5))), 413, "inference.max_audio_seconds", "POST /v1/jobs",
        "jobs.max_audio_seconds");
  }

  @Test
  void aPassedDeadlineNamesTimeoutMsAndItsCapAndPointsToJobs(Vertx vertx, VertxTestContext tc) {
    ENGINE.hold();
    expect(tc, new Http(vertx, service.httpPort()).post("/v1/analyze?timeout_ms=100", "audio/wav",
        Buffer.buffer(TestAudio.speechWav(1))), 504, "timeout_ms", "inference.max_timeout_ms", "POST /v1/jobs");
  }
}
