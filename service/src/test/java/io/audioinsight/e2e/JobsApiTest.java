package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The jobs API over real HTTP with the real (DSP) engine: submit in every form, poll, result, 404, bad input. */
@ExtendWith(VertxExtension.class)
class JobsApiTest {

  private static final byte[] SPEECH = TestAudio.speechWav(3.0);
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("jobs.callback_secret", "s")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  private static Http http(Vertx vertx) {
    return new Http(vertx, service.config().http().port());
  }

  /** The result without its timing, which differs from run to run. */
  private static JsonObject withoutTiming(JsonObject result) {
    JsonObject copy = result.copy();
    copy.remove("timing");
    return copy;
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aJobInEveryInputFormIsAcceptedWith202AndLocationAndSucceedsWithTheSynchronousAnswer(
      Form form, Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    Map<String, String> params = Map.of("operation", "snr", "vad_hop_size", "256");
    http.analyse("/v1/snr-detect", form, SPEECH, Map.of("vad_hop_size", "256")).compose(sync ->
        http.analyse("/v1/jobs", form, SPEECH, params).compose(accepted -> {
          tc.verify(() -> {
            assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
            JsonObject job = accepted.bodyAsJsonObject();
            assertThat(accepted.getHeader("Location")).isEqualTo("/v1/jobs/" + job.getString("id"));
            assertThat(job.getString("state")).isEqualTo("queued");
            assertThat(job.getString("operation")).isEqualTo("snr");
            assertThat(job.getDouble("progress")).isZero();
            assertThat(job.getString("created_at")).isNotNull();
          });
          return JobPolling.finished(vertx, http, accepted.bodyAsJsonObject().getString("id"));
        }).map(job -> {
          tc.verify(() -> {
            assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
            assertThat(job.getDouble("progress")).isEqualTo(1.0);
            Instant created = Instant.parse(job.getString("created_at"));
            Instant started = Instant.parse(job.getString("started_at"));
            Instant finished = Instant.parse(job.getString("finished_at"));
            assertThat(started).isAfterOrEqualTo(created);
            assertThat(finished).isAfterOrEqualTo(started);
            assertThat(withoutTiming(job.getJsonObject("result"))).isEqualTo(withoutTiming(sync.bodyAsJsonObject()));
            assertThat(job.getJsonObject("result").getJsonObject("timing")).isNotNull();
          });
          return job;
        })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void theDefaultOperationIsAnalyzeWithBothBlocks(Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))
        .compose(r -> JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id")))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("operation")).isEqualTo("analyze");
          assertThat(job.getJsonObject("result").getJsonObject("snr")).isNotNull();
          assertThat(job.getJsonObject("result").getJsonObject("speakers")).isNotNull();
          tc.completeNow();
        })));
  }

  @Test
  void anUnknownJobIs404ProblemOnGetAndOnDelete(Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    String id = "0b7d7f53-1c0e-4a39-9a43-0e8a1f3b2c11";
    http.get("/v1/jobs/" + id).compose(got -> http.delete("/v1/jobs/" + id).map(deleted -> {
      tc.verify(() -> {
        for (var r : new io.vertx.ext.web.client.HttpResponse<?>[] {got, deleted}) {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
          JsonObject p = ((Buffer) r.body()).toJsonObject();
          assertThat(p.getString("type")).endsWith("job-not-found");
          assertThat(p.getString("detail")).contains(id).contains("jobs.retention");
        }
      });
      return null;
    })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void anUnknownOperationIs400NamingTheParameter(Vertx vertx, VertxTestContext tc) {
    http(vertx).post("/v1/jobs?operation=transcribe", "audio/wav", Buffer.buffer(SPEECH))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo("operation");
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("analyze, snr or speakers");
          tc.completeNow();
        })));
  }

  @Test
  void anInvalidVadParameterIs400NamingIt(Vertx vertx, VertxTestContext tc) {
    http(vertx).post("/v1/jobs?vad_threshold=2", "audio/wav", Buffer.buffer(SPEECH))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo("vad_threshold");
          tc.completeNow();
        })));
  }

  @Test
  void anUnsupportedContentTypeIs415(Vertx vertx, VertxTestContext tc) {
    http(vertx).post("/v1/jobs", "text/plain", Buffer.buffer("hello"))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(415);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
          tc.completeNow();
        })));
  }

  @Test
  void audioTheEngineCannotReadMakesAFailedJobCarryingTheProblem(Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(TestAudio.notAWav()))
        .compose(r -> JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id")))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("failed");
          JsonObject problem = job.getJsonObject("problem");
          assertThat(problem.getInteger("status")).isEqualTo(415);
          assertThat(problem.getString("detail")).isNotBlank();
          assertThat(job.containsKey("result")).isFalse();
          tc.completeNow();
        })));
  }

  @Test
  void aFinishedJobIsCountedInTheJobsMetricBySucceededState(Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))
        .compose(r -> JobPolling.finished(vertx, http, r.bodyAsJsonObject().getString("id")))
        .compose(job -> http.get("/metrics"))
        .onComplete(tc.succeeding(m -> tc.verify(() -> {
          String text = m.bodyAsString();
          assertThat(Metrics.sum(text, "audio_jobs", "state=\"succeeded\"")).isGreaterThanOrEqualTo(1);
          assertThat(text).contains("audio_jobs_queue_depth").contains("audio_jobs_spool_bytes");
          assertThat(Metrics.sum(text, "audio_jobs_spool_bytes")).isGreaterThan(0);
          tc.completeNow();
        })));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "http://127.0.0.1:9/a.wav, loopback",
      "http://localhost:9/a.wav, loopback",
      "http://[::1]:9/a.wav, loopback",
      "http://10.1.2.3/a.wav, private network",
      "http://172.16.5.4/a.wav, private network",
      "http://192.168.0.10/a.wav, private network",
      "http://169.254.169.254/latest/meta-data/, cloud metadata",
      "http://[fc00::1]/a.wav, unique local",
      "http://[fd00::5]/a.wav, unique local",
      "http://[::ffff:10.0.0.1]/a.wav, private network",
  })
  void anAudioUrlToANonPublicAddressIs400NamingTheRuleWhilePrivateNetworksAreOff(
      String url, String rule, Vertx vertx, VertxTestContext tc) {
    http(vertx).post("/v1/jobs", "application/json", new JsonObject().put("audio_url", url).toBuffer())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
          JsonObject p = r.bodyAsJsonObject();
          assertThat(p.getString("type")).endsWith("url-refused");
          assertThat(p.getString("parameter")).isEqualTo("audio_url");
          assertThat(p.getString("detail")).contains(rule).contains("fetch.allow_private_networks");
          tc.completeNow();
        })));
  }

  @Test
  void aCallbackUrlToALoopbackAddressIs400NamingTheRule(Vertx vertx, VertxTestContext tc) {
    http(vertx).post("/v1/jobs?callback_url=http://127.0.0.1:9/hook", "audio/wav", Buffer.buffer(SPEECH))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo("callback_url");
          assertThat(r.bodyAsJsonObject().getString("detail")).contains("loopback");
          tc.completeNow();
        })));
  }
}
