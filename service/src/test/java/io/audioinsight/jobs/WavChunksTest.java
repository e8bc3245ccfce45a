package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.decode.AudioDecoder;
import io.audioinsight.audio.decode.DecodedSignal;
import io.audioinsight.support.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavChunksTest {

  @TempDir
  Path dir;

  @Test
  void theChunksOfAStereoWavDecodeToTheWholeFileDecodedInOnePiece() throws Exception {
    float[] signal = TestAudio.speechLike(7.3, 44_100, 20, 3);
    byte[] wav = TestAudio.pcm16Wav(signal, 44_100, 2);
    Path file = dir.resolve("a.wav");
    Files.write(file, wav);
    WavChunks chunks = WavChunks.open(file);
    assertThat(chunks).isNotNull();
    assertThat(chunks.seconds()).isCloseTo(7.3, org.assertj.core.data.Offset.offset(1e-4));
    long perChunk = chunks.framesPerChunk(2.0);
    assertThat(perChunk).isEqualTo(88_200);
    assertThat(chunks.count(perChunk)).isEqualTo(4);
    double total = 0;
    for (int i = 0; i < chunks.count(perChunk); i++) {
      DecodedSignal part = AudioDecoder.decode(chunks.chunk(i, perChunk), 10, Cancellation.NONE);
      assertThat(part.format().channels()).isEqualTo(2);
      assertThat(part.format().sampleRate()).isEqualTo(44_100);
      total += part.durationSeconds();
    }
    assertThat(total).isCloseTo(7.3, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void aSixteenKilohertzChunkHoldsExactlyTheSamplesOfItsSliceOfTheFile() throws Exception {
    byte[] wav = TestAudio.speechWav(3.0);
    Path file = dir.resolve("b.wav");
    Files.write(file, wav);
    WavChunks chunks = WavChunks.open(file);
    float[] whole = AudioDecoder.decode(wav, 10, Cancellation.NONE).samples();
    float[] second = AudioDecoder.decode(chunks.chunk(1, 16_000), 10, Cancellation.NONE).samples();
    assertThat(second).isEqualTo(Arrays.copyOfRange(whole, 16_000, 32_000));
  }

  @Test
  void aFileThatIsNotAWavHasNoChunkLayout() throws Exception {
    Path file = dir.resolve("c.bin");
    Files.write(file, TestAudio.notAWav());
    assertThat(WavChunks.open(file)).isNull();
  }

  @Test
  void theMeanOfASixteenKilohertzMonoFileIsTheOneTheEngineTakesOutOfTheWholeFile() throws Exception {
    float[] signal = TestAudio.speechLike(3.0, 16_000, 20, 5);
    for (int i = 0; i < signal.length; i++) {
      signal[i] += 0.01f; // an offset, so the mean is far from 0
    }
    byte[] wav = TestAudio.pcm16Wav(signal, 16_000, 1);
    Path file = dir.resolve("d.wav");
    Files.write(file, wav);
    float[] decoded = AudioDecoder.decode(wav, 10, Cancellation.NONE).samples();
    assertThat(WavChunks.open(file).mean16kMono()).isEqualTo(io.audioinsight.audio.SignalAnalyzer.mean(decoded));
  }

  @Test
  void theMeanOfAFloatFileWithNanInfinityAndOverRangeSamplesIsTheOneTheEngineTakesOut() throws Exception {
    float[] samples = {0.1f, Float.NaN, Float.POSITIVE_INFINITY, 3f, -1.5f, Float.NEGATIVE_INFINITY, 0.25f};
    java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(4 * samples.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : samples) {
      data.putFloat(v);
    }
    java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(44).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes())
        .put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 1).putInt(16_000).putInt(64_000)
        .putShort((short) 4).putShort((short) 32).put("data".getBytes()).putInt(data.capacity());
    byte[] wav = new byte[44 + data.capacity()];
    System.arraycopy(h.array(), 0, wav, 0, 44);
    System.arraycopy(data.array(), 0, wav, 44, data.capacity());
    Path file = dir.resolve("f.wav");
    Files.write(file, wav);
    float[] decoded = AudioDecoder.decode(wav, 10, Cancellation.NONE).samples();
    double mean = WavChunks.open(file).mean16kMono();
    assertThat(mean).isFinite().isEqualTo(io.audioinsight.audio.SignalAnalyzer.mean(decoded));
  }

  @Test
  void aFileTheEngineResamplesOrMixesHasNoWholeFileMean() throws Exception {
    Path file = dir.resolve("e.wav");
    Files.write(file, TestAudio.pcm16Wav(TestAudio.speechLike(1.0, 44_100, 20, 3), 44_100, 2));
    assertThat(WavChunks.open(file).mean16kMono()).isNaN();
  }

  @Test
  void framesPerChunkKeepToTheAlignmentGrid() throws Exception {
    Path file = dir.resolve("f.wav");
    Files.write(file, TestAudio.speechWav(10.0));
    WavChunks chunks = WavChunks.open(file);
    assertThat(chunks.framesPerChunk(5.0, 51_200)).isEqualTo(51_200); // 5 s down to 3.2 s
    assertThat(chunks.framesPerChunk(2.0, 51_200)).isEqualTo(32_000); // shorter than the grid: as asked
  }

  @Test
  void aSliceHoldsExactlyTheSamplesOfItsFrames() throws Exception {
    byte[] wav = TestAudio.speechWav(3.0);
    Path file = dir.resolve("g.wav");
    Files.write(file, wav);
    float[] whole = AudioDecoder.decode(wav, 10, Cancellation.NONE).samples();
    float[] slice = AudioDecoder.decode(WavChunks.open(file).slice(4_000, 20_000), 10, Cancellation.NONE).samples();
    assertThat(slice).isEqualTo(Arrays.copyOfRange(whole, 4_000, 24_000));
  }
  @Test
  void readFullyFillsAHeapBufferLargerThanOneReadFromTheGivenPositionAndRestoresItsLimit() throws Exception {
    byte[] content = new byte[WavChunks.MAX_READ_BYTES * 2 + 12_345];
    new java.util.Random(5).nextBytes(content);
    Path file = dir.resolve("big.bin");
    Files.write(file, content);
    byte[] into = new byte[content.length - 100];
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(into);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      WavChunks.readFully(ch, b, 100);
    }
    assertThat(into).isEqualTo(Arrays.copyOfRange(content, 100, content.length));
    assertThat(b.position()).isEqualTo(into.length);
    assertThat(b.limit()).isEqualTo(into.length);
  }

  @Test
  void readFullyPastTheEndOfTheFileSaysTheSpooledAudioEndedEarly() throws Exception {
    Path file = dir.resolve("short.bin");
    Files.write(file, new byte[1000]);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2000);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> WavChunks.readFully(ch, b, 0))
          .isInstanceOf(java.io.IOException.class).hasMessage("the spooled audio ended early");
    }
    assertThat(b.limit()).isEqualTo(2000);
  }
}
