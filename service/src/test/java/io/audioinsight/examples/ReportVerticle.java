package io.audioinsight.examples;

// snippet-start: README "Event-bus API" shows the code from here to snippet-end (EventBusExampleTest checks it)
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** Asks the service, over the event bus, for the SNR of one file, and prints it. */
public class ReportVerticle extends VerticleBase {

  private final String file;
  private Future<JsonObject> report;

  public ReportVerticle(String file) {
    this.file = file;
  }

  @Override
  public Future<?> start() {
    DeliveryOptions params = new DeliveryOptions()
        .addHeader("vad_hop_size", "256")
        .addHeader("vad_threshold", "0.6");
    report = vertx.fileSystem().readFile(file) // non-blocking, like everything on an event loop
        .compose(audio -> vertx.eventBus().<JsonObject>request("audio.analyze", audio, params))
        .map(reply -> reply.body())
        .onSuccess(body -> System.out.println("SNR " + body.getJsonObject("snr").getDouble("snr_db") + " dB"))
        .onFailure(err -> {
          if (err instanceof ReplyException re) {
            // e.g. "415: the audio format is not recognised from its content; ..."
            System.out.println(re.failureCode() + ": " + re.getMessage());
          }
        });
    return Future.succeededFuture(); // deployed at once; the report arrives when the analysis is done
  }

  /** The analysis reply (or the failure), once it has come. */
  public Future<JsonObject> report() {
    return report;
  }
}
// snippet-end
