package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.AudioDecoder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscoderTest {

  @TempDir
  Path dir;

  @Test
  void theMeanTakenWhileDecodingIsTheWrittenFilesMeanToTheBitAndItsSamplesAreTheSynchronousDecodes()
      throws Exception {
    Path opus = dir.resolve("voice.opus");
    try (InputStream in = TranscoderTest.class.getResourceAsStream("/voices/tuxes.opus")) {
      Files.write(opus, in.readAllBytes());
    }
    Path wav = dir.resolve("voice.wav");
    Transcoder.Decoded decoded = Transcoder.run(opus, wav, 600, Cancellation.NONE);

    WavChunks written = WavChunks.open(wav);
    assertThat(decoded.format().container()).isEqualTo("ogg");
    assertThat(decoded.mean()).isNotNaN().isNotZero();
    assertThat(decoded.mean()).isEqualTo(written.mean16kMono()); // exact: the same floats summed in the same order
    float[] sync = AudioDecoder.decode(Files.readAllBytes(opus), 600, Cancellation.NONE).samples();
    float[] fromFile = AudioDecoder.decode(Files.readAllBytes(wav), 600, Cancellation.NONE).samples();
    assertThat(fromFile).containsExactly(sync);
  }
}
