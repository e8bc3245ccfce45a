package io.audioinsight.bus;

import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.JsonAudio;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.audio.Operation;
import io.audioinsight.inference.AudioRequest;
import io.audioinsight.inference.RequestParams;
import io.audioinsight.jobs.JobManager;
import io.audioinsight.jobs.JobOperation;
import io.audioinsight.jobs.JobRecord;
import io.audioinsight.jobs.JobView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The jobs on the event bus, the same operations as {@code /v1/jobs}: {@code audio.jobs.submit} (a {@link Buffer}
 * of audio with {@code operation} and the parameters as headers, or a {@link JsonObject} like the HTTP JSON body),
 * {@code audio.jobs.get} and {@code audio.jobs.cancel} (the job id as a String). Each replies with the job as
 * {@code GET /v1/jobs/{id}} shows it; a failure is a ReplyException whose failureCode is the HTTP status.
 */
public final class JobsBusVerticle extends VerticleBase {

  public static final String SUBMIT = "audio.jobs.submit";
  public static final String GET = "audio.jobs.get";
  public static final String CANCEL = "audio.jobs.cancel";

  private final FrontEndContext app;
  private final JobManager jobs;

  public JobsBusVerticle(FrontEndContext app) {
    this.app = app;
    this.jobs = app.jobs();
  }

  @Override
  public Future<?> start() {
    // Local consumers: jobs live in their node's store, so in cluster mode a get or cancel must reach the node
    // that accepted the job, not whichever node Vert.x would pick round robin.
    List<MessageConsumer<Object>> consumers = List.of(
        vertx.eventBus().localConsumer(SUBMIT, m -> reply(m, submit(m))),
        vertx.eventBus().localConsumer(GET, m -> reply(m, withId(m).compose(jobs::get))),
        vertx.eventBus().localConsumer(CANCEL, m -> reply(m, withId(m).compose(jobs::cancel))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private Future<JobRecord> submit(Message<Object> message) {
    Problem refused = jobs.refusalNow(0);
    if (refused != null) {
      return Future.failedFuture(refused.toException());
    }
    String id = UUID.randomUUID().toString();
    Object body = message.body();
    long limit = app.config().http().maxBodyBytes();
    try {
      if (body instanceof Buffer audio) {
        if (audio.length() > limit) {
          return Future.failedFuture(Problems.bodyTooLarge(limit).toException());
        }
        Operation operation = JobOperation.parse(message.headers().get(JobOperation.PARAM));
        RequestParams params = app.params().parse(message.headers()::get);
        return jobs.submit(id, audio.getBytes(), operation, params, null);
      }
      if (body instanceof JsonObject json) {
        Operation operation = JobOperation.parse(json.getString(JobOperation.PARAM,
            message.headers().get(JobOperation.PARAM)));
        return vertx.executeBlocking(() -> JsonAudio.fromJson(json, message.headers()::get, app.params()), false)
            .compose(audio -> jobs.submit(id, audio.wav().getBytes(), operation, audio.params(), null));
      }
    } catch (RuntimeException invalid) {
      return Future.failedFuture(invalid);
    }
    String type = body == null ? "an empty body" : body.getClass().getSimpleName();
    return Future.failedFuture(Problems.unsupportedMediaType(
        "the message body must be a Buffer holding audio or a JsonObject with audio_base64, got " + type)
        .toException());
  }

  private static Future<String> withId(Message<Object> message) {
    if (message.body() instanceof String id) {
      return Future.succeededFuture(id);
    }
    return Future.failedFuture(Problems.badRequest("the message body must be the job id as a String").toException());
  }

  private void reply(Message<Object> message, Future<JobRecord> job) {
    app.inFlight().started();
    job.onComplete(ar -> {
      app.inFlight().finished();
      if (ar.succeeded()) {
        message.reply(JobView.of(ar.result()));
      } else {
        Problem p = Problems.from(ar.cause());
        message.fail(p.status(), p.detail());
      }
    });
  }
}
