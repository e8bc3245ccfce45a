package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.config.AppConfig;
import io.audioinsight.support.Http;
import io.audioinsight.support.JobPolling;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A job accepted from {@code audio_url} whose download had not ended when the service went down: the record names
 * the URL until the audio is on disk, so after the restart the download starts again from the beginning (a partial
 * file left by a crash is deleted first) and the job finishes.
 */
class JobsAudioUrlRecoveryTest {

  private static final byte[] SPEECH = TestAudio.speechWav(2.0);
  private final Vertx files = Vertx.vertx();
  private Service service;

  @AfterEach
  void stop() throws Exception {
    TestServices.stop(service);
    files.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aJobWhoseDownloadWasCutByTheShutdownDownloadsAgainAfterTheRestartAndFinishes() throws Exception {
    // the first request for the file hangs (the service goes down meanwhile); later ones are answered
    AtomicInteger requests = new AtomicInteger();
    Promise<Void> never = Promise.promise();
    java.util.concurrent.CompletableFuture<Void> firstArrived = new java.util.concurrent.CompletableFuture<>();
    HttpServer server = files.createHttpServer().requestHandler(req -> {
      if (requests.incrementAndGet() == 1) {
        firstArrived.complete(null);
        req.response().setChunked(true).write(Buffer.buffer(SPEECH).getBuffer(0, 100));
        never.future().onComplete(v -> req.response().end());
      } else {
        req.response().putHeader("Content-Type", "audio/wav").end(Buffer.buffer(SPEECH));
      }
    }).listen(0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    String dir = TestServices.tempJobsDir();
    AppConfig config = TestServices.config(Map.of("jobs.dir", dir, "fetch.allow_private_networks", "true",
        "fetch.timeout_ms", "60000"));
    service = TestServices.startWarm(config, Engines.dsp());
    Vertx client = Vertx.vertx();
    try {
      Http http = new Http(client, config.http().port());
      JsonObject body = new JsonObject().put("audio_url", "http://localhost:" + server.actualPort() + "/a.wav")
          .put("operation", "snr");
      JsonObject accepted = http.post("/v1/jobs", "application/json", body.toBuffer())
          .map(r -> r.bodyAsJsonObject()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertThat(accepted.getString("state")).isEqualTo("queued");
      String id = accepted.getString("id");
      firstArrived.get(30, TimeUnit.SECONDS); // the download is under way
      TestServices.stop(service);
      service = null;
      // what a kill -9 in mid-download leaves besides the record: part of the file
      Path partial = Path.of(dir, "spool", id + ".audio");
      Files.write(partial, new byte[1000]);

      service = TestServices.startWarm(TestServices.config(Map.of("jobs.dir", dir, "fetch.allow_private_networks",
          "true", "http.port", Integer.toString(config.http().port()))), Engines.dsp());
      JsonObject job = JobPolling.finished(client, http, id).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
      assertThat(job.getJsonObject("result").getDouble("duration_s")).isEqualTo(2.0);
      assertThat(requests.get()).as("downloaded again after the restart").isEqualTo(2);
      assertThat(service.jobs().spool().usedBytes()).as("the partial file's bytes were given back")
          .isEqualTo(SPEECH.length);
    } finally {
      client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
