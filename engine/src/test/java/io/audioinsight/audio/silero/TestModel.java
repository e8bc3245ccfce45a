package io.audioinsight.audio.silero;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/** The model the build packed into target/classes, loaded once per test JVM; tests skip cleanly without it. */
final class TestModel {

  private static final Optional<SileroModel> MODEL = load();

  private TestModel() {}

  private static Optional<SileroModel> load() {
    try {
      return SileroModel.fromClasspath();
    } catch (SileroModelUnavailableException e) {
      return Optional.empty();
    }
  }

  static boolean available() {
    return MODEL.isPresent();
  }

  /** The shared model; skips the calling test when the build could not obtain it. */
  static SileroModel model() {
    assumeTrue(MODEL.isPresent(), "Silero VAD model not obtained by the build (scripts/fetch-silero-model.sh"
        + " warned: no npm or no registry); skipping the tests that need it");
    return MODEL.get();
  }
}
