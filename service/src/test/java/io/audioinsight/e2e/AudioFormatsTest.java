package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.fixtures.FormatSamples;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported format through every input form, end to end on the real engine: the format is sniffed from the
 * content whatever the Content-Type says, the reply names it, and bad files of each format get a problem that
 * names the format, never a 500.
 */
@ExtendWith(VertxExtension.class)
class AudioFormatsTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("inference.max_audio_seconds", "5",
        "inference.max_queued_audio_seconds", "200")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  private static Http http(Vertx vertx) {
    return new Http(vertx, service.config().http().port());
  }

  static Stream<Arguments> formatsAndForms() {
    return Stream.of(FormatSamples.values())
        .flatMap(sample -> Stream.of(Form.values()).map(form -> Arguments.of(sample, form)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("formatsAndForms")
  void everyFormatIsAnalysedInEveryFormAndTheReplyNamesIt(FormatSamples sample, Form form, Vertx vertx,
                                                           VertxTestContext tc) {
    http(vertx).analyse("/v1/analyze", form, sample.bytes(), Map.of())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          assertSpeechIn(sample, r.bodyAsJsonObject());
          tc.completeNow();
        })));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyFormatIsAnalysedFromAnEventBusBuffer(FormatSamples sample, VertxTestContext tc) {
    service.vertx().eventBus().<JsonObject>request("audio.analyze", Buffer.buffer(sample.bytes()))
        .onComplete(tc.succeeding(reply -> tc.verify(() -> {
          assertSpeechIn(sample, reply.body());
          tc.completeNow();
        })));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void everyFormatIsAnalysedFromAnEventBusJsonObject(FormatSamples sample, VertxTestContext tc) {
    JsonObject body = new JsonObject().put("audio_base64", Base64.getEncoder().encodeToString(sample.bytes()));
    service.vertx().eventBus().<JsonObject>request("audio.snr-detect", body)
        .onComplete(tc.succeeding(reply -> tc.verify(() -> {
          assertThat(reply.body().getJsonObject("format").getString("codec")).isEqualTo(sample.codec);
          assertThat(reply.body().getDouble("speech_ratio")).isGreaterThan(0.3);
          tc.completeNow();
        })));
  }

  @ParameterizedTest(name = "{0} sent as {1}")
  @MethodSource("lyingContentTypes")
  void sniffingIgnoresALyingContentType(FormatSamples sample, String contentType, Vertx vertx,
                                        VertxTestContext tc) {
    http(vertx).post("/v1/snr-detect", contentType, Buffer.buffer(sample.bytes()))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          JsonObject format = r.bodyAsJsonObject().getJsonObject("format");
          assertThat(format.getString("container")).isEqualTo(sample.container);
          assertThat(format.getString("codec")).isEqualTo(sample.codec);
          tc.completeNow();
        })));
  }

  static Stream<Arguments> lyingContentTypes() {
    return Stream.of(
        Arguments.of(FormatSamples.FLAC, "audio/mpeg"),
        Arguments.of(FormatSamples.MP3, "audio/wav"),
        Arguments.of(FormatSamples.OGG_OPUS, "audio/mp4"),
        Arguments.of(FormatSamples.WEBM_OPUS, "audio/ogg; codecs=opus"),
        Arguments.of(FormatSamples.MP4_AAC, "application/octet-stream"),
        Arguments.of(FormatSamples.OGG_VORBIS, "video/webm"));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void aFileCutInsideItsHeadersIs400NamingTheFormat(FormatSamples sample, Vertx vertx, VertxTestContext tc) {
    HttpErrorsTest.expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.RAW,
        Arrays.copyOf(sample.bytes(), 100), Map.of()), 400, label(sample));
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void aFileOfGarbageBehindItsMagicBytesIs400NamingTheFormat(FormatSamples sample, Vertx vertx,
                                                              VertxTestContext tc) {
    byte[] corrupt = sample.bytes().clone();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 16; i < corrupt.length; i++) {
      corrupt[i] = (byte) random.nextInt(256);
    }
    HttpErrorsTest.expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.MULTIPART, corrupt, Map.of()), 400,
        label(sample));
  }

  @ParameterizedTest
  @FieldSource("io.audioinsight.audio.fixtures.FormatSamples#SILENCE_60S")
  void aSmallFileThatDecodesToAMinuteOfSilenceIs413AtTheLimit(String file, Vertx vertx, VertxTestContext tc) {
    byte[] bomb = FormatSamples.silence60s(file);
    HttpErrorsTest.expectProblem(tc, http(vertx).analyse("/v1/analyze", Form.RAW, bomb, Map.of()), 413,
        "longer than the limit of 5.0 s");
  }

  @ParameterizedTest
  @EnumSource(FormatSamples.class)
  void aDamagedFileFailsOnTheEventBusWithTheSameCodeAsHttp(FormatSamples sample, Vertx vertx,
                                                           VertxTestContext tc) {
    Buffer cut = Buffer.buffer(Arrays.copyOf(sample.bytes(), 100));
    Future<Message<JsonObject>> bus = service.vertx().eventBus().request("audio.analyze", cut,
        new DeliveryOptions());
    Future<JsonObject> viaHttp = http(vertx).analyse("/v1/analyze", Form.RAW, cut.getBytes(), Map.of())
        .map(r -> r.bodyAsJsonObject());
    bus.transform(ar -> viaHttp.map(h -> Map.entry(ar, h))).onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().failed()).isTrue();
      ReplyException failure = (ReplyException) e.getKey().cause();
      assertThat(failure.failureCode()).isEqualTo(400).isEqualTo(e.getValue().getInteger("status"));
      assertThat(failure.getMessage()).isEqualTo(e.getValue().getString("detail")).contains(label(sample));
      tc.completeNow();
    })));
  }

  private static void assertSpeechIn(FormatSamples sample, JsonObject body) {
    JsonObject format = body.getJsonObject("format");
    assertThat(format.getString("container")).isEqualTo(sample.container);
    assertThat(format.getString("codec")).isEqualTo(sample.codec);
    assertThat(format.getInteger("sample_rate")).isEqualTo(sample.sampleRate);
    assertThat(format.getInteger("channels")).isEqualTo(sample.channels);
    assertThat(body.getInteger("sample_rate")).isEqualTo(sample.sampleRate);
    assertThat(body.getDouble("duration_s")).isCloseTo(FormatSamples.SECONDS, within(0.1));
    assertThat(body.getJsonObject("snr").getDouble("speech_ratio")).isGreaterThan(0.3);
    assertThat(body.getJsonObject("speakers").getInteger("speaker_count")).isEqualTo(1);
  }

  private static String label(FormatSamples sample) {
    return switch (sample) {
      case FLAC -> "FLAC";
      case MP3 -> "MP3";
      case OGG_VORBIS, OGG_OPUS -> "Ogg";
      case WEBM_OPUS, WEBM_VORBIS -> "WebM";
      case MATROSKA_VORBIS -> "Matroska";
      case MP4_AAC -> "MP4";
    };
  }
}
