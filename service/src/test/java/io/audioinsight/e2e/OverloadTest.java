package io.audioinsight.e2e;

import static io.audioinsight.support.Poll.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.inference.AdmissionControl;
import io.audioinsight.support.HoldingEngine;
import io.audioinsight.support.Http;
import io.audioinsight.support.Metrics;
import io.audioinsight.support.RawHttp;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Overload behaviour end to end, on one pool thread held by a latched test engine: queue limits (jobs and audio
 * seconds) give 503 + Retry-After, deadlines give 504 whether the job waits or runs, a client that leaves
 * withdraws its job, the event bus gets the same codes, and the service recovers after a burst.
 */
@ExtendWith(VertxExtension.class)
class OverloadTest {

  private final HoldingEngine engine = new HoldingEngine();
  private Service service;
  private Http http;
  private WebClient client;
  private AdmissionControl admission;

  /**
   * The raw clients' NetClient, held for the whole test: Vert.x 5 closes a client (and its connections) once the
   * client object is garbage collected, so a client made inline and dropped could lose its connection mid-test
   * ("the server closed the connection without answering", the server logging "client-gone") under GC pressure.
   */
  private NetClient net;

  private NetClient net(Vertx vertx) {
    if (net == null) {
      net = vertx.createNetClient();
    }
    return net;
  }

  private void start(Vertx vertx, String... overrides) throws Exception {
    Map<String, String> config = new HashMap<>(Map.of("inference.pool_size", "1", "inference.max_queue", "2"));
    for (int i = 0; i < overrides.length; i += 2) {
      config.put(overrides[i], overrides[i + 1]);
    }
    service = TestServices.startWarm(TestServices.config(config), engine);
    http = new Http(vertx, service.config().http().port());
    // Enough connections that every request of a burst reaches the server at once.
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(service.config().http().port()), new PoolOptions().setHttp1MaxSize(32));
    admission = service.inference().admission();
  }

  @AfterEach
  void stop() throws Exception {
    io.audioinsight.support.HeldClients.release();
    if (net != null) {
      net.close();
      net = null;
    }
    engine.release();
    TestServices.stop(service);
  }

  @Test
  void aClipWhoseAudioWouldOverfillTheQueueGets503WhileAShorterOneStillFits(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx, "inference.max_queue", "10", "inference.max_audio_seconds", "5",
        "inference.max_queued_audio_seconds", "5");
    engine.hold();
    int before = engine.calls();
    Future<HttpResponse<Buffer>> running = analyse(1);
    until(vertx, () -> engine.running() == 1)
        .compose(v -> {
          Future<HttpResponse<Buffer>> waiting = analyse(4);
          return until(vertx, () -> admission.waitingJobs() == 1).map(waiting);
        })
        .compose(waiting -> analyse(2).compose(refused -> {
          // The refusal came while the pool was still held: it did not wait for a thread.
          boolean refusedWhileHeld = !running.isComplete();
          Future<HttpResponse<Buffer>> fits = analyse(1);
          return until(vertx, () -> admission.waitingJobs() == 2).compose(x -> {
            double queuedAudio = admission.waitingAudioSeconds();
            engine.release();
            return Future.all(running, waiting, fits).compose(y -> metrics()).map(m -> {
              tc.verify(() -> {
                assertThat(refusedWhileHeld).isTrue();
                assertThat(queuedAudio).as("4 s + 1 s wait").isEqualTo(5.0);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
                assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
                assertThat(refused.bodyAsJsonObject().getString("detail")).contains("s of audio waiting");
                assertThat(fits.result().statusCode()).isEqualTo(200);
                assertThat(running.result().statusCode()).isEqualTo(200);
                assertThat(waiting.result().statusCode()).isEqualTo(200);
                assertThat(engine.calls() - before).as("the refused clip never reached the engine").isEqualTo(3);
                assertThat(Metrics.sum(m, "audio_requests_rejected_total", "reason=\"queue_full\"")).isEqualTo(1.0);
              });
              return m;
            });
          });
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aDeadlineThatPassesInTheQueueGets504AtOnceAndTheJobNeverRuns(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx);
    engine.hold();
    int before = engine.calls();
    Future<HttpResponse<Buffer>> running = analyse(1);
    until(vertx, () -> engine.running() == 1)
        .compose(v -> analyse(1, "timeout_ms", "150"))
        .compose(late -> {
          boolean answeredWhileHeld = !running.isComplete();
          int waitingAfter = admission.waitingJobs();
          engine.release();
          return running.compose(r -> metrics()).map(m -> {
            tc.verify(() -> {
              assertThat(late.statusCode()).isEqualTo(504);
              assertThat(late.getHeader("Content-Type")).isEqualTo("application/problem+json");
              assertThat(late.bodyAsJsonObject().getString("detail")).contains("150 ms");
              assertThat(answeredWhileHeld).as("504 came while the only thread was still busy").isTrue();
              assertThat(waitingAfter).as("the expired job left the queue at once").isZero();
              assertThat(running.result().statusCode()).isEqualTo(200);
              assertThat(engine.calls() - before).as("the engine never saw the expired job").isEqualTo(1);
              assertThat(Metrics.sum(m, "audio_requests_cancelled_total", "reason=\"deadline\"")).isEqualTo(1.0);
              assertThat(Metrics.sum(m, "audio_queue_depth")).isZero();
            });
            return m;
          });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aDeadlineThatPassesWhileRunningStopsTheEngineAndGets504(Vertx vertx, VertxTestContext tc) throws Exception {
    start(vertx);
    engine.hold();
    analyse(1, "timeout_ms", "200")
        .compose(r -> until(vertx, () -> engine.running() == 0).map(r))
        .compose(r -> metrics().map(m -> {
          tc.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(504);
            assertThat(r.bodyAsJsonObject().getString("type")).endsWith("deadline-exceeded");
            assertThat(engine.cancellationsObserved()).isEqualTo(1);
            assertThat(Metrics.sum(m, "audio_requests_cancelled_total", "reason=\"deadline\"")).isEqualTo(1.0);
            assertThat(Metrics.sum(m, "audio_wasted_inference_seconds_total")).isGreaterThan(0.0);
          });
          return m;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void theDeadlineCountsFromArrivalSoAnUploadSlowerThanItGets504AndNeverRuns(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx);
    int before = engine.calls();
    byte[] wav = TestAudio.speechWav(1);
    // The body's second half comes 300 ms after the first, well after the request's 100 ms deadline.
    slowPost(vertx, "/v1/analyze?timeout_ms=100", "audio/wav", wav.length, Arrays.copyOf(wav, wav.length / 2),
        Arrays.copyOfRange(wav, wav.length / 2, wav.length))
        .compose(exchange -> metrics().map(m -> {
          tc.verify(() -> {
            assertThat(exchange.answer()).startsWith("HTTP/1.1 504");
            assertThat(engine.calls()).as("the late request never reached the engine").isEqualTo(before);
            assertThat(Metrics.sum(m, "audio_requests_cancelled_total", "reason=\"deadline\"")).isEqualTo(1.0);
          });
          return m;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aStalledUploadGets504AtItsDeadlineAndThenItsConnectionIsClosed(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx);
    int before = engine.calls();
    byte[] wav = TestAudio.speechWav(1);
    // Half the body, then nothing: the client neither finishes nor leaves.
    slowPost(vertx, "/v1/analyze?timeout_ms=200", "audio/wav", wav.length, Arrays.copyOf(wav, wav.length / 2), null)
        .compose(exchange -> exchange.closed().compose(v -> metrics()).map(m -> {
          tc.verify(() -> {
            assertThat(exchange.answer()).startsWith("HTTP/1.1 504");
            assertThat(exchange.answeredAfterMs()).as("answered at the deadline, not before").isGreaterThanOrEqualTo(200);
            assertThat(exchange.answer().toLowerCase(Locale.ROOT)).as("the client must not reuse the connection")
                .contains("connection: close");
            assertThat(exchange.answer()).contains("application/problem+json")
                .contains("the request body was still arriving at its deadline of 200 ms");
            assertThat(engine.calls()).as("the stalled request never reached the engine").isEqualTo(before);
            assertThat(Metrics.sum(m, "audio_requests_cancelled_total", "reason=\"deadline\"")).isEqualTo(1.0);
          });
          return m;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aStalledUploadRefusedForAFullQueueGets503AtItsDeadlineAndThenItsConnectionIsClosed(Vertx vertx,
      VertxTestContext tc) throws Exception {
    start(vertx);
    engine.hold();
    byte[] wav = TestAudio.speechWav(1);
    Future<HttpResponse<Buffer>> running = analyse(1);
    queueFullBehindTheRunningJob(vertx)
        // The queue is full, so this upload is refused; it stalls halfway instead of finishing.
        .compose(waiting -> slowPost(vertx, "/v1/analyze?timeout_ms=200", "audio/wav", wav.length,
            Arrays.copyOf(wav, wav.length / 2), null).compose(exchange -> exchange.closed().map(v -> {
              boolean answeredWhileHeld = !running.isComplete();
              engine.release();
              tc.verify(() -> {
                assertThat(answeredWhileHeld).isTrue();
                assertThat(exchange.answer()).startsWith("HTTP/1.1 503");
                assertThat(exchange.answeredAfterMs()).as("answered at the deadline").isGreaterThanOrEqualTo(200);
                assertThat(exchange.answer().toLowerCase(Locale.ROOT)).contains("retry-after:")
                    .contains("connection: close");
                assertThat(exchange.answer()).contains("overloaded").contains("the analysis queue is full");
              });
              return waiting;
            })))
        .compose(waiting -> Future.all(running, waiting))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aClientThatSendsItsWholeBodyBeforeReadingGetsThe503AndAnOrderlyCloseNotAReset(Vertx vertx,
      VertxTestContext tc) throws Exception {
    start(vertx);
    engine.hold();
    // 8 MB: more than the socket buffers hold, so the client's write waits until the server reads the body.
    byte[] body = Arrays.copyOf(TestAudio.speechWav(2), 8 << 20);
    Future<HttpResponse<Buffer>> running = analyse(1);
    queueFullBehindTheRunningJob(vertx)
        .compose(waiting -> rawClientReadingAfterItsWholeRequest(vertx, body).map(seen -> {
          engine.release();
          tc.verify(() -> {
            assertThat(seen.error()).as("no reset or other socket error").isNull();
            assertThat(seen.text()).startsWith("HTTP/1.1 503").contains("the analysis queue is full");
          });
          return waiting;
        }))
        .compose(waiting -> Future.all(running, waiting))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aRefusedUploadOnAKeepAliveConnectionGets503AndTheSameConnectionServesTheNextRequest(Vertx vertx,
      VertxTestContext tc) throws Exception {
    start(vertx);
    engine.hold();
    // 2 MB: many reads, which the server drops unread once it has refused the request at its head.
    byte[] body = Arrays.copyOf(TestAudio.speechWav(2), 2 << 20);
    String refused = "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nContent-Length: "
        + body.length + "\r\n\r\n";
    String next = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";
    Future<HttpResponse<Buffer>> running = analyse(1);
    queueFullBehindTheRunningJob(vertx)
        .compose(waiting -> net(vertx).connect(service.config().http().port(), "localhost").compose(socket -> {
          io.vertx.core.Promise<String> answers = io.vertx.core.Promise.promise();
          StringBuilder seen = new StringBuilder();
          socket.handler(chunk -> {
            seen.append(chunk.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            // The second answer's head: the connection outlived the refusal.
            if (seen.indexOf("HTTP/1.1 200") >= 0) {
              answers.tryComplete(seen.toString());
            }
          });
          socket.closeHandler(v -> answers.tryFail("the server closed the connection after: " + seen));
          socket.write(Buffer.buffer(refused).appendBytes(body).appendString(next));
          return answers.future().compose(text -> metrics().map(m -> {
            boolean answeredWhileHeld = !running.isComplete();
            engine.release();
            tc.verify(() -> {
              assertThat(answeredWhileHeld).isTrue();
              assertThat(Metrics.sum(m, "audio_http_refused_body_bytes_total"))
                  .as("released unread in Netty, apart from what Vert.x read with the head")
                  .isGreaterThan(body.length - 128 * 1024);
              assertThat(text).startsWith("HTTP/1.1 503").contains("the analysis queue is full");
              assertThat(text.toLowerCase(Locale.ROOT)).contains("retry-after:").doesNotContain("connection: close");
              assertThat(text.indexOf("HTTP/1.1 200")).as("the health answer comes after the 503")
                  .isGreaterThan(text.indexOf("HTTP/1.1 503"));
            });
            socket.close();
            return waiting;
          }));
        }))
        .compose(waiting -> Future.all(running, waiting))
        .onComplete(tc.succeedingThenComplete());
  }

  private record Seen(String text, Throwable error) {}

  /**
   * A blocking client, as many HTTP libraries are: it writes its whole request (head and body) and only then reads.
   * Completes with what it read up to the server's close, and the socket error it saw, if any.
   */
  private Future<Seen> rawClientReadingAfterItsWholeRequest(Vertx vertx, byte[] body) {
    String head = "POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\nContent-Length: "
        + body.length + "\r\n\r\n";
    return vertx.executeBlocking(() -> {
      try (java.net.Socket socket = new java.net.Socket("localhost", service.config().http().port())) {
        socket.setSoTimeout(30_000);
        try {
          java.io.OutputStream out = socket.getOutputStream();
          out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          byte[] answer = socket.getInputStream().readAllBytes(); // up to the server's close
          return new Seen(new String(answer, java.nio.charset.StandardCharsets.ISO_8859_1), null);
        } catch (java.io.IOException e) {
          return new Seen("", e);
        }
      }
    }, false);
  }

  @Test
  void aClientThatExpects100ContinueGets503AtOnceWhenTheQueueIsFullAndNeverSendsItsBody(Vertx vertx,
      VertxTestContext tc) throws Exception {
    start(vertx);
    engine.hold();
    Future<HttpResponse<Buffer>> running = analyse(1);
    queueFullBehindTheRunningJob(vertx)
        // Headers only: a client that expects 100-continue sends its body only when invited.
        .compose(waiting -> new RawHttp(vertx, service.config().http().port())
            .send("POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\nContent-Length: 32044\r\n"
                + "Expect: 100-continue\r\n\r\n")
            .map(answer -> {
              boolean answeredWhileHeld = !running.isComplete();
              engine.release();
              tc.verify(() -> {
                assertThat(answeredWhileHeld).isTrue();
                assertThat(answer.status()).as(answer.text()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).isNotNull();
                assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
              });
              return waiting;
            }))
        .compose(waiting -> Future.all(running, waiting))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aClientThatStallsAfterARefusalIsDisconnectedOnceIdleForTheLongestDeadlinePlusSlack(Vertx vertx,
      VertxTestContext tc) throws Exception {
    // 415 comes before the body is read; the client then neither sends the rest nor leaves.
    start(vertx, "inference.max_timeout_ms", "300", "inference.default_timeout_ms", "300");
    long sent = System.nanoTime();
    slowPost(vertx, "/v1/analyze", "text/plain", 10_000, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        null)
        .compose(exchange -> exchange.closed().map(exchange))
        .onComplete(tc.succeeding(exchange -> tc.verify(() -> {
          assertThat(exchange.answer()).startsWith("HTTP/1.1 415");
          assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent))
              .as("not before the longest deadline (300 ms) + 5 s of silence")
              .isGreaterThanOrEqualTo(5_300);
          tc.completeNow();
        })));
  }

  @Test
  void onHttp2AStalledUploadEndsOnlyItsOwnStreamAndTheConnectionGoesOnServing(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx, "http.h2c", "true");
    byte[] wav = TestAudio.speechWav(1);
    HttpClient h2 = io.audioinsight.support.HeldClients.hold(vertx.createHttpClient(new HttpClientOptions()
        .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(1)));
    int port = service.config().http().port();
    Promise<Void> reset = Promise.promise();
    h2.request(HttpMethod.POST, port, "localhost", "/v1/analyze?timeout_ms=200")
        .compose(stalled -> {
          stalled.putHeader("Content-Type", "audio/wav").putHeader("Content-Length", Integer.toString(wav.length));
          stalled.exceptionHandler(t -> reset.tryComplete());
          stalled.write(Buffer.buffer(Arrays.copyOf(wav, wav.length / 2)));
          HttpConnection connection = stalled.connection();
          return stalled.response().compose(answer -> answer.body().map(body -> {
            tc.verify(() -> {
              assertThat(answer.statusCode()).isEqualTo(504);
              assertThat(body.toString()).contains("the request body was still arriving");
            });
            return connection;
          }));
        })
        // after the stalled stream is reset (2 s of grace), the same connection still answers
        .compose(connection -> reset.future()
            .compose(v -> h2.request(HttpMethod.GET, port, "localhost", "/health/live"))
            .compose(live -> live.send().map(response -> {
              tc.verify(() -> {
                assertThat(live.connection()).as("the same connection").isSameAs(connection);
                assertThat(response.statusCode()).isEqualTo(200);
              });
              return response;
            })))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aStalledJsonBodyIsCutOffAtTheLongestDeadlineAllowed(Vertx vertx, VertxTestContext tc) throws Exception {
    // A JSON body may carry its own timeout_ms, so only the configured maximum bounds its upload.
    start(vertx, "inference.max_timeout_ms", "300", "inference.default_timeout_ms", "300");
    byte[] part = "{\"audio_base64\": \"UklGR".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    slowPost(vertx, "/v1/analyze", "application/json", 10_000, part, null)
        .compose(exchange -> exchange.closed().map(exchange))
        .onComplete(tc.succeeding(exchange -> tc.verify(() -> {
          assertThat(exchange.answer()).startsWith("HTTP/1.1 504");
          assertThat(exchange.answeredAfterMs()).as("answered at the longest deadline").isGreaterThanOrEqualTo(300);
          assertThat(exchange.answer()).contains("deadline-exceeded")
              .contains("the request body was still arriving at its deadline of 300 ms");
          tc.completeNow();
        })));
  }

  @Test
  void aTimeoutAboveTheConfiguredMaximumIsCappedByIt(Vertx vertx, VertxTestContext tc) throws Exception {
    start(vertx, "inference.max_timeout_ms", "200", "inference.default_timeout_ms", "200");
    engine.hold();
    analyse(1, "timeout_ms", "60000").onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("200 ms");
      tc.completeNow();
    })));
  }

  @Test
  void aClientThatLeavesWhileItsJobWaitsHasTheJobDroppedUnrun(Vertx vertx, VertxTestContext tc) throws Exception {
    start(vertx);
    engine.hold();
    int before = engine.calls();
    Future<HttpResponse<Buffer>> running = analyse(1);
    until(vertx, () -> engine.running() == 1)
        .compose(v -> rawPost(vertx, TestAudio.speechWav(1)))
        .compose(socket -> until(vertx, () -> admission.waitingJobs() == 1).compose(v -> socket.close()))
        .compose(v -> until(vertx, () -> admission.waitingJobs() == 0))
        .compose(v -> metrics())
        .compose(whileHeld -> {
          engine.release();
          return running.compose(r -> metrics()).map(after -> {
            tc.verify(() -> {
              assertThat(Metrics.sum(whileHeld, "audio_requests_cancelled_total", "reason=\"client_gone\""))
                  .as("dropped while the pool was still busy").isEqualTo(1.0);
              assertThat(running.result().statusCode()).isEqualTo(200);
              assertThat(engine.calls() - before).as("the abandoned job never ran").isEqualTo(1);
              assertThat(Metrics.sum(after, "audio_wasted_inference_seconds_total")).isZero();
              assertThat(Metrics.sum(after, "audio_queue_depth")).isZero();
            });
            return after;
          });
        })
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void aClientThatLeavesWhileItsJobRunsHasTheEngineStoppedAndNothingIsLogged(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx);
    List<LogRecord> logged = captureLogs();
    engine.hold();
    rawPost(vertx, TestAudio.speechWav(1))
        .compose(socket -> until(vertx, () -> engine.running() == 1).compose(v -> socket.close()))
        // two waits, so a timeout names the step that never came
        .compose(v -> until(vertx, () -> engine.cancellationsObserved() == 1))
        .compose(v -> until(vertx, () -> admission.runningJobs() == 0))
        .compose(v -> metrics())
        .onComplete(tc.succeeding(m -> tc.verify(() -> {
          assertThat(Metrics.sum(m, "audio_requests_cancelled_total", "reason=\"client_gone\"")).isEqualTo(1.0);
          assertThat(Metrics.sum(m, "audio_wasted_inference_seconds_total")).isGreaterThan(0.0);
          assertThat(logged).as("a client leaving is not an error").noneMatch(r -> r.getThrown() != null
              && !r.getLoggerName().contains("BlockedThreadMonitor"));
          tc.completeNow();
        })));
  }

  @Test
  void afterABurstTheQueueIsEmptyTheCountsAddUpAndNewRequestsAreServed(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx);
    engine.hold();
    int before = engine.calls();
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    burst.add(analyse(1));
    until(vertx, () -> engine.running() == 1)
        .compose(v -> {
          for (int i = 0; i < 6; i++) {
            burst.add(analyse(1));
          }
          // Everything beyond the two places in the queue is refused without waiting for the pool.
          return until(vertx, () -> burst.stream().filter(Future::isComplete).count() == 4);
        })
        .compose(v -> {
          engine.release();
          return Future.all(new ArrayList<>(burst));
        })
        .compose(v -> until(vertx, () -> admission.runningJobs() == 0))
        .compose(v -> analyse(1))
        .compose(fresh -> metricsOncePoolIdle(vertx, 2_000).map(m -> {
          tc.verify(() -> {
            long ok = burst.stream().filter(f -> f.result().statusCode() == 200).count();
            long refused = burst.stream().filter(f -> f.result().statusCode() == 503).count();
            assertThat(ok).isEqualTo(3);
            assertThat(refused).isEqualTo(4);
            assertThat(fresh.statusCode()).isEqualTo(200);
            assertThat(engine.calls() - before).isEqualTo(4);
            assertThat(Metrics.sum(m, "audio_requests_rejected_total", "reason=\"queue_full\"")).isEqualTo(4.0);
            assertThat(Metrics.sum(m, "audio_queue_wait_seconds_count")).as("jobs that started").isEqualTo(4.0);
            assertThat(Metrics.sum(m, "audio_queue_depth", "unit=\"jobs\"")).isZero();
            assertThat(Metrics.sum(m, "audio_queue_depth", "unit=\"audio_seconds\"")).isZero();
            assertThat(Metrics.sum(m, "vertx_pool_queue_pending", "audio-inference")).isZero();
            assertThat(Metrics.sum(m, "vertx_pool_in_use", "audio-inference")).isZero();
            assertThat(admission.waitingJobs() + admission.runningJobs()).isZero();
          });
          return m;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void withAdmissionControlOffNothingIsRefusedAndTheQueueGrowsPastItsLimit(Vertx vertx, VertxTestContext tc)
      throws Exception {
    start(vertx, "inference.admission_control", "false");
    engine.hold();
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    burst.add(analyse(1));
    until(vertx, () -> engine.running() == 1)
        .compose(v -> {
          for (int i = 0; i < 5; i++) {
            burst.add(analyse(1));
          }
          return until(vertx, () -> admission.waitingJobs() == 5);
        })
        .compose(v -> {
          engine.release();
          return Future.all(new ArrayList<>(burst));
        })
        .onComplete(tc.succeeding(v -> tc.verify(() -> {
          assertThat(burst).allMatch(f -> f.result().statusCode() == 200);
          tc.completeNow();
        })));
  }

  @Test
  void theEventBusGetsReplyException503WhenTheQueueIsFullAnd504AfterItsTimeoutHeader(Vertx vertx,
      VertxTestContext tc) throws Exception {
    start(vertx, "inference.max_queue", "1");
    engine.hold();
    Buffer wav = Buffer.buffer(TestAudio.speechWav(1));
    Future<HttpResponse<Buffer>> running = analyse(1);
    until(vertx, () -> engine.running() == 1)
        .compose(v -> busFailure(wav, new DeliveryOptions().addHeader("timeout_ms", "100")))
        .compose(deadline -> {
          Future<HttpResponse<Buffer>> waiting = analyse(1);
          return until(vertx, () -> admission.waitingJobs() == 1)
              .compose(x -> busFailure(wav, new DeliveryOptions()))
              .map(full -> {
                engine.release();
                tc.verify(() -> {
                  assertThat(deadline).isInstanceOfSatisfying(ReplyException.class,
                      e -> assertThat(e.failureCode()).isEqualTo(504));
                  assertThat(full).isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureCode()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("queue is full");
                  });
                });
                return waiting;
              });
        })
        .compose(waiting -> Future.all(running, waiting))
        .onComplete(tc.succeedingThenComplete());
  }

  // ---------------------------------------------------------------------------------------------------------

  private Future<HttpResponse<Buffer>> analyse(double seconds, String... params) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    HttpRequest<Buffer> request = client.post("/v1/analyze").putHeader("Content-Type", "audio/wav");
    p.forEach(request::addQueryParam);
    return request.sendBuffer(Buffer.buffer(TestAudio.speechWav(seconds)));
  }

  private Future<String> metrics() {
    return http.get("/metrics").map(HttpResponse::bodyAsString);
  }

  /**
   * /metrics once the inference pool's in-use gauge reads 0: a pool thread records a task's end only after it
   * has completed the task's future, so an answer can reach the client (and the scrape can run) a moment before
   * the gauge drops, all the more with the pool threads at a lower priority than the loops. Gives up after
   * {@code tries} scrapes 5 ms apart and returns the last one.
   */
  private Future<String> metricsOncePoolIdle(Vertx vertx, int tries) {
    return metrics().compose(m -> tries <= 1 || Metrics.sum(m, "vertx_pool_in_use", "audio-inference") == 0
        ? Future.succeededFuture(m)
        : vertx.timer(5).compose(t -> metricsOncePoolIdle(vertx, tries - 1)));
  }

  /** The failure of an event-bus request to audio.analyze (a success fails the test). */
  private Future<Object> busFailure(Buffer wav, DeliveryOptions options) {
    return service.vertx().eventBus().request("audio.analyze", wav, options)
        .transform(ar -> ar.failed() ? Future.succeededFuture(ar.cause())
            : Future.failedFuture(new AssertionError("expected a failure, got a reply")));
  }

  /** Sends a complete raw-WAV POST on a plain TCP connection and returns the socket, so the test can hang up. */
  private Future<NetSocket> rawPost(Vertx vertx, byte[] wav) {
    String head = "POST /v1/analyze HTTP/1.1\r\nHost: localhost\r\nContent-Type: audio/wav\r\nContent-Length: "
        + wav.length + "\r\n\r\n";
    return net(vertx).connect(service.config().http().port(), "localhost")
        .compose(s -> s.write(Buffer.buffer(head).appendBytes(wav)).map(s));
  }

  /** What a raw client saw: the response head and body received before the server closed the connection. */
  /**
   * With one job held on the pool thread, fills the queue (two waiting jobs); completes with their answers'
   * future once both wait.
   */
  private Future<Future<?>> queueFullBehindTheRunningJob(Vertx vertx) {
    return until(vertx, () -> engine.running() == 1).compose(v -> {
      Future<HttpResponse<Buffer>> first = analyse(1);
      Future<HttpResponse<Buffer>> second = analyse(1);
      return until(vertx, () -> admission.waitingJobs() == 2).map(Future.all(first, second));
    });
  }

  private record Exchange(String answer, long answeredAfterMs, Future<Void> closed) {}

  /**
   * Sends a request head with {@code contentLength} and {@code part} of the body, then {@code rest} 300 ms later
   * (never, when null); completes with the first response, whose {@link Exchange#closed} completes when the
   * server closes the connection. Fails, rather than hangs, when the server closes without answering.
   */
  private Future<Exchange> slowPost(Vertx vertx, String uri, String type, int contentLength, byte[] part,
                                    byte[] rest) {
    String head = "POST " + uri + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
        + "\r\nContent-Length: " + contentLength + "\r\n\r\n";
    Promise<Exchange> answer = Promise.promise();
    Promise<Void> closed = Promise.promise();
    long sent = System.nanoTime();
    net(vertx).connect(service.config().http().port(), "localhost").onComplete(connected -> {
      if (connected.failed()) {
        answer.tryFail(connected.cause());
        return;
      }
      NetSocket socket = connected.result();
      Buffer received = Buffer.buffer();
      socket.handler(chunk -> {
        received.appendBuffer(chunk);
        String text = received.toString();
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0 && text.length() >= headEnd + 4 + contentLengthOf(text.substring(0, headEnd))) {
          answer.tryComplete(new Exchange(text, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent),
              closed.future()));
        }
      });
      socket.closeHandler(v -> {
        answer.tryFail("the server closed the connection without answering; got: " + received);
        closed.tryComplete();
      });
      socket.write(Buffer.buffer(head).appendBytes(part)).onFailure(answer::tryFail);
      if (rest != null) {
        // Timed from the first write, not from its completion, so a slow flush cannot leave the body unfinished.
        vertx.setTimer(300, t -> socket.write(Buffer.buffer(rest)).onFailure(answer::tryFail));
      }
    });
    return answer.future();
  }

  private static int contentLengthOf(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }

  /** Records every log record from now until the end of the JVM's test run (the handler is cheap). */
  private static List<LogRecord> captureLogs() {
    List<LogRecord> records = java.util.Collections.synchronizedList(new ArrayList<>());
    Logger.getLogger("").addHandler(new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    return records;
  }
}
