package io.audioinsight.audio.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the decoder: for any bytes it either returns sane audio or throws
 * {@link io.audioinsight.audio.AudioFormatException}; anything else (another exception, an out-of-range sample,
 * an OutOfMemoryError from a trusted size) is a finding.
 *
 * <p>{@code mvn verify} only replays the committed inputs in
 * {@code src/test/resources/io/audioinsight/audio/decode/WavDecoderFuzzTestInputs/<method>/} (seeds and past
 * findings). {@code scripts/fuzz.sh MINUTES} fuzzes for real (JAZZER_FUZZ=1); new crashing inputs land in that
 * directory and become regression tests once committed.
 *
 * <p>To fuzz another entry point (the analyzer, say), add a {@code @FuzzTest} method taking {@code byte[]} in a test
 * class of its own package, create its {@code <Class>Inputs/<method>/} resource directory with a few seed WAVs, and
 * pass the class and method to {@code scripts/fuzz.sh}.
 */
class WavDecoderFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void decodeReturnsSaneAudioOrThrowsAudioFormatException(byte[] input) {
    DecodedAudioChecks.decodeExpectingOnlyFormatErrors(input);
  }
}
