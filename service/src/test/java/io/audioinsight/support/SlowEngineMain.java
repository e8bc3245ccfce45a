package io.audioinsight.support;

import io.audioinsight.app.App;
import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AnalysisResult;
import io.audioinsight.audio.Analyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.config.ConfigLoader;
import java.util.concurrent.locks.LockSupport;

/**
 * The real App in a child JVM with the test engine made slow: every analysis takes {@code TEST_ENGINE_DELAY_MS}
 * (checking its cancellation every millisecond, as the real engine checks between blocks), so that a test can
 * kill the process while jobs are queued and running.
 */
public final class SlowEngineMain {

  private SlowEngineMain() {}

  public static void main(String[] args) {
    long delayMs = Long.parseLong(System.getenv().getOrDefault("TEST_ENGINE_DELAY_MS", "0"));
    TestAnalyzer answers = new TestAnalyzer(true);
    Analyzer slow = new Analyzer() {
      @Override
      public AnalysisResult analyze(byte[] audio, AnalysisParams params, Cancellation cancellation) {
        long end = System.nanoTime() + delayMs * 1_000_000L;
        while (System.nanoTime() < end) {
          if (cancellation.isCancelled()) {
            throw new AnalysisCancelledException();
          }
          LockSupport.parkNanos(1_000_000L);
        }
        return answers.analyze(audio, params, cancellation);
      }

      @Override
      public String vadEngine() {
        return answers.vadEngine();
      }
    };
    App.run(ConfigLoader.load(), slow);
  }
}
