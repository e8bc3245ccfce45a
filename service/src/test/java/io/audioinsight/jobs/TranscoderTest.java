package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.Mp3Parts;
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
    assertThat(fromFile).isEqualTo(sync); // not containsExactly: AssertJ took 24 s over 480 000 floats
  }

  private static byte[] longMp3() throws Exception {
    return io.audioinsight.audio.fixtures.FormatSamples.longSpeechMp3();
  }

  @Test
  void anMp3DecodedInPartsInAnyOrderWritesTheVeryFileOfOneDecodeAndTheMeanTheEngineTakesOut() throws Exception {
    byte[] mp3 = longMp3();
    Path whole = dir.resolve("whole.wav");
    Transcoder.Decoded one = Transcoder.run(mp3, whole, 600, Cancellation.NONE);

    Mp3Parts plan = Mp3Parts.plan(mp3, 5);
    assertThat(plan.parts()).isGreaterThanOrEqualTo(8);
    Path parted = dir.resolve("parted.wav");
    Files.write(parted, new byte[10_000_000]); // left over from an earlier, longer run: cut off by the join
    Transcoder.Part[] parts = new Transcoder.Part[plan.parts()];
    for (int k = plan.parts() - 1; k >= 0; k--) {
      parts[k] = Transcoder.runPart(plan, k, parted, 600, Cancellation.NONE);
    }
    // a part run again (a preemption) writes the same bytes
    assertThat(Transcoder.runPart(plan, 2, parted, 600, Cancellation.NONE)).isEqualTo(parts[2]);
    Transcoder.Decoded joined = Transcoder.joinParts(plan, parts, parted);

    assertThat(Files.readAllBytes(parted)).isEqualTo(Files.readAllBytes(whole));
    assertThat(joined.format()).isEqualTo(one.format());
    assertThat(joined.seconds()).isEqualTo(one.seconds());
    // the parts' sums add up in another order than one running sum: the same mean to within an ulp or two, and
    // the same float, which is what the engine takes out
    assertThat(joined.mean()).isCloseTo(one.mean(), org.assertj.core.api.Assertions.within(Math.ulp(one.mean()) * 4));
    assertThat((float) joined.mean()).isEqualTo((float) one.mean());
  }
}
