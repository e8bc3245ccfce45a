package io.audioinsight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.app.Service;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.support.Http;
import io.audioinsight.support.Http.Form;
import io.audioinsight.support.TestAnalyzer;
import io.audioinsight.support.TestAudio;
import io.audioinsight.support.TestServices;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * inference.thread_nice: the threads that run the engine have their nice value raised by the configured amount
 * over the event loops', read back from /proc as the kernel sees it; 0 leaves them as they are.
 */
@ExtendWith(VertxExtension.class)
@EnabledOnOs(OS.LINUX)
class InferenceThreadPriorityTest {

  @Test
  void inferenceThreadsRunAtTheConfiguredNiceValueAboveTheEventLoops(Vertx vertx, VertxTestContext tc)
      throws Exception {
    NiceRecordingAnalyzer engine = new NiceRecordingAnalyzer();
    Service service = TestServices.startWarm(TestServices.config(Map.of(
        "inference.pool_size", "2", "inference.thread_nice", "7")), engine);
    Http http = new Http(vertx, service.config().http().port());
    // The loop's own nice value, read on the loop that answers this request's completion.
    http.analyse("/v1/analyze", Form.RAW, TestAudio.speechWav(1), Map.of())
        .map(r -> new int[] {r.statusCode(), niceOfThisThread()})
        .eventually(() -> service.shutdown())
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r[0]).isEqualTo(200);
          int loop = niceOfThisThread();
          assertThat(engine.nices).as("the engine's threads (warm-up on both, then the request)").isNotEmpty()
              .containsOnly(Math.min(19, loop + 7));
          assertThat(engine.threads).as("both pool threads were lowered").hasSizeGreaterThanOrEqualTo(2);
          tc.completeNow();
        })));
  }

  @Test
  void threadNiceZeroLeavesInferenceThreadsAtTheProcessPriority(Vertx vertx, VertxTestContext tc) throws Exception {
    NiceRecordingAnalyzer engine = new NiceRecordingAnalyzer();
    int process = niceOfThisThread();
    Service service = TestServices.startWarm(TestServices.config(Map.of(
        "inference.pool_size", "2", "inference.thread_nice", "0")), engine);
    service.shutdown().onComplete(tc.succeeding(v -> tc.verify(() -> {
      assertThat(engine.nices).isNotEmpty().containsOnly(process);
      tc.completeNow();
    })));
  }

  /** Runs the test engine and records, on each call, the calling thread's nice value and name. */
  private static final class NiceRecordingAnalyzer implements Analyzer {
    final Set<Integer> nices = ConcurrentHashMap.newKeySet();
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final TestAnalyzer delegate = new TestAnalyzer(true);

    @Override
    public AnalysisResult analyze(byte[] audio, AnalysisParams params, Cancellation cancellation) {
      nices.add(niceOfThisThread());
      threads.add(Thread.currentThread().getName());
      return delegate.analyze(audio, params, cancellation);
    }

    @Override
    public String vadEngine() {
      return delegate.vadEngine();
    }
  }

  private static int niceOfThisThread() {
    return io.audioinsight.support.ThreadNiceValue.ofThisThread();
  }
}
