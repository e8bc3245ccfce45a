package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bug in the engine is a 500 whose body holds only an error id; the id and the stack trace go to the log. */
@ExtendWith(VertxExtension.class)
class InternalErrorTest {

  @Test
  void anEngineBugIs500WithAnErrorIdThatIsLoggedAndNoStackTraceInTheBody(Vertx vertx, VertxTestContext tc)
      throws Exception {
    TestAnalyzer engine = new TestAnalyzer(true);
    Service service = TestServices.startWarm(TestServices.config(Map.of()), engine);
    engine.failWith(new IllegalStateException("secret internal state 42"));
    List<LogRecord> records = new ArrayList<>();
    Handler capture = new Handler() {
      @Override public void publish(LogRecord r) {
        synchronized (records) {
          records.add(r);
        }
      }
      @Override public void flush() {}
      @Override public void close() {}
    };
    Logger problems = Logger.getLogger("io.audioinsight.api.Problems");
    problems.addHandler(capture);
    new Http(vertx, service.config().http().port()).analyse("/v1/analyze", Form.RAW, TestAudio.speechWav(1), Map.of())
        .eventually(() -> service.shutdown())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          problems.removeHandler(capture);
          assertThat(r.statusCode()).isEqualTo(500);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
          JsonObject body = r.bodyAsJsonObject();
          String detail = body.getString("detail");
          String id = detail.replaceAll(".*error id ([0-9a-f-]{36}).*", "$1");
          assertThat(id).hasSize(36);
          assertThat(r.bodyAsString()).doesNotContain("secret internal state", "IllegalStateException", "at io.");
          synchronized (records) {
            assertThat(records).anySatisfy(rec -> {
              assertThat(rec.getMessage()).contains(id);
              assertThat(rec.getThrown()).hasMessage("secret internal state 42");
            });
          }
          tc.completeNow();
        })));
  }
}
