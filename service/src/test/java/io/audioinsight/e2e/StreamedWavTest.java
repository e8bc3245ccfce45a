package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WAV written to a pipe (arecord, {@code sox -t wav -}, {@code ffmpeg -f wav pipe:}) cannot seek back to fill in
 * its sizes. Whatever its data size says, it is analysed up to the end of the body it came in.
 */
@ExtendWith(VertxExtension.class)
class StreamedWavTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of("inference.max_audio_seconds", "5")), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  static Stream<Arguments> sizesAndForms() {
    return Stream.of(0L, 0xFFFF_FFFFL, 0x7FFF_F000L, 0x7FFF_FFFFL)
        .flatMap(size -> Stream.of(Form.values()).map(form -> Arguments.of(Long.toHexString(size), size, form)));
  }

  @ParameterizedTest(name = "data size 0x{0}, {2}")
  @MethodSource("sizesAndForms")
  void aStreamedWavIs200WithTheDurationOfItsBytes(String hex, long dataSize, Form form, Vertx vertx,
                                                  VertxTestContext tc) {
    byte[] wav = TestAudio.streamedWav(2, dataSize);
    new Http(vertx, service.config().http().port()).analyse("/v1/analyze", form, wav, Map.of())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          JsonObject body = r.bodyAsJsonObject();
          assertThat(body.getDouble("duration_s")).isCloseTo(2.0, within(1e-9));
          assertThat(body.getJsonObject("snr").getDouble("speech_ratio")).isGreaterThan(0.2);
          tc.completeNow();
        })));
  }

  @ParameterizedTest(name = "data size 0x{0}, {2}")
  @MethodSource("sizesAndForms")
  void aStreamedWavLongerThanTheLimitIs413ByItsBytes(String hex, long dataSize, Form form, Vertx vertx,
                                                    VertxTestContext tc) {
    byte[] wav = TestAudio.streamedWav(6, dataSize);
    HttpErrorsTest.expectProblem(tc, new Http(vertx, service.config().http().port())
        .analyse("/v1/analyze", form, wav, Map.of()), 413, "the audio is 6.0 s long; the limit is 5.0 s");
  }
}
