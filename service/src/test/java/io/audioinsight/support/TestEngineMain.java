package io.audioinsight.support;

import io.audioinsight.app.App;
import io.audioinsight.config.ConfigLoader;

/** The real App start-up and signal handling, with the test engine: for the child-JVM shutdown test. */
public final class TestEngineMain {

  private TestEngineMain() {}

  public static void main(String[] args) {
    App.run(ConfigLoader.load(), new TestAnalyzer(true));
  }
}
