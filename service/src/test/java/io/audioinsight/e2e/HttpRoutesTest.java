package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Engines;
import io.audioinsight.app.Service;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every analysis route with every input form, over real HTTP, against a warm service. */
@ExtendWith(VertxExtension.class)
class HttpRoutesTest {

  private static final byte[] SPEECH = TestAudio.speechWav(3.0);
  private static final Map<String, String> PARAMS = Map.of("vad_hop_size", "256", "vad_threshold", "0.4");
  private static final Set<Thread> ENGINE_THREADS = ConcurrentHashMap.newKeySet();
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    Analyzer engine = Engines.dsp();
    service = TestServices.startWarm(TestServices.config(Map.of()), engine);
    service.inference().observeEngineThreads(ENGINE_THREADS::add);
  }

  @AfterAll
  static void stop() throws Exception {
    io.audioinsight.support.HeldClients.release();
    TestServices.stop(service);
  }

  private static Http http(Vertx vertx) {
    return new Http(vertx, service.config().http().port());
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void analyzeReturnsDurationSnrSpeakersAndTimingForEveryInputForm(Form form, Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/analyze", form, SPEECH, PARAMS).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.fieldNames())
          .containsExactly("duration_s", "sample_rate", "channels", "format", "snr", "speakers", "timing");
      assertThat(body.getJsonObject("format").getMap()).containsExactly(Map.entry("container", "wav"),
          Map.entry("codec", "pcm_s16le"), Map.entry("sample_rate", body.getInteger("sample_rate")),
          Map.entry("channels", body.getInteger("channels")));
      assertCommon(body);
      assertSnrBlock(body.getJsonObject("snr"));
      assertSpeakersBlock(body.getJsonObject("speakers"));
      tc.completeNow();
    })));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void snrDetectReturnsTheSnrFieldsAtTopLevelForEveryInputForm(Form form, Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/snr-detect", form, SPEECH, PARAMS).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.fieldNames()).doesNotContain("snr", "speakers", "speaker_count");
      assertCommon(body);
      assertSnrBlock(body);
      tc.completeNow();
    })));
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void speakerCountReturnsTheSpeakerFieldsAtTopLevelForEveryInputForm(Form form, Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/speaker-count", form, SPEECH, PARAMS).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.fieldNames()).doesNotContain("snr", "speakers", "snr_db");
      assertCommon(body);
      assertSpeakersBlock(body);
      tc.completeNow();
    })));
  }

  @Test
  void analysisRunsOnlyOnAudioInferencePoolThreadsNeverOnAnEventLoop(Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/analyze", Form.RAW, SPEECH, Map.of()).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ENGINE_THREADS).isNotEmpty();
      for (Thread t : ENGINE_THREADS) {
        assertThat(t.getName()).startsWith("audio-inference-");
        assertThat(t.getName()).doesNotContain("eventloop");
      }
      tc.completeNow();
    })));
  }

  @Test
  void multipartUploadsLeaveNoTemporaryFiles(Vertx vertx, VertxTestContext tc) throws Exception {
    java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    Set<String> before = listing(tmp);
    byte[] big = TestAudio.speechWav(20); // 640 KB: far over Netty's 16 KB in-memory threshold for mixed mode
    http(vertx).analyse("/v1/analyze", Form.MULTIPART, big, PARAMS).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      Set<String> created = new java.util.HashSet<>(listing(tmp));
      created.removeAll(before);
      assertThat(created).as("files created in " + tmp).noneMatch(n -> n.startsWith("FUp_") || n.startsWith("Attr_")
          || n.contains("upload"));
      tc.completeNow();
    })));
  }

  private static Set<String> listing(java.nio.file.Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void expect100ContinueIsAnsweredSoTheClientSendsTheBodyAtOnce(Vertx vertx, VertxTestContext tc) {
    // held: Vert.x 5 closes a client (and its connections) once it is garbage
    io.vertx.core.http.HttpClient client = io.audioinsight.support.HeldClients.hold(vertx.createHttpClient());
    io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions()
        .setMethod(io.vertx.core.http.HttpMethod.POST).setHost("localhost")
        .setPort(service.config().http().port()).setURI("/v1/snr-detect")
        .putHeader("Content-Type", "audio/wav").putHeader("Expect", "100-continue")
        .putHeader("Content-Length", Integer.toString(SPEECH.length));
    io.vertx.core.Promise<Void> continued = io.vertx.core.Promise.promise();
    client.request(options).compose(req -> {
      req.continueHandler(v -> {
        continued.tryComplete();
        req.end(io.vertx.core.buffer.Buffer.buffer(SPEECH));
      });
      // the answer's reader is in place before the head goes out (support.Answers)
      io.vertx.core.Future<Integer> status = io.audioinsight.support.Answers.of(req).map(e -> e.getKey().statusCode());
      return req.sendHead().compose(v -> status);
    }).onComplete(tc.succeeding(code -> tc.verify(() -> {
      assertThat(continued.future().isComplete()).as("100 Continue received").isTrue();
      assertThat(code).isEqualTo(200);
      tc.completeNow();
    })));
  }

  @Test
  void parametersDefaultToTheConfiguredValues(Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/snr-detect", Form.RAW, SPEECH, Map.of()).onComplete(tc.succeeding(r -> tc.verify(() -> {
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.getInteger("vad_hop_size")).isEqualTo(512);
      assertThat(body.getDouble("vad_threshold")).isEqualTo(0.5);
      tc.completeNow();
    })));
  }

  @Test
  void livenessAndReadinessAreGreenOnceWarm(Vertx vertx, VertxTestContext tc) {
    Http h = http(vertx);
    h.get("/health/live").compose(live -> h.get("/health/ready").map(ready -> List.of(live, ready)))
        .onComplete(tc.succeeding(rs -> tc.verify(() -> {
          assertThat(rs.get(0).statusCode()).isEqualTo(200);
          assertThat(rs.get(1).statusCode()).isEqualTo(200);
          assertThat(rs.get(1).bodyAsJsonObject().getString("status")).isEqualTo("ready");
          tc.completeNow();
        })));
  }

  @Test
  void metricsExposeVertxPoolHttpEventBusAndServiceMeters(Vertx vertx, VertxTestContext tc) {
    Http h = http(vertx);
    h.analyse("/v1/analyze", Form.RAW, SPEECH, Map.of()).compose(x -> h.get("/metrics"))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          String text = r.bodyAsString();
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(text).contains("vertx_pool_in_use{pool_name=\"audio-inference\"");
          assertThat(text).contains("vertx_pool_queue_pending{pool_name=\"audio-inference\"");
          assertThat(text).contains("vertx_http_server_requests_total");
          assertThat(text).contains("vertx_eventbus_handlers");
          assertThat(text).contains("audio_inference_seconds_bucket{operation=\"analyze\"");
          assertThat(text).contains("audio_queue_wait_seconds_count");
          assertThat(text).contains("audio_queue_depth");
          assertThat(text).contains("audio_processed_audio_seconds_total");
          assertThat(text).contains("audio_requests_rejected_total{reason=\"queue_full\"} 0.0");
          assertThat(text).contains("audio_requests_cancelled_total{reason=\"deadline\"} 0.0");
          tc.completeNow();
        })));
  }

  @Test
  void demoRoutesAreAbsentUnlessEnabled(Vertx vertx, VertxTestContext tc) {
    http(vertx).get("/ping/async?ms=5").onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(404);
      tc.completeNow();
    })));
  }

  private static void assertCommon(JsonObject body) {
    assertThat(body.getDouble("duration_s")).isEqualTo(3.0);
    assertThat(body.getInteger("sample_rate")).isEqualTo(16_000);
    assertThat(body.getInteger("channels")).isEqualTo(1);
    JsonObject timing = body.getJsonObject("timing");
    assertThat(timing.fieldNames()).containsExactlyInAnyOrder("queued_ms", "inference_ms");
    assertThat(timing.getDouble("queued_ms")).isGreaterThanOrEqualTo(0.0);
    assertThat(timing.getDouble("inference_ms")).isGreaterThan(0.0);
  }

  private static void assertSnrBlock(JsonObject snr) {
    assertThat(snr.getDouble("snr_db")).isBetween(10.0, 40.0);
    assertThat(snr.getDouble("global_snr_db")).isNotNull();
    assertThat(snr.getDouble("speech_ratio")).isBetween(0.3, 0.7);
    JsonArray segments = snr.getJsonArray("speech_segments");
    assertThat(segments).isNotEmpty();
    assertThat(segments.getJsonObject(0).fieldNames()).containsExactly("start", "end");
    assertThat(snr.getString("vad_engine")).isEqualTo(service.inference().vadEngine());
    assertThat(snr.getValue("vad_hop_size")).isIn(256, 512);
    assertThat(snr.getDouble("vad_threshold")).isIn(0.4, 0.5);
  }

  private static void assertSpeakersBlock(JsonObject speakers) {
    assertThat(speakers.getInteger("speaker_count")).isEqualTo(1);
    JsonArray segments = speakers.getJsonArray("speaker_segments");
    assertThat(segments).isNotEmpty();
    assertThat(segments.getJsonObject(0).fieldNames()).containsExactly("start", "end", "speaker");
  }
}
