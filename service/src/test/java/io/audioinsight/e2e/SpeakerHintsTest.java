package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.audio.SpeakerEngines;
import io.audioinsight.audio.VadEngines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The speaker hints ({@code num_speakers}, {@code min_speakers}, {@code max_speakers}) and the speaker fields of
 * the reply, over HTTP and the event bus, with the embedding counter on a recording of one real voice.
 */
@ExtendWith(VertxExtension.class)
class SpeakerHintsTest {

  private static Service service;
  /** 30 s of one real voice (the Russian tuxpaint narrator), as Ogg Opus. */
  private static final byte[] ONE_VOICE = resource("/voices/tuxru.opus");

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()),
        Engines.create(VadEngines.Engine.DSP, SpeakerEngines.Engine.EMBEDDING, Optional.empty()));
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  private static byte[] resource(String name) {
    try (InputStream in = SpeakerHintsTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Http http(Vertx vertx) {
    return new Http(vertx, service.config().http().port());
  }

  static Stream<Arguments> badHints() {
    return Stream.of(
        Arguments.of(Map.of("min_speakers", "3", "max_speakers", "2"), "min_speakers",
            "min_speakers (3) must be at most max_speakers (2)"),
        Arguments.of(Map.of("num_speakers", "-1"), "num_speakers",
            "num_speakers must be an integer between 1 and 64, got '-1'"),
        Arguments.of(Map.of("max_speakers", "0"), "max_speakers",
            "max_speakers must be an integer between 1 and 64, got '0'"),
        Arguments.of(Map.of("min_speakers", "2.5"), "min_speakers",
            "min_speakers must be an integer between 1 and 64, got '2.5'"),
        Arguments.of(Map.of("num_speakers", "two"), "num_speakers",
            "num_speakers must be an integer between 1 and 64, got 'two'"),
        Arguments.of(Map.of("num_speakers", "65"), "num_speakers",
            "num_speakers must be an integer between 1 and 64, got '65'"),
        Arguments.of(Map.of("num_speakers", "5", "max_speakers", "3"), "num_speakers",
            "num_speakers (5) must be at most max_speakers (3)"),
        Arguments.of(Map.of("num_speakers", "1", "min_speakers", "2"), "num_speakers",
            "num_speakers (1) must be at least min_speakers (2)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHints")
  void aBadHintIs400NamingTheParameterInEveryForm(Map<String, String> hints, String parameter, String detail,
                                                   Vertx vertx, VertxTestContext tc) {
    Http http = http(vertx);
    Future<HttpResponse<Buffer>> raw = http.analyse("/v1/speaker-count", Form.RAW, ONE_VOICE, hints);
    Future<HttpResponse<Buffer>> json = http.analyse("/v1/analyze", Form.JSON, ONE_VOICE, hints);
    Future<HttpResponse<Buffer>> multipart = http.analyse("/v1/analyze", Form.MULTIPART, ONE_VOICE, hints);
    Future.all(raw, json, multipart).onComplete(tc.succeeding(v -> tc.verify(() -> {
      for (HttpResponse<Buffer> r : new HttpResponse[] {raw.result(), json.result(), multipart.result()}) {
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getInteger("status")).isEqualTo(400);
        assertThat(problem.getString("parameter")).isEqualTo(parameter);
        assertThat(problem.getString("detail")).isEqualTo(detail);
      }
      tc.completeNow();
    })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHints")
  void aBadHintOnTheEventBusFailsWith400NamingTheParameter(Map<String, String> hints, String parameter,
                                                           String detail, VertxTestContext tc) {
    DeliveryOptions headers = new DeliveryOptions();
    hints.forEach(headers::addHeader);
    service.vertx().eventBus().request("audio.speaker-count", Buffer.buffer(ONE_VOICE), headers)
        .onComplete(tc.failing(t -> tc.verify(() -> {
          assertThat(((ReplyException) t).failureCode()).isEqualTo(400);
          assertThat(t.getMessage()).isEqualTo(detail).startsWith(parameter);
          tc.completeNow();
        })));
  }

  @Test
  void oneRealVoiceIsOneSpeakerWithItsSpeakingTimeAndTheEngineNamed(Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/analyze", Form.RAW, ONE_VOICE, Map.of()).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject speakers = r.bodyAsJsonObject().getJsonObject("speakers");
      assertThat(speakers.getInteger("speaker_count")).isEqualTo(1);
      assertThat(speakers.getString("speaker_engine")).isEqualTo("embedding");
      JsonArray time = speakers.getJsonArray("speaking_time");
      assertThat(time).hasSize(1);
      assertThat(time.getJsonObject(0).getInteger("speaker")).isEqualTo(1);
      assertThat(time.getJsonObject(0).getDouble("seconds")).isBetween(10.0, 30.0);
      tc.completeNow();
    })));
  }

  @Test
  void numSpeakersIsObeyedOverHttp(Vertx vertx, VertxTestContext tc) {
    http(vertx).analyse("/v1/speaker-count", Form.JSON, ONE_VOICE, Map.of("num_speakers", "2"))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          JsonObject body = r.bodyAsJsonObject();
          assertThat(body.getInteger("speaker_count")).isEqualTo(2);
          assertThat(body.getJsonArray("speaking_time")).hasSize(2);
          assertThat(body.getString("speaker_engine")).isEqualTo("embedding");
          tc.completeNow();
        })));
  }

  @Test
  void minSpeakersIsObeyedOnTheEventBus(VertxTestContext tc) {
    DeliveryOptions headers = new DeliveryOptions().addHeader("min_speakers", "3").addHeader("max_speakers", "5");
    service.vertx().eventBus().<JsonObject>request("audio.speaker-count", Buffer.buffer(ONE_VOICE), headers)
        .onComplete(tc.succeeding((Message<JsonObject> m) -> tc.verify(() -> {
          assertThat(m.body().getInteger("speaker_count")).isEqualTo(3);
          tc.completeNow();
        })));
  }

  @Test
  void maxSpeakersIsObeyedOnTheEventBus(VertxTestContext tc) {
    DeliveryOptions headers = new DeliveryOptions().addHeader("max_speakers", "1");
    service.vertx().eventBus().<JsonObject>request("audio.analyze", Buffer.buffer(ONE_VOICE), headers)
        .onComplete(tc.succeeding((Message<JsonObject> m) -> tc.verify(() -> {
          assertThat(m.body().getJsonObject("speakers").getInteger("speaker_count")).isEqualTo(1);
          tc.completeNow();
        })));
  }
}
