package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An engine without speaker counting: /v1/speaker-count says 501, /v1/analyze reports speakers as null. */
@ExtendWith(VertxExtension.class)
class SpeakersNotYetAvailableTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), new TestAnalyzer(false));
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  @Test
  void speakerCountIs501Problem(Vertx vertx, VertxTestContext tc) {
    HttpErrorsTest.expectProblem(tc, new Http(vertx, service.config().http().port())
        .analyse("/v1/speaker-count", Form.RAW, TestAudio.speechWav(1), Map.of()), 501, "speaker counting");
  }

  @Test
  void analyzeReportsSpeakersAsNull(Vertx vertx, VertxTestContext tc) {
    new Http(vertx, service.config().http().port()).analyse("/v1/analyze", Form.RAW, TestAudio.speechWav(1), Map.of())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonObject().containsKey("speakers")).isTrue();
          assertThat(r.bodyAsJsonObject().getValue("speakers")).isNull();
          tc.completeNow();
        })));
  }
}
