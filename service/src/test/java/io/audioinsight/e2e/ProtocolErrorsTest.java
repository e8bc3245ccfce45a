package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.CapturedLogs;
import io.audioinsight.support.RawHttp;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that no well-behaved client sends, straight onto the socket: each gets the right 4xx as
 * application/problem+json (never a 500, never an empty or plain-text body), and none is logged as a stack trace.
 */
@ExtendWith(VertxExtension.class)
class ProtocolErrorsTest {

  private static final String WAV_POST = "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\n";
  private static Service service;
  private static CapturedLogs logs;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
    logs = CapturedLogs.start();
  }

  @AfterAll
  static void stop() throws Exception {
    logs.close();
    TestServices.stop(service);
  }

  static Stream<Arguments> malformedRequests() {
    return Stream.of(
        Arguments.of("a bad percent-escape in the path", "GET /health/%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        Arguments.of("no Host header on HTTP/1.1", "GET /health/live HTTP/1.1\r\n\r\n", 400),
        Arguments.of("an HTTP/0.9 request line", "GET /\r\n\r\n", 400),
        Arguments.of("a request line over 4 KiB", "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        Arguments.of("headers over 8 KiB", "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000)
            + "\r\n\r\n", 431),
        Arguments.of("a transfer coding other than chunked", WAV_POST + "Transfer-Encoding: gzip\r\n\r\n", 501),
        Arguments.of("Content-Length and Transfer-Encoding together", WAV_POST
            + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello", 400),
        Arguments.of("a negative chunk size", WAV_POST + "Transfer-Encoding: chunked\r\n\r\n-1\r\n", 400),
        Arguments.of("an overlong chunk-size line", WAV_POST + "Transfer-Encoding: chunked\r\n\r\n"
            + "1".repeat(10_000) + "\r\n", 400),
        Arguments.of("a 100 KB chunk extension", WAV_POST + "Transfer-Encoding: chunked\r\n\r\n5;"
            + "e".repeat(100_000) + "\r\nhello\r\n0\r\n\r\n", 400),
        Arguments.of("a 100 KB trailer", WAV_POST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: "
            + "t".repeat(100_000) + "\r\n\r\n", 400),
        Arguments.of("a multipart type with an empty boundary", "POST /v1/analyze HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: multipart/form-data; boundary=\r\nContent-Length: 5\r\n\r\nhello", 400),
        Arguments.of("a multipart type with an unknown charset", "POST /v1/analyze HTTP/1.1\r\nHost: x\r\n"
            + "Content-Type: multipart/form-data; boundary=abc; charset=no-such-charset\r\nContent-Length: 5\r\n\r\n"
            + "hello", 400));
  }

  @ParameterizedTest(name = "{0} is {2}")
  @MethodSource("malformedRequests")
  void aMalformedRequestGetsItsStatusAsAProblemAndNoStackTraceInTheLog(String what, String request, int status,
                                                                        Vertx vertx, VertxTestContext tc) {
    RawHttp raw = new RawHttp(vertx, service.config().http().port());
    raw.send(request).onComplete(tc.succeeding(answer -> tc.verify(() -> {
      assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(status);
      assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
      JsonObject problem = new JsonObject(answer.body());
      assertThat(problem.getInteger("status")).isEqualTo(status);
      assertThat(problem.getString("detail")).isNotBlank();
      assertThat(logs.all()).as("no record carries a stack trace").allMatch(r -> r.getThrown() == null);
      tc.completeNow();
    })));
  }

  @Test
  void aFloodOfMalformedRequestsLogsAtMostAFewShortLines(Vertx vertx, VertxTestContext tc) {
    RawHttp raw = new RawHttp(vertx, service.config().http().port());
    int before = logs.count();
    List<Future<RawHttp.Exchange>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(raw.send("GET /health/%zz" + i + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    }
    Future.all(answers).onComplete(tc.succeeding(all -> tc.verify(() -> {
      assertThat(answers).allMatch(a -> a.result().status() == 400);
      {
        List<LogRecord> flood = logs.since(before);
        List<LogRecord> errorLines = flood.stream().filter(r -> !"io.audioinsight.access".equals(r.getLoggerName()))
            .toList();
        // one error line per second at most (a slow machine may straddle a few seconds), each short, none a
        // trace; the access log has its own bound of 50 lines a second
        assertThat(errorLines.size()).isLessThan(20);
        assertThat(flood.size() - errorLines.size()).isLessThanOrEqualTo(200);
        assertThat(flood).allMatch(r -> r.getThrown() == null && r.getMessage().length() < 300);
      }
      tc.completeNow();
    })));
  }

  @Test
  void headWorksWhereGetDoes(Vertx vertx, VertxTestContext tc) {
    RawHttp raw = new RawHttp(vertx, service.config().http().port());
    Future.all(
            raw.send("HEAD /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            raw.send("HEAD /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            raw.send("HEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .onComplete(tc.succeeding(all -> tc.verify(() -> {
          for (int i = 0; i < 3; i++) {
            RawHttp.Exchange answer = all.resultAt(i);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(answer.body()).isEmpty();
          }
          tc.completeNow();
        })));
  }
}
