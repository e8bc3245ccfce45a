package io.audioinsight.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.RawHttp;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route and every documented status code, over real HTTP, each answer validated against openapi.yaml
 * (whose schemas are closed, so an undocumented field fails, and list every field as required, so a missing one
 * does). Two services: one on the real DSP engine for replies and input problems, one on a gated test engine for
 * the statuses only a held or failing engine gives (503, 504, 500) and with the optional pages off (404).
 * The last test requires that every documented pair was seen.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractConformanceTest {

  private static final List<String[]> ANALYSIS = List.of(
      new String[] {"/v1/snr-detect", "snrDetect"},
      new String[] {"/v1/speaker-count", "speakerCount"},
      new String[] {"/v1/analyze", "analyze"});
  private static final byte[] SPEECH = TestAudio.speechWav(3.0);
  private static final String ALLOWED_ORIGIN = "http://allowed.example:8000";
  private static final int FETCH_MAX_BYTES = 200_000;
  /** The fetching service's inference.max_timeout_ms: also how long it waits for a JSON or multipart body. */
  private static final int BODY_DEADLINE_MS = 5_000;

  private static Vertx clientVertx;
  private static ContractCheck check;
  private static Service real;
  private static Service held;
  private static TestAnalyzer heldEngine;
  private static HttpResponse<Buffer> readinessWhileWarming;
  /** With fetch.allow_private_networks on (audio_url from {@link #files}) and a short body deadline. */
  private static Service fetching;
  private static HttpServer files;

  @BeforeAll
  static void start() throws Exception {
    clientVertx = Vertx.vertx();
    check = await(ContractCheck.load(clientVertx));
    real = TestServices.startWarm(TestServices.config(Map.of("demo.enabled", "true", "stream.max_streams", "1",
        "http.max_body_bytes", Integer.toString(1 << 20), "inference.max_audio_seconds", "20",
        "jobs.max_upload_bytes", Integer.toString(2 << 20), "jobs.max_audio_seconds", "30")), Engines.dsp());
    heldEngine = new TestAnalyzer(true);
    heldEngine.close(); // warm-up waits at the gate, so readiness is 503 until it opens
    held = TestServices.start(TestServices.config(Map.of("inference.pool_size", "1", "inference.max_queue", "1",
        "docs.enabled", "false", "playground.enabled", "false", "http.cors_origins", ALLOWED_ORIGIN, "jobs.max_queued", "2",
        "management.port", Integer.toString(TestServices.freePort()))), heldEngine);
    readinessWhileWarming = await(client(held).get("/health/ready").send());
    heldEngine.open();
    await(held.warm());
    files = await(clientVertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/speech.wav" -> req.response().putHeader("Content-Type", "audio/wav").end(Buffer.buffer(SPEECH));
        case "/big.wav" -> req.response().end(Buffer.buffer(new byte[FETCH_MAX_BYTES + 1]));
        default -> req.response().setStatusCode(404).end();
      }
    }).listen(0));
    fetching = TestServices.startWarm(TestServices.config(Map.of("fetch.allow_private_networks", "true",
        "fetch.max_bytes", Integer.toString(FETCH_MAX_BYTES), "http.max_body_bytes", Integer.toString(FETCH_MAX_BYTES),
        "inference.max_timeout_ms", Integer.toString(BODY_DEADLINE_MS),
        "inference.default_timeout_ms", Integer.toString(BODY_DEADLINE_MS))), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    if (heldEngine != null) {
      heldEngine.open();
    }
    TestServices.stop(real);
    TestServices.stop(held);
    TestServices.stop(fetching);
    if (clientVertx != null) {
      await(clientVertx.close());
    }
  }

  @Test
  @Order(1)
  void everyAnalysisReplyInEveryInputFormMatchesTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(real));
    List<Future<?>> all = new ArrayList<>();
    for (String[] route : ANALYSIS) {
      for (Form form : Form.values()) {
        all.add(http.analyse(route[0], form, SPEECH, Map.of("vad_hop_size", "256"))
            .compose(r -> expect(route[1], r, 200)));
      }
    }
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(2)
  void everyInputProblemOfTheAnalysisRoutesMatchesTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(real));
    List<Future<?>> all = new ArrayList<>();
    for (String[] route : ANALYSIS) {
      String uri = route[0];
      String op = route[1];
      all.add(http.post(uri + "?vad_hop_size=10", "audio/wav", Buffer.buffer(SPEECH))
          .compose(r -> expectProblem(op, r, 400, "invalid-parameter")));
      all.add(http.post(uri, "application/json", Buffer.buffer("{not json"))
          .compose(r -> expectProblem(op, r, 400, "bad-request")));
      all.add(http.post(uri, "audio/wav", Buffer.buffer(TestAudio.truncated(30)))
          .compose(r -> expectProblem(op, r, 400, "invalid-audio")));
      all.add(http.post(uri, "audio/wav", Buffer.buffer(new byte[(1 << 20) + 1]))
          .compose(r -> expectProblem(op, r, 413, "body-too-large")));
      all.add(http.post(uri, "audio/wav", Buffer.buffer(TestAudio.speechWav(25)))
          .compose(r -> expectProblem(op, r, 413, "audio-too-long")));
      all.add(http.post(uri, "text/plain", Buffer.buffer(SPEECH))
          .compose(r -> expectProblem(op, r, 415, "unsupported-media-type")));
      all.add(http.post(uri, "audio/wav", Buffer.buffer(TestAudio.notAWav()))
          .compose(r -> expectProblem(op, r, 415, "unsupported-audio-format")));
      all.add(http.post(uri, "audio/wav", Buffer.buffer(TestAudio.mp3InWav()))
          .compose(r -> expectProblem(op, r, 415, "unsupported-audio-encoding")));
    }
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(3)
  void operationsDemoAndSelfDescriptionRoutesMatchTheContract(Vertx vertx, VertxTestContext tc) {
    WebClient c = client(real);
    List<Future<?>> all = new ArrayList<>(List.of(
        c.get("/health/live").send().compose(r -> expect("healthLive", r, 200)),
        c.get("/health/ready").send().compose(r -> expect("healthReady", r, 200)),
        c.get("/metrics").send().compose(r -> expect("metrics", r, 200)),
        c.get("/openapi.json").send().compose(r -> expect("openapiJson", r, 200)).map(r -> {
          tc.verify(() -> assertThat(r.bodyAsJsonObject()).isEqualTo(check.document()));
          return r;
        }),
        c.get("/openapi.yaml").send().compose(r -> expect("openapiYaml", r, 200)).map(r -> {
          tc.verify(() -> assertThat(r.bodyAsString()).startsWith("openapi: 3.1.0"));
          return r;
        }),
        c.get("/version").send().compose(r -> expect("version", r, 200)).map(r -> {
          tc.verify(() -> {
            assertThat(r.bodyAsJsonObject().getString("version")).isEqualTo("0.1.0-SNAPSHOT");
            assertThat(r.bodyAsJsonObject().getString("git_commit")).matches("[0-9a-f]{7,40}|unknown");
            assertThat(r.bodyAsJsonObject().getJsonObject("engines").getString("vad")).isEqualTo("dsp");
            assertThat(r.bodyAsJsonObject().getJsonObject("engines").getString("speakers")).isEqualTo("classic");
          });
          return r;
        }),
        c.get("/docs").send().compose(r -> expect("docs", r, 200)),
        c.get("/docs/swagger-ui/swagger-ui-bundle.js").send().map(r -> {
          tc.verify(() -> assertThat(r.statusCode()).as("Swagger UI from the webjar").isEqualTo(200));
          return r;
        }),
        c.get("/").send().compose(r -> expect("playground", r, 200)),
        c.get("/playground/playground.js").send().map(r -> {
          tc.verify(() -> assertThat(r.statusCode()).isEqualTo(200));
          return r;
        }),
        Future.succeededFuture(readinessWhileWarming).compose(r -> expectProblem("healthReady", r, 503, "not-ready"))));
    for (String demo : List.of("Blocking", "Worker", "Async")) {
      String uri = "/ping/" + demo.toLowerCase();
      all.add(c.get(uri + "?ms=5").send().compose(r -> expect("ping" + demo, r, 200)));
      all.add(c.get(uri + "?ms=0").send().compose(r -> expectProblem("ping" + demo, r, 400, "invalid-parameter")));
      all.add(client(held).get(uri + "?ms=5").send().compose(r -> expectProblem("ping" + demo, r, 404, "not-found")));
    }
    all.add(client(held).get("/docs").send().compose(r -> expectProblem("docs", r, 404, "not-found")));
    all.add(client(held).get("/").send().compose(r -> expectProblem("playground", r, 404, "not-found")));
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(4)
  void problemsThatAnyRequestCanGetMatchTheContract(Vertx vertx, VertxTestContext tc) {
    RawHttp raw = new RawHttp(vertx, port(real));
    String post = "POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: audio/wav\r\n";
    Future.all(List.of(
        client(real).get("/no-such-route").send().map(r -> component("NotFound", r)),
        client(real).get("/v1/analyze").send().map(r -> {
          assertThat(r.getHeader("Allow")).isEqualTo("POST");
          return component("MethodNotAllowed", r);
        }),
        raw.send("GET /health/live HTTP/1.1\r\n\r\n").map(x -> component("MalformedRequest", x, 400)),
        raw.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").map(x -> component("UriTooLong", x, 414)),
        raw.send("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n")
            .map(x -> component("HeadersTooLarge", x, 431)),
        raw.send(post + "Transfer-Encoding: gzip\r\n\r\n").map(x -> component("NotImplemented", x, 501))))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(5)
  void everyDocumentedRouteAnswersAnUndocumentedMethodWith405AndItsDocumentedMethodsInAllow(Vertx vertx,
      VertxTestContext tc) {
    JsonObject paths = check.document().getJsonObject("paths");
    List<Future<?>> all = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      Set<String> methods = new TreeSet<>();
      for (String m : paths.getJsonObject(path).fieldNames()) {
        methods.add(m.toUpperCase());
        if (m.equals("get")) {
          methods.add("HEAD");
        }
      }
      HttpMethod wrong = Stream.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)
          .filter(m -> !methods.contains(m.name())).findFirst().orElseThrow();
      String uri = path.replaceAll("\\{[a-z_]+}", "some-id");
      all.add(client(real).request(wrong, uri).send().map(r -> {
        tc.verify(() -> {
          assertThat(r.statusCode()).as(wrong + " " + path).isEqualTo(405);
          assertThat(new TreeSet<>(Arrays.asList(r.getHeader("Allow").split(",\\s*")))).as("Allow on " + path)
              .isEqualTo(methods);
        });
        return r;
      }));
    }
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(6)
  void aHeldEnginesDeadlinesAndFullQueueAndAFailingEnginesBugsMatchTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(held));
    heldEngine.close();
    int before = heldEngine.calls();
    Future<HttpResponse<Buffer>> running = http.post("/v1/analyze", "audio/wav", Buffer.buffer(SPEECH));
    Future.fromCompletionStage(heldEngine.whenCalls(before + 1))
        // The only thread is held: a short deadline passes in the queue (504) ...
        .compose(v -> sequentially(route -> http.post(route[0] + "?timeout_ms=100", "audio/wav", Buffer.buffer(SPEECH))
            .compose(r -> expectProblem(route[1], r, 504, "deadline-exceeded"))))
        // ... and with one job waiting, the queue is full (503).
        .compose(v -> {
          Future<HttpResponse<Buffer>> waiting = http.post("/v1/analyze", "audio/wav", Buffer.buffer(SPEECH));
          return io.audioinsight.support.Poll.until(vertx, () -> held.inference().admission().waitingJobs() == 1)
              .compose(x -> sequentially(route -> http.post(route[0], "audio/wav", Buffer.buffer(SPEECH))
                  .compose(r -> expectProblem(route[1], r, 503, "overloaded"))))
              .compose(x -> {
                heldEngine.open();
                return Future.all(running, waiting);
              });
        })
        .compose(v -> {
          heldEngine.failWith(new IllegalStateException("a stand-in for an engine bug"));
          return sequentially(route -> http.post(route[0], "audio/wav", Buffer.buffer(SPEECH))
              .compose(r -> expectProblem(route[1], r, 500, "internal-error")));
        })
        .onComplete(ar -> heldEngine.failWith(null))
        .onComplete(tc.succeedingThenComplete());
  }

  /**
   * The parameter ranges the code enforces are the contract's: each documented bound is accepted and the value
   * just past it is a 400 naming the parameter (the code validates requests itself, against the same ranges).
   */
  @Test
  @Order(7)
  void eachQueryParameterAcceptsItsDocumentedBoundsAndRejectsTheValuesJustPastThem(Vertx vertx, VertxTestContext tc) {
    JsonObject parameters = check.document().getJsonObject("components").getJsonObject("parameters");
    Http http = new Http(vertx, port(real));
    List<Future<?>> all = new ArrayList<>();
    for (String key : parameters.fieldNames()) {
      JsonObject p = parameters.getJsonObject(key);
      String name = p.getString("name");
      JsonObject schema = p.getJsonObject("schema");
      List<String> accepted = new ArrayList<>();
      List<String> rejected = new ArrayList<>();
      if (schema.getString("type").equals("integer")) {
        long min = schema.getLong("minimum");
        long max = schema.getLong("maximum");
        accepted.addAll(List.of(Long.toString(min), Long.toString(max)));
        rejected.addAll(List.of(Long.toString(min - 1), Long.toString(max + 1)));
      } else {
        double low = schema.getDouble("exclusiveMinimum");
        double high = schema.getDouble("exclusiveMaximum");
        accepted.addAll(List.of(Double.toString(low + 0.001), Double.toString(high - 0.001)));
        rejected.addAll(List.of(Double.toString(low), Double.toString(high)));
      }
      boolean demo = name.equals("ms");
      for (String value : accepted) {
        // Accepted: the request goes on (timeout_ms=1 then meets its deadline: 504, not a 400).
        all.add(send(http, demo, name, value).map(r -> {
          tc.verify(() -> assertThat(r.statusCode()).as(name + "=" + value + " " + r.bodyAsString())
              .isIn(200, 504));
          return r;
        }));
      }
      for (String value : rejected) {
        all.add(send(http, demo, name, value).map(r -> {
          tc.verify(() -> {
            assertThat(r.statusCode()).as(name + "=" + value).isEqualTo(400);
            assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo(name);
          });
          return r;
        }));
      }
    }
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  private static Future<HttpResponse<Buffer>> send(Http http, boolean demo, String name, String value) {
    return demo ? http.get("/ping/async?" + name + "=" + value)
        : http.post("/v1/snr-detect?" + name + "=" + value, "audio/wav", Buffer.buffer(SPEECH));
  }

  /** With http.cors_origins set: a listed origin may call and read the request id; any other gets 403. */
  @Test
  @Order(8)
  void withCorsOnAListedOriginMayCallTheApiAndAnyOtherGets403(Vertx vertx, VertxTestContext tc) {
    WebClient c = client(held);
    Future<HttpResponse<Buffer>> listed = c.get("/health/live").putHeader("Origin", ALLOWED_ORIGIN).send();
    Future<HttpResponse<Buffer>> preflight = c.request(HttpMethod.OPTIONS, "/v1/analyze")
        .putHeader("Origin", ALLOWED_ORIGIN).putHeader("Access-Control-Request-Method", "POST")
        .putHeader("Access-Control-Request-Headers", "content-type").send();
    Future<HttpResponse<Buffer>> other = c.get("/health/live").putHeader("Origin", "http://elsewhere.example").send();
    Future.all(listed, preflight, other).onComplete(tc.succeeding(v -> tc.verify(() -> {
      assertThat(listed.result().statusCode()).isEqualTo(200);
      assertThat(listed.result().getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
      assertThat(listed.result().getHeader("Access-Control-Expose-Headers")).contains("X-Request-Id");
      assertThat(preflight.result().statusCode()).isBetween(200, 204);
      assertThat(preflight.result().getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
      assertThat(preflight.result().getHeader("Access-Control-Allow-Methods")).contains("POST");
      assertThat(other.result().getHeader("Access-Control-Allow-Origin")).isNull();
      assertThat(other.result().statusMessage()).isEqualTo("Forbidden");
      component("OriginNotAllowed", other.result());
      assertThat(other.result().bodyAsJsonObject().getString("instance"))
          .isEqualTo(other.result().getHeader("X-Request-Id"));
      tc.completeNow();
    })));
  }

  @Test
  @Order(9)
  void withCorsOffNoResponseCarriesCorsHeaders(Vertx vertx, VertxTestContext tc) {
    client(real).get("/health/live").putHeader("Origin", ALLOWED_ORIGIN).send()
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
          tc.completeNow();
        })));
  }

  @Test
  @Order(10)
  void theManagementPortAnswersAWrongMethodWith405AndAllow(Vertx vertx, VertxTestContext tc) {
    WebClient management = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(held.managementPort()));
    management.post("/metrics").send().onComplete(tc.succeeding(r -> tc.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.getHeader("Allow")).isEqualTo("GET, HEAD");
      assertThat(r.bodyAsJsonObject().getString("detail")).isEqualTo("POST is not allowed on /metrics");
      component("MethodNotAllowed", r);
      tc.completeNow();
    })));
  }

  /** Jobs in each input form and for each operation: the 202, then the finished job with its result. */
  @Test
  @Order(11)
  void jobsInEveryInputFormAndOperationMatchTheContractFromTheir202ToTheirResult(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(real));
    Map<String, String> replies = Map.of("analyze", "snr", "snr", "snr_db", "speakers", "speaker_count");
    List<Future<?>> all = new ArrayList<>();
    for (String operation : List.of("analyze", "snr", "speakers")) {
      for (Form form : Form.values()) {
        all.add(http.analyse("/v1/jobs", form, SPEECH, Map.of("operation", operation))
            .compose(r -> accepted(r))
            .compose(id -> finishedJob(vertx, http, id))
            .map(job -> {
              tc.verify(() -> {
                assertThat(job.getString("state")).as(operation + " " + form).isEqualTo("succeeded");
                assertThat(job.getString("operation")).isEqualTo(operation);
                assertThat(job.getJsonObject("result").containsKey(replies.get(operation))).isTrue();
              });
              return job;
            }));
      }
    }
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  /** A failed job carries its problem; DELETE of a finished job answers it unchanged; unknown ids are 404. */
  @Test
  @Order(12)
  void aFailedJobAFinishedJobsDeleteAndUnknownJobsMatchTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(real));
    String unknown = "/v1/jobs/00000000-0000-0000-0000-000000000000";
    Future.all(List.of(
        http.post("/v1/jobs", "audio/wav", Buffer.buffer(TestAudio.notAWav()))
            .compose(r -> accepted(r))
            .compose(id -> finishedJob(vertx, http, id))
            .compose(job -> {
              tc.verify(() -> {
                assertThat(job.getString("state")).isEqualTo("failed");
                assertThat(job.getJsonObject("problem").getString("type"))
                    .isEqualTo("urn:audio-insight:problem:unsupported-audio-format");
              });
              return http.delete("/v1/jobs/" + job.getString("id"));
            })
            .compose(r -> expect("cancelJob", r, 200))
            .map(r -> {
              tc.verify(() -> assertThat(r.bodyAsJsonObject().getString("state")).as("a finished job is unchanged")
                  .isEqualTo("failed"));
              return r;
            }),
        http.get(unknown).compose(r -> expectProblem("getJob", r, 404, "job-not-found")),
        http.delete(unknown).compose(r -> expectProblem("cancelJob", r, 404, "job-not-found"))))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(13)
  void everyInputProblemOfJobsAndOfAudioUrlsMatchesTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(real));
    String base64 = java.util.Base64.getEncoder().encodeToString(SPEECH);
    String loopback = "http://127.0.0.1:" + files.actualPort() + "/speech.wav";
    List<Future<?>> all = new ArrayList<>(List.of(
        http.post("/v1/jobs?operation=transcribe", "audio/wav", Buffer.buffer(SPEECH))
            .compose(r -> expectProblem("submitJob", r, 400, "invalid-parameter"))
            .map(r -> parameter(tc, r, "operation")),
        http.post("/v1/jobs", "application/json", Buffer.buffer("{not json"))
            .compose(r -> expectProblem("submitJob", r, 400, "bad-request")),
        http.post("/v1/jobs", "application/json", new JsonObject().put("audio_url", loopback).toBuffer())
            .compose(r -> expectProblem("submitJob", r, 400, "url-refused"))
            .map(r -> parameter(tc, r, "audio_url")),
        http.post("/v1/jobs", "application/json", new JsonObject().put("audio_base64", base64)
                .put("callback_url", "http://203.0.113.7/hook").toBuffer())
            .compose(r -> expectProblem("submitJob", r, 400, "invalid-parameter"))
            .map(r -> parameter(tc, r, "callback_url")),
        http.post("/v1/jobs", "audio/wav", Buffer.buffer(new byte[(2 << 20) + 1]))
            .compose(r -> expectProblem("submitJob", r, 413, "body-too-large")),
        http.post("/v1/jobs", "application/json", new JsonObject().put("audio_base64", "A".repeat(1 << 20)).toBuffer())
            .compose(r -> expectProblem("submitJob", r, 413, "body-too-large")),
        http.post("/v1/jobs", "audio/wav", Buffer.buffer(TestAudio.speechWav(35)))
            .compose(r -> expectProblem("submitJob", r, 413, "audio-too-long")),
        http.post("/v1/jobs", "text/plain", Buffer.buffer(SPEECH))
            .compose(r -> expectProblem("submitJob", r, 415, "unsupported-media-type"))));
    for (String[] route : ANALYSIS) {
      all.add(http.post(route[0], "application/json", new JsonObject().put("audio_url", loopback).toBuffer())
          .compose(r -> expectProblem(route[1], r, 400, "url-refused")));
    }
    Future.all(all).onComplete(tc.succeedingThenComplete());
  }

  /** audio_url actually fetched (private networks allowed): success and each fetch problem, jobs and routes. */
  @Test
  @Order(14)
  void audioUrlsFetchedForJobsAndTheAnalysisRoutesMatchTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(fetching));
    java.util.function.Function<String, Buffer> from = path -> new JsonObject()
        .put("audio_url", "http://localhost:" + files.actualPort() + path).put("operation", "speakers").toBuffer();
    Future.all(List.of(
        http.post("/v1/jobs", "application/json", from.apply("/speech.wav"))
            .compose(r -> accepted(r))
            .compose(id -> finishedJob(vertx, http, id))
            .map(job -> {
              tc.verify(() -> assertThat(job.getString("state")).isEqualTo("succeeded"));
              return job;
            }),
        // a job's download runs after its 202: its failures are the failed job's problem
        http.post("/v1/jobs", "application/json", from.apply("/missing.wav"))
            .compose(r -> accepted(r))
            .compose(id -> finishedJob(vertx, http, id))
            .map(job -> failedWith(tc, job, 400, "fetch-failed")),
        http.post("/v1/jobs", "application/json", from.apply("/big.wav"))
            .compose(r -> accepted(r))
            .compose(id -> finishedJob(vertx, http, id))
            .map(job -> failedWith(tc, job, 413, "body-too-large")),
        http.post("/v1/analyze", "application/json", from.apply("/speech.wav"))
            .compose(r -> expect("analyze", r, 200)),
        http.post("/v1/speaker-count", "application/json", from.apply("/missing.wav"))
            .compose(r -> expectProblem("speakerCount", r, 400, "fetch-failed")),
        http.post("/v1/snr-detect", "application/json", from.apply("/big.wav"))
            .compose(r -> expectProblem("snrDetect", r, 413, "body-too-large"))))
        .onComplete(tc.succeedingThenComplete());
  }

  /** A JSON job body that stops arriving meets the body deadline (inference.max_timeout_ms): 504. */
  @Test
  @Order(15)
  void aJobBodyStillArrivingAtTheBodyDeadlineMatchesTheContract(Vertx vertx, VertxTestContext tc) {
    new RawHttp(vertx, port(fetching)).send("POST /v1/jobs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: 1000\r\n\r\n{\"audio_base64\":\"")
        .compose(x -> check.exchange("submitJob", x))
        .onComplete(tc.succeeding(x -> tc.verify(() -> {
          assertThat(x.status()).isEqualTo(504);
          assertThat(new JsonObject(x.body()).getString("type")).isEqualTo("urn:audio-insight:problem:deadline-exceeded");
          tc.completeNow();
        })));
  }

  /**
   * On the gated engine: a running and a queued job as GET shows them, the 503 of a full job queue
   * (jobs.max_queued=2), and DELETE of each. The gate opens at the end, so no job outlives the test.
   */
  @Test
  @Order(16)
  void runningQueuedAndCancelledJobsAndAFullJobQueueMatchTheContract(Vertx vertx, VertxTestContext tc) {
    Http http = new Http(vertx, port(held));
    heldEngine.close();
    int before = heldEngine.calls();
    String[] ids = new String[2];
    http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH)).compose(r -> accepted(r))
        .compose(id -> {
          ids[0] = id;
          return Future.fromCompletionStage(heldEngine.whenCalls(before + 1));
        })
        .compose(v -> http.get("/v1/jobs/" + ids[0])).compose(r -> expectState("getJob", r, "running"))
        .compose(v -> http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH))).compose(r -> accepted(r))
        .compose(id -> {
          ids[1] = id;
          return http.get("/v1/jobs/" + id);
        })
        .compose(r -> expectState("getJob", r, "queued"))
        .compose(v -> http.post("/v1/jobs", "audio/wav", Buffer.buffer(SPEECH)))
        .compose(r -> expectProblem("submitJob", r, 503, "overloaded").map(x -> {
          tc.verify(() -> assertThat(r.getHeader("Retry-After")).isNotNull());
          return x;
        }))
        .compose(v -> http.delete("/v1/jobs/" + ids[1])).compose(r -> expectState("cancelJob", r, "cancelled"))
        .compose(v -> http.delete("/v1/jobs/" + ids[0])).compose(r -> expectState("cancelJob", r, "cancelled"))
        .onComplete(ar -> heldEngine.open())
        .onComplete(tc.succeedingThenComplete());
  }

  private static Future<Void> expectState(String op, HttpResponse<Buffer> r, String state) {
    return expect(op, r, 200).map(x -> {
      assertThat(r.bodyAsJsonObject().getString("state")).as(op + " " + r.bodyAsString()).isEqualTo(state);
      return null;
    });
  }

  /** Validates a 202 (Location names the job) and completes with the job's id. */
  private static Future<String> accepted(HttpResponse<Buffer> r) {
    return expect("submitJob", r, 202).map(x -> {
      String id = r.bodyAsJsonObject().getString("id");
      assertThat(r.getHeader("Location")).isEqualTo("/v1/jobs/" + id);
      assertThat(r.bodyAsJsonObject().getString("state")).isIn("queued", "running", "succeeded");
      return id;
    });
  }

  /** Polls the job until it is finished, then validates that GET answer. */
  private static Future<JsonObject> finishedJob(Vertx vertx, Http http, String id) {
    return JobPolling.until(vertx, http, id, r -> r.statusCode() != 200
            || List.of("succeeded", "failed", "cancelled").contains(r.bodyAsJsonObject().getString("state")))
        .compose(r -> expect("getJob", r, 200)).map(HttpResponse::bodyAsJsonObject);
  }

  private static JsonObject failedWith(VertxTestContext tc, JsonObject job, int status, String type) {
    tc.verify(() -> {
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("failed");
      assertThat(job.getJsonObject("problem").getInteger("status")).isEqualTo(status);
      assertThat(job.getJsonObject("problem").getString("type")).isEqualTo("urn:audio-insight:problem:" + type);
    });
    return job;
  }

  private static HttpResponse<Buffer> parameter(VertxTestContext tc, HttpResponse<Buffer> r, String name) {
    tc.verify(() -> assertThat(r.bodyAsJsonObject().getString("parameter")).isEqualTo(name));
    return r;
  }

  /** The live-stream route: an upgrade (101), a full house (503), a plain GET (426), an engine without a VAD (501). */
  @Test
  @Order(17)
  void theLiveStreamRouteUpgradesOrAnswersItsDocumentedProblems(Vertx vertx, VertxTestContext tc) {
    WebSocketClient sockets = vertx.createWebSocketClient();
    WebSocketConnectOptions open = new WebSocketConnectOptions().setHost("localhost").setPort(port(real))
        .setURI("/v1/stream");
    sockets.connect(open)
        .compose(first -> {
          check.upgraded("openStream"); // the only place stream.max_streams=1 allows is now taken
          return client(real).get("/v1/stream").putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
              .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
              .send()
              .compose(r -> expectProblem("openStream", r, 503, "overloaded"))
              .map(r -> {
                tc.verify(() -> assertThat(r.getHeader("Retry-After")).isNotNull());
                return r;
              })
              .eventually(() -> first.close());
        })
        .compose(v -> client(real).get("/v1/stream").send())
        .compose(r -> expectProblem("openStream", r, 426, "upgrade-required"))
        .map(r -> {
          tc.verify(() -> assertThat(r.getHeader("Upgrade")).isEqualTo("websocket"));
          return r;
        })
        .compose(v -> client(held).get("/v1/stream").send())
        .compose(r -> expectProblem("openStream", r, 501, "streams-unavailable"))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  @Order(100)
  void everyDocumentedStatusOfEveryRouteWasExercisedAndValidated() {
    assertThat(check.seen()).containsAll(check.documented());
  }

  private static Future<Void> sequentially(java.util.function.Function<String[], Future<?>> step) {
    Future<?> chain = Future.succeededFuture();
    for (String[] route : ANALYSIS) {
      chain = chain.compose(v -> step.apply(route));
    }
    return chain.mapEmpty();
  }

  private static Future<HttpResponse<Buffer>> expect(String op, HttpResponse<Buffer> r, int status) {
    if (r.statusCode() != status) {
      return Future.failedFuture(new AssertionError(op + ": expected " + status + ", got " + r.statusCode() + " "
          + r.bodyAsString()));
    }
    return check.response(op, r);
  }

  private static Future<HttpResponse<Buffer>> expectProblem(String op, HttpResponse<Buffer> r, int status,
                                                            String slug) {
    return expect(op, r, status).map(x -> {
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.getString("type")).isEqualTo("urn:audio-insight:problem:" + slug);
      assertThat(body.getString("instance")).as("instance is the request id").isEqualTo(r.getHeader("X-Request-Id"));
      return x;
    });
  }

  private static HttpResponse<Buffer> component(String name, HttpResponse<Buffer> r) {
    check.component(name, r.statusCode(), r.getHeader("Content-Type"), r.bodyAsString());
    return r;
  }

  private static RawHttp.Exchange component(String name, RawHttp.Exchange x, int status) {
    assertThat(x.status()).as(name).isEqualTo(status);
    check.component(name, status, x.header("Content-Type"), x.body());
    return x;
  }

  private static int port(Service service) {
    return service.config().http().port();
  }

  private static WebClient client(Service service) {
    return WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(port(service)));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
