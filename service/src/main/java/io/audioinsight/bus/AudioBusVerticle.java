package io.audioinsight.bus;

import io.audioinsight.api.FrontEndContext;
import io.audioinsight.api.JsonAudio;
import io.audioinsight.api.Problem;
import io.audioinsight.api.Problems;
import io.audioinsight.api.ResultJson;
import io.audioinsight.audio.Operation;
import io.audioinsight.inference.AudioRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The event-bus API for sibling verticles: {@code audio.snr-detect}, {@code audio.speaker-count} and
 * {@code audio.analyze}. The body is the WAV as a {@link Buffer} (parameters in DeliveryOptions headers) or a
 * {@link JsonObject} with {@code audio_base64}. It goes through the same parsing, validation, service and
 * JSON as HTTP; a failure is {@code message.fail(httpStatus, detail)}, i.e. a ReplyException whose
 * failureCode is the status the same input gets over HTTP.
 */
public final class AudioBusVerticle extends VerticleBase {

  public static final String SNR_DETECT = "audio.snr-detect";
  public static final String SPEAKER_COUNT = "audio.speaker-count";
  public static final String ANALYZE = "audio.analyze";

  private final FrontEndContext app;

  public AudioBusVerticle(FrontEndContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    // Local consumers: in cluster mode a sibling's request is taken by its own node, whose InferenceService then
    // forwards by capacity; a clustered consumer would have Vert.x send the audio to any node, round robin.
    List<MessageConsumer<Object>> consumers = List.of(
        vertx.eventBus().localConsumer(SNR_DETECT, m -> handle(m, Operation.SNR)),
        vertx.eventBus().localConsumer(SPEAKER_COUNT, m -> handle(m, Operation.SPEAKERS)),
        vertx.eventBus().localConsumer(ANALYZE, m -> handle(m, Operation.ANALYZE)));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  private void handle(Message<Object> message, Operation operation) {
    app.inFlight().started();
    long received = System.nanoTime();
    Future<AudioRequest> request;
    try {
      request = toAudioRequest(message).map(a -> a.from(received, a.signal()));
    } catch (RuntimeException invalid) {
      request = Future.failedFuture(invalid);
    }
    request
        .compose(audio -> app.inference().run(operation, audio))
        .map(result -> new JsonObject(ResultJson.render(operation, result)))
        .onComplete(ar -> {
          app.inFlight().finished();
          if (ar.succeeded()) {
            message.reply(ar.result());
          } else {
            Problem p = Problems.from(ar.cause());
            message.fail(p.status(), p.detail());
          }
        });
  }

  private Future<AudioRequest> toAudioRequest(Message<Object> message) {
    Object body = message.body();
    long limit = app.config().http().maxBodyBytes();
    if (body instanceof Buffer wav) {
      if (wav.length() > limit) {
        return Future.failedFuture(Problems.bodyTooLarge(limit).toException());
      }
      return Future.succeededFuture(new AudioRequest(wav, app.params().parse(message.headers()::get)));
    }
    if (body instanceof byte[] wav) {
      if (wav.length > limit) {
        return Future.failedFuture(Problems.bodyTooLarge(limit).toException());
      }
      return Future.succeededFuture(new AudioRequest(Buffer.buffer(wav), app.params().parse(message.headers()::get)));
    }
    if (body instanceof JsonObject json) {
      // base64 decoding costs ~1 ms per MB: off the event loop, like the HTTP JSON form.
      return vertx.executeBlocking(() -> JsonAudio.fromJson(json, message.headers()::get, app.params()), false);
    }
    String type = body == null ? "an empty body" : body.getClass().getSimpleName();
    return Future.failedFuture(Problems.unsupportedMediaType(
        "the message body must be a Buffer holding a WAV or a JsonObject with audio_base64, got " + type)
        .toException());
  }
}
