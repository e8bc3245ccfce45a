package io.audioinsight.examples;

// snippet-start: README "Event-bus API" shows the code from here to snippet-end (EventBusExampleTest checks it)
import io.audioinsight.app.Service;
import io.audioinsight.audio.Engines;
import io.audioinsight.config.AppConfig;
import io.audioinsight.config.ConfigLoader;

/** Starts the service in this JVM and deploys {@link ReportVerticle} beside it: {@code ReportMain meeting.wav}. */
public final class ReportMain {

  public static void main(String[] args) {
    AppConfig config = ConfigLoader.load(); // conf/config.json, then system properties, then the environment
    Service.start(config, Engines.byName(config.vad().engine()))
        .compose(service -> service.warm().map(service)) // the worker pool is warm: analyses run at full speed
        .compose(service -> {
          ReportVerticle report = new ReportVerticle(args[0]);
          return service.vertx().deployVerticle(report)
              .compose(id -> report.report())
              .eventually(service::shutdown); // drain and stop once the report is in
        })
        .onComplete(done -> System.exit(done.succeeded() ? 0 : 1));
  }
}
// snippet-end
