package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.bus.JobsBusVerticle;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
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

/** The jobs on the event bus, as a sibling verticle sees them: submit, get, cancel, and the HTTP status codes. */
@ExtendWith(VertxExtension.class)
class JobsEventBusTest {

  private static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestServices.startWarm(TestServices.config(Map.of()), Engines.dsp());
  }

  @AfterAll
  static void stop() throws Exception {
    TestServices.stop(service);
  }

  /** A sibling verticle that sends one request when deployed. */
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

  private static Future<JsonObject> ask(String address, Object body, DeliveryOptions options) {
    Sibling sibling = new Sibling(address, body, options);
    return service.vertx().deployVerticle(sibling).compose(id -> sibling.reply.future()).map(Message::body);
  }

  /** Asks audio.jobs.get every 20 ms until the job has finished. */
  private static Future<JsonObject> finished(String id) {
    Promise<JsonObject> done = Promise.promise();
    poll(id, done, System.nanoTime() + 60_000_000_000L);
    return done.future();
  }

  private static void poll(String id, Promise<JsonObject> done, long giveUp) {
    service.vertx().eventBus().<JsonObject>request(JobsBusVerticle.GET, id).onComplete(ar -> {
      JsonObject j = ar.succeeded() ? ar.result().body() : null;
      if (j != null && ("succeeded".equals(j.getString("state")) || "failed".equals(j.getString("state")))) {
        done.tryComplete(j);
      } else if (System.nanoTime() > giveUp) {
        done.tryFail(new IllegalStateException("job " + id + " did not finish; last: " + j));
      } else {
        service.vertx().setTimer(20, t -> poll(id, done, giveUp));
      }
    });
  }

  @Test
  void aBufferSubmittedWithHeadersIsAJobThatSucceedsAndCanBeFetched(VertxTestContext tc) {
    DeliveryOptions headers = new DeliveryOptions().addHeader("operation", "speakers");
    ask(JobsBusVerticle.SUBMIT, Buffer.buffer(TestAudio.speechWav(2)), headers)
        .compose(accepted -> {
          tc.verify(() -> {
            assertThat(accepted.getString("state")).isEqualTo("queued");
            assertThat(accepted.getString("operation")).isEqualTo("speakers");
          });
          return finished(accepted.getString("id"));
        })
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("state")).isEqualTo("succeeded");
          assertThat(job.getJsonObject("result").getInteger("speaker_count")).isNotNull();
          tc.completeNow();
        })));
  }

  @Test
  void aJsonObjectWithAudioBase64IsAJob(VertxTestContext tc) {
    JsonObject body = new JsonObject().put("audio_base64",
        Base64.getEncoder().encodeToString(TestAudio.speechWav(1))).put("operation", "snr");
    ask(JobsBusVerticle.SUBMIT, body, new DeliveryOptions())
        .compose(accepted -> finished(accepted.getString("id")))
        .onComplete(tc.succeeding(job -> tc.verify(() -> {
          assertThat(job.getString("operation")).isEqualTo("snr");
          assertThat(job.getJsonObject("result").containsKey("snr_db")).isTrue();
          tc.completeNow();
        })));
  }

  @Test
  void anUnknownJobFailsWith404OnGetAndCancel(VertxTestContext tc) {
    Future<JsonObject> get = ask(JobsBusVerticle.GET, "no-such-job", new DeliveryOptions());
    Future<JsonObject> cancel = ask(JobsBusVerticle.CANCEL, "no-such-job", new DeliveryOptions());
    Future.join(get, cancel).onComplete(ar -> tc.verify(() -> {
      for (Future<JsonObject> f : java.util.List.of(get, cancel)) {
        assertThat(f.failed()).isTrue();
        ReplyException e = (ReplyException) f.cause();
        assertThat(e.failureCode()).isEqualTo(404);
        assertThat(e.getMessage()).contains("no-such-job");
      }
      tc.completeNow();
    }));
  }

  @Test
  void aBadOperationHeaderFailsWith400(VertxTestContext tc) {
    ask(JobsBusVerticle.SUBMIT, Buffer.buffer(TestAudio.speechWav(1)),
        new DeliveryOptions().addHeader("operation", "sing"))
        .onComplete(tc.failing(e -> tc.verify(() -> {
          assertThat(((ReplyException) e).failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("operation");
          tc.completeNow();
        })));
  }
}
