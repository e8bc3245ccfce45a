package io.audioinsight.e2e;

import static io.audioinsight.support.Poll.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.RawHttp;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * http.max_buffered_bytes: request bodies are reserved in one service-wide memory budget before they are read,
 * so uploads that hold their last byte back cannot exhaust the heap: one that does not fit gets 503 with
 * Retry-After at once, unread, and the budget is whole again when the held ones end.
 */
@ExtendWith(VertxExtension.class)
class MemoryBudgetTest {

  private static final int BODY_LIMIT = 64 * 1024;
  private Service service;

  private void start(Vertx vertx) throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of(
        "http.max_body_bytes", Integer.toString(BODY_LIMIT),
        "http.max_buffered_bytes", Integer.toString(2 * BODY_LIMIT),
        "inference.default_timeout_ms", "60000")), Engines.dsp());
  }

  @AfterEach
  void stop() throws Exception {
    TestServices.stop(service);
  }

  private static String head(int contentLength) {
    return "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nContent-Length: " + contentLength
        + "\r\n\r\n";
  }

  @Test
  void anUploadThatDoesNotFitTheBudgetGets503AtOnceAndTheBudgetRefillsWhenTheHeldOnesEnd(Vertx vertx,
                                                                                          VertxTestContext tc)
      throws Exception {
    start(vertx);
    RawHttp raw = new RawHttp(vertx, service.config().http().port());
    int size = BODY_LIMIT - 1024;
    // Two uploads that reserve the whole budget and hold their bodies back.
    raw.open().compose(first -> raw.open().map(second -> new NetSocket[] {first, second}))
        .compose(held -> held[0].write(head(size)).compose(v -> held[1].write(head(size))).map(held))
        .compose(held -> until(vertx, () -> bufferedBytes() == 2L * size)
            .compose(v -> raw.send(head(size) + "x".repeat(100)))
            .compose(refused -> {
              tc.verify(() -> {
                assertThat(refused.status()).as(refused.text()).isEqualTo(503);
                assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(new JsonObject(refused.body()).getString("detail")).contains("request bodies in memory");
              });
              held[0].close();
              held[1].close();
              return until(vertx, () -> bufferedBytes() == 0);
            }))
        .compose(v -> new Http(vertx, service.config().http().port()).get("/metrics"))
        .onComplete(tc.succeeding(metrics -> tc.verify(() -> {
          assertThat(Metrics.sum(metrics.bodyAsString(), "audio_requests_rejected_total", "reason=\"memory\""))
              .isEqualTo(1.0);
          tc.completeNow();
        })));
  }

  @Test
  void aChunkedUploadIsCountedChunkByChunkAndRefusedOnceItNoLongerFits(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx);
    RawHttp raw = new RawHttp(vertx, service.config().http().port());
    int size = BODY_LIMIT - 8192;
    // Two bodies that leave 16 KiB of the budget, then a chunked one that grows past what is left (but not
    // past the body limit).
    raw.open().compose(first -> raw.open().map(second -> new NetSocket[] {first, second}))
        .compose(held -> held[0].write(head(size)).compose(v -> held[1].write(head(size))).map(held))
        .compose(held -> until(vertx, () -> bufferedBytes() == 2L * size).map(held))
        .compose(held -> {
          StringBuilder chunked = new StringBuilder("POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n");
          for (int i = 0; i < 4; i++) {
            chunked.append(Integer.toHexString(8192)).append("\r\n").append("y".repeat(8192)).append("\r\n");
          }
          return raw.send(chunked.toString()).onComplete(done -> {
            held[0].close();
            held[1].close();
          });
        })
        .onComplete(tc.succeeding(refused -> tc.verify(() -> {
          assertThat(refused.status()).as(refused.text()).isEqualTo(503);
          assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
          tc.completeNow();
        })));
  }

  @Test
  void aBodyThatFitsIsAnalysedAndGivesItsBytesBack(Vertx vertx, VertxTestContext tc) throws Exception {
    start(vertx);
    byte[] wav = TestAudio.speechWav(1);
    RawHttp raw = new RawHttp(vertx, service.config().http().port());
    raw.send(Buffer.buffer(head(wav.length), StandardCharsets.ISO_8859_1.name()).appendBytes(wav).getBytes())
        .compose(answer -> until(vertx, () -> bufferedBytes() == 0).map(answer))
        .onComplete(tc.succeeding(answer -> tc.verify(() -> {
          assertThat(answer.status()).as(answer.text()).isEqualTo(200);
          tc.completeNow();
        })));
  }

  private long bufferedBytes() {
    return (long) service.registry().get("audio.http.buffered").gauge().value();
  }
}
