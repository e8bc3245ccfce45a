package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JSON form is parsed within our own limits, not Jackson's defaults, and one body cannot affect the next. */
@ExtendWith(VertxExtension.class)
class JsonBodiesTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  @Test
  void audioBase64OfA15MegabyteWavWithinTheBodyLimitIsAccepted(Vertx vertx, VertxTestContext tc) {
    // 480 s of 16 kHz 16-bit silence: 15.4 MB, 20.5 M characters of base64 (past Jackson's default 20 M limit)
    byte[] wav = TestAudio.pcm16Wav(new float[16_000 * 480], 16_000, 1);
    String body = "{\"audio_base64\":\"" + Base64.getEncoder().encodeToString(wav) + "\"}";
    new Http(vertx, service.config().http().port()).post("/v1/snr-detect", "application/json", Buffer.buffer(body))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          assertThat(r.bodyAsJsonObject().getDouble("speech_ratio")).isEqualTo(0.0);
          tc.completeNow();
        })));
  }

  @Test
  void aBodyWithThousandsOfFieldNamesDoesNotSpoilTheNextRequest(Vertx vertx, VertxTestContext tc) {
    JsonObject many = new JsonObject();
    for (int i = 0; i < 5_000; i++) {
      many.put("k" + Integer.toHexString(i * 7919) + "Aa" + "BB".repeat(i % 7), i);
    }
    JsonObject valid = new JsonObject().put("audio_base64", Base64.getEncoder().encodeToString(TestAudio.speechWav(1)));
    for (int i = 0; i < 100; i++) {
      valid.put("other_" + i, i);
    }
    Http http = new Http(vertx, service.config().http().port());
    http.post("/v1/snr-detect", "application/json", many.toBuffer())
        .compose(first -> http.post("/v1/snr-detect", "application/json", valid.toBuffer()).map(second ->
            new int[] {first.statusCode(), second.statusCode()}))
        .onComplete(tc.succeeding(codes -> tc.verify(() -> {
          assertThat(codes[0]).as("no audio_base64").isEqualTo(400);
          assertThat(codes[1]).isEqualTo(200);
          tc.completeNow();
        })));
  }

  @Test
  void aDeeplyNestedBodyIs400(Vertx vertx, VertxTestContext tc) {
    String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
    HttpErrorsTest.expectProblem(tc, new Http(vertx, service.config().http().port())
        .post("/v1/analyze", "application/json", Buffer.buffer(deep)), 400, "not a valid JSON object");
  }
}
