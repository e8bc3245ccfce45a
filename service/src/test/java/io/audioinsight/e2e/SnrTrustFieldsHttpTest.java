package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** snr_confidence, snr_interval_db, active_speech_level_dbfs and clipping_ratio over real HTTP (issue 17). */
@ExtendWith(VertxExtension.class)
class SnrTrustFieldsHttpTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  private static Http http(Vertx vertx) {
    return new Http(vertx, service.config().http().port());
  }

  @Test
  void snrDetectReportsAnIntervalAroundTheEstimateItsConfidenceTheSpeechLevelAndNoClipping(Vertx vertx,
      VertxTestContext tc) {
    byte[] wav = TestAudio.pcm16Wav(TestAudio.speechLike(6.0, 16_000, 15, 41), 16_000, 1);
    http(vertx).analyse("/v1/snr-detect", Form.RAW, wav, Map.of()).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject body = r.bodyAsJsonObject();
      double snr = body.getDouble("snr_db");
      JsonObject interval = body.getJsonObject("snr_interval_db");
      assertThat(interval.fieldNames()).containsExactly("low", "high");
      assertThat(interval.getDouble("low")).isLessThanOrEqualTo(snr);
      assertThat(interval.getDouble("high")).isGreaterThanOrEqualTo(snr);
      assertThat(body.getString("snr_confidence")).isIn("high", "medium", "low");
      assertThat(body.getDouble("active_speech_level_dbfs")).isBetween(-60.0, 0.0);
      assertThat(body.getDouble("clipping_ratio")).isEqualTo(0.0);
      tc.completeNow();
    })));
  }

  @Test
  void analyzeReportsTheShareOfClippedSamplesOfAnOverdrivenRecording(Vertx vertx, VertxTestContext tc) {
    float[] x = TestAudio.speechLike(6.0, 16_000, 20, 42);
    int clipped = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] *= 20;
      if (Math.abs(x[i]) >= 1) {
        x[i] = Math.signum(x[i]);
        clipped++;
      }
    }
    double expected = (double) clipped / x.length;
    byte[] wav = TestAudio.pcm16Wav(x, 16_000, 1);
    http(vertx).analyse("/v1/analyze", Form.RAW, wav, Map.of()).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject snr = r.bodyAsJsonObject().getJsonObject("snr");
      assertThat(expected).isGreaterThan(0.01);
      assertThat(snr.getDouble("clipping_ratio")).isBetween(expected - 0.001, expected + 0.001);
      tc.completeNow();
    })));
  }

  @Test
  void silenceHasNullTrustFieldsAndZeroClipping(Vertx vertx, VertxTestContext tc) {
    byte[] wav = TestAudio.pcm16Wav(new float[3 * 16_000], 16_000, 1);
    http(vertx).analyse("/v1/snr-detect", Form.RAW, wav, Map.of()).onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.fieldNames()).contains("snr_confidence", "snr_interval_db", "active_speech_level_dbfs",
          "clipping_ratio");
      assertThat(body.getValue("snr_db")).isNull();
      assertThat(body.getValue("snr_confidence")).isNull();
      assertThat(body.getValue("snr_interval_db")).isNull();
      assertThat(body.getValue("active_speech_level_dbfs")).isNull();
      assertThat(body.getDouble("clipping_ratio")).isEqualTo(0.0);
      tc.completeNow();
    })));
  }
}
