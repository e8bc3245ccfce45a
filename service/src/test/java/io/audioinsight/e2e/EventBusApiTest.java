package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Engines;
import io.audioinsight.app.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The event-bus API as a sibling verticle in the same Vertx sees it: same JSON as HTTP, same status codes. */
@ExtendWith(VertxExtension.class)
class EventBusApiTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("inference.max_audio_seconds", "5",
        "inference.max_queued_audio_seconds", "100")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  /** A sibling verticle: sends one request when deployed and keeps the outcome. */
  static final class Sibling extends VerticleBase {
    final Promise<Message<JsonObject>> reply = Promise.promise();
    private final String address;
    private final Object body;
    private final DeliveryOptions options;

    Sibling(String address, Object body, DeliveryOptions options) {
      this.address = address;
      this.body = body;
      this.options = options;
    }

    @Override
    public Future<?> start() {
      vertx.eventBus().<JsonObject>request(address, body, options).onComplete(reply);
      return Future.succeededFuture();
    }
  }

  private static Future<Message<JsonObject>> ask(String address, Object body, DeliveryOptions options) {
    Sibling sibling = new Sibling(address, body, options);
    return service.vertx().deployVerticle(sibling).compose(id -> sibling.reply.future());
  }

  @Test
  void bufferWithHeaderParamsGetsTheSameJsonAsHttp(Vertx vertx, VertxTestContext tc) {
    byte[] wav = TestAudio.speechWav(2);
    DeliveryOptions headers = new DeliveryOptions().addHeader("vad_hop_size", "256").addHeader("vad_threshold", "0.4");
    Future<Message<JsonObject>> bus = ask("audio.analyze", Buffer.buffer(wav), headers);
    Future<JsonObject> http = new Http(vertx, service.config().http().port())
        .analyse("/v1/analyze", Form.RAW, wav, Map.of("vad_hop_size", "256", "vad_threshold", "0.4"))
        .map(r -> r.bodyAsJsonObject());
    Future.all(bus, http).onComplete(tc.succeeding(v -> tc.verify(() -> {
      JsonObject fromBus = bus.result().body();
      JsonObject fromHttp = http.result();
      fromBus.remove("timing");
      fromHttp.remove("timing");
      assertThat(fromBus).isEqualTo(fromHttp);
      assertThat(fromBus.getJsonObject("snr").getInteger("vad_hop_size")).isEqualTo(256);
      tc.completeNow();
    })));
  }

  @Test
  void jsonObjectWithBase64IsAccepted(VertxTestContext tc) {
    JsonObject body = new JsonObject().put("audio_base64", Base64.getEncoder().encodeToString(TestAudio.speechWav(1)));
    ask("audio.snr-detect", body, new DeliveryOptions()).onComplete(tc.succeeding(m -> tc.verify(() -> {
      assertThat(m.body().getDouble("duration_s")).isEqualTo(1.0);
      assertThat(m.body().getDouble("snr_db")).isNotNull();
      assertThat(m.body().containsKey("timing")).isTrue();
      tc.completeNow();
    })));
  }

  @Test
  void speakerCountAddressAnswersLikeHttp(Vertx vertx, VertxTestContext tc) {
    byte[] wav = TestAudio.speechWav(1);
    Future<Message<JsonObject>> bus = ask("audio.speaker-count", Buffer.buffer(wav), new DeliveryOptions());
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> http = new Http(vertx, service.config().http().port())
        .analyse("/v1/speaker-count", Form.RAW, wav, Map.of());
    bus.transform(ar -> http.map(h -> Map.entry(ar, h))).onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getValue().statusCode()).isEqualTo(200);
      assertThat(e.getKey().succeeded()).as("bus reply").isTrue();
      assertThat(e.getKey().result().body().getInteger("speaker_count"))
          .isEqualTo(e.getValue().bodyAsJsonObject().getInteger("speaker_count"))
          .isEqualTo(1);
      tc.completeNow();
    })));
  }

  @Test
  void contentOfNoAudioFormatFailsWithTheSameCodeAsHttp(Vertx vertx, VertxTestContext tc) {
    expectSameFailureAsHttp(vertx, tc, Buffer.buffer(TestAudio.notAWav()), new DeliveryOptions(), Map.of(), 415);
  }

  @Test
  void overlongAudioFailsWithTheSameCodeAsHttp(Vertx vertx, VertxTestContext tc) {
    byte[] wav = TestAudio.pcm16Wav(TestAudio.speechLike(6, 8_000, 20, 1), 8_000, 1);
    expectSameFailureAsHttp(vertx, tc, Buffer.buffer(wav), new DeliveryOptions(), Map.of(), 413);
  }

  @Test
  void badHeaderParameterFailsWithTheSameCodeAsHttp(Vertx vertx, VertxTestContext tc) {
    expectSameFailureAsHttp(vertx, tc, Buffer.buffer(TestAudio.speechWav(1)),
        new DeliveryOptions().addHeader("vad_hop_size", "7"), Map.of("vad_hop_size", "7"), 400);
  }

  @Test
  void badBase64FailsWith400(VertxTestContext tc) {
    ask("audio.analyze", new JsonObject().put("audio_base64", "***"), new DeliveryOptions())
        .onComplete(tc.failing(t -> tc.verify(() -> {
          assertThat(((ReplyException) t).failureCode()).isEqualTo(400);
          assertThat(t.getMessage()).contains("not valid base64");
          tc.completeNow();
        })));
  }

  @Test
  void unsupportedBodyTypeFailsWith415(VertxTestContext tc) {
    ask("audio.analyze", "a string", new DeliveryOptions()).onComplete(tc.failing(t -> tc.verify(() -> {
      assertThat(((ReplyException) t).failureCode()).isEqualTo(415);
      assertThat(t.getMessage()).contains("must be a Buffer");
      tc.completeNow();
    })));
  }

  private static void expectSameFailureAsHttp(Vertx vertx, VertxTestContext tc, Buffer wav, DeliveryOptions headers,
                                              Map<String, String> query, int expected) {
    Future<Message<JsonObject>> bus = ask("audio.analyze", wav, headers);
    Future<JsonObject> http = new Http(vertx, service.config().http().port())
        .analyse("/v1/analyze", Form.RAW, wav.getBytes(), query).map(r -> r.bodyAsJsonObject());
    bus.transform(ar -> http.map(h -> Map.entry(ar, h))).onComplete(tc.succeeding(e -> tc.verify(() -> {
      assertThat(e.getKey().failed()).isTrue();
      ReplyException failure = (ReplyException) e.getKey().cause();
      assertThat(failure.failureCode()).isEqualTo(expected).isEqualTo(e.getValue().getInteger("status"));
      assertThat(failure.getMessage()).isEqualTo(e.getValue().getString("detail"));
      tc.completeNow();
    })));
  }
}
