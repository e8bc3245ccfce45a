package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Engines;
import io.audioinsight.app.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error path answers with application/problem+json whose detail says what is wrong. */
@ExtendWith(VertxExtension.class)
class HttpErrorsTest {

  private static final long BODY_LIMIT = 256 * 1024;
  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of(
        "http.max_body_bytes", Long.toString(BODY_LIMIT),
        "inference.max_audio_seconds", "5",
        "inference.max_queued_audio_seconds", "100")), Engines.dsp());
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
  void contentOfNoAudioFormatIs415ListingTheSupportedOnesInEveryForm(Form form, Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", form, TestAudio.notAWav(), Map.of()), 415,
        "not recognised from its content; supported: WAV (PCM, float, G.711), FLAC, MP3, Ogg Vorbis, Ogg Opus, "
            + "WebM/Matroska (Opus or Vorbis), MP4/M4A (AAC)");
  }

  @Test
  void truncatedWavIs400(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/snr-detect", Form.RAW, TestAudio.truncated(30), Map.of()),
        400, "the file ends inside");
  }

  @Test
  void nonNumericHopSizeIs400NamingTheParameter(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.RAW, TestAudio.speechWav(1),
        Map.of("vad_hop_size", "abc")), 400, "vad_hop_size must be an integer between 160 and 16000, got 'abc'");
  }

  @ParameterizedTest(name = "vad_threshold={0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"0x1p-1", "0.5d", "5e-1", "NaN", "+0.5", ".", "0,5"})
  void aThresholdThatIsNotAPlainDecimalIs400NamingTheParameter(String value, Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.RAW, TestAudio.speechWav(1),
        Map.of("vad_threshold", value)), 400, "vad_threshold must be a number strictly between 0 and 1");
  }

  @ParameterizedTest(name = "vad_hop_size={0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"\u0665\u0661\u0662", "+512", "512.0", "0x200", "1e3"})
  void aHopSizeThatIsNotAsciiDigitsIs400NamingTheParameter(String value, Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.MULTIPART, TestAudio.speechWav(1),
        Map.of("vad_hop_size", value)), 400, "vad_hop_size must be an integer between 160 and 16000");
  }

  @Test
  void thresholdOutsideZeroToOneIs400InMultipartFields(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.MULTIPART, TestAudio.speechWav(1),
        Map.of("vad_threshold", "1.5")), 400, "vad_threshold must be a number strictly between 0 and 1, got '1.5'");
  }

  @Test
  void zeroTimeoutIs400InJsonFields(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.JSON, TestAudio.speechWav(1),
        Map.of("timeout_ms", "0")), 400, "timeout_ms must be an integer between 1 and");
  }

  @Test
  void badBase64Is400(Vertx vertx, VertxTestContext tc) {
    Buffer body = new JsonObject().put("audio_base64", "not base64 at all!!").toBuffer();
    expectProblem(tc, http(vertx).post("/v1/analyze", "application/json", body), 400,
        "audio_base64 is not valid base64");
  }

  @Test
  void jsonWithoutAudioIs400(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).post("/v1/analyze", "application/json", Buffer.buffer("{\"vad_hop_size\":512}")),
        400, "no audio_base64 field");
  }

  @Test
  void malformedJsonIs400(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).post("/v1/analyze", "application/json", Buffer.buffer("{not json")),
        400, "not a valid JSON object");
  }

  @Test
  void multipartWithoutFileFieldIs400(Vertx vertx, VertxTestContext tc) {
    var form = io.vertx.ext.web.multipart.MultipartForm.create().attribute("vad_hop_size", "512");
    var client = io.vertx.ext.web.client.WebClient.create(vertx);
    expectProblem(tc, client.post(service.config().http().port(), "localhost", "/v1/analyze").sendMultipartForm(form),
        400, "no field named 'file'");
  }

  @Test
  void bodyOverTheLimitIs413FromContentLength(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).post("/v1/analyze", "audio/wav", Buffer.buffer(new byte[(int) BODY_LIMIT + 1])),
        413, "exceeds the limit of " + BODY_LIMIT + " bytes");
  }

  @Test
  void chunkedBodyOverTheLimitIs413WhileReading(Vertx vertx, VertxTestContext tc) {
    // held: Vert.x 5 closes a client (and its connections) once it is garbage
    HttpClient client = io.audioinsight.support.HeldClients.hold(vertx.createHttpClient());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost")
        .setPort(service.config().http().port()).setURI("/v1/analyze").putHeader("Content-Type", "audio/wav");
    client.request(options).compose(req -> {
      Future<Map.Entry<HttpClientResponse, Buffer>> answer = io.audioinsight.support.Answers.of(req);
      req.setChunked(true);
      for (int i = 0; i < 5; i++) {
        req.write(Buffer.buffer(new byte[64 * 1024]));
      }
      req.end();
      return answer;
    }).onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().statusCode()).isEqualTo(413);
      assertThat(e.getKey().getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(e.getValue().toJsonObject().getString("detail")).contains("exceeds the limit");
      tc.completeNow();
    })));
  }

  @Test
  void audioLongerThanTheLimitIs413(Vertx vertx, VertxTestContext tc) {
    byte[] sixSeconds = TestAudio.pcm16Wav(TestAudio.speechLike(6, 8_000, 20, 1), 8_000, 1);
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.RAW, sixSeconds, Map.of()), 413, "the limit is 5.0 s");
  }

  @Test
  void unsupportedContentTypeIs415(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).post("/v1/analyze", "text/plain", Buffer.buffer("hello")), 415,
        "Content-Type text/plain is not supported");
  }

  @Test
  void missingContentTypeIs415(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).post("/v1/analyze", null, Buffer.buffer(TestAudio.speechWav(1))), 415,
        "Content-Type is missing");
  }

  @Test
  void unsupportedWavEncodingIs415(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.RAW, TestAudio.mp3InWav(), Map.of()), 415,
        "not supported");
  }

  @Test
  void unknownRouteIs404(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).get("/v1/nothing-here"), 404, "no route for /v1/nothing-here");
  }

  @Test
  void wrongMethodIs405(Vertx vertx, VertxTestContext tc) {
    expectProblem(tc, http(vertx).get("/v1/analyze"), 405, "GET is not allowed on /v1/analyze");
  }

  static void expectProblem(VertxTestContext tc, Future<HttpResponse<Buffer>> response, int status, String detail) {
    response.onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = r.bodyAsJsonObject();
      assertThat(problem.getString("type")).startsWith("urn:audio-insight:problem:");
      assertThat(problem.getString("title")).isNotBlank();
      assertThat(problem.getInteger("status")).isEqualTo(status);
      assertThat(problem.getString("detail")).contains(detail);
      tc.completeNow();
    })));
  }
}
