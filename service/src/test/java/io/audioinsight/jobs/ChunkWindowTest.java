package io.audioinsight.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.audioinsight.support.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkWindowTest {

  @TempDir
  Path dir;

  /** 100.05 s at 16 kHz, cut every 32 s (40 x 0.8 s): four chunks, the last 4.05 s. */
  private WavChunks file() throws Exception {
    Path file = dir.resolve("a.wav");
    Files.write(file, TestAudio.pcm16Wav(new float[1_600_800], 16_000, 1));
    return WavChunks.open(file);
  }

  @Test
  void theFirstChunkHasNoContextAndATailThatEndsOnTheFileEndsGrid() throws Exception {
    WavChunks wav = file();
    ChunkWindow w = ChunkWindow.of(wav, 0, 512_000, 64, 512);
    assertThat(w.first()).isZero();
    assertThat(w.reportOffset()).isZero();
    assertThat(w.reportCount()).isEqualTo(512_000);
    long tailEnd = w.first() + w.count();
    assertThat(tailEnd - 512_000).isGreaterThanOrEqualTo((long) (4.5 * 16_000));
    assertThat((wav.frames() - tailEnd) % 1_600).isZero();
  }

  @Test
  void aLaterChunkHasItsContextOnTheAlignmentGridUpToItsStart() throws Exception {
    WavChunks wav = file();
    ChunkWindow second = ChunkWindow.of(wav, 1, 512_000, 64, 512);
    assertThat(second.reportOffset()).isEqualTo(512_000); // 64 s asked, only 32 s before it
    assertThat(second.first()).isZero();
    ChunkWindow third = ChunkWindow.of(wav, 2, 512_000, 10, 512);
    assertThat(third.reportOffset()).isEqualTo(166_400); // 10 s up to 10.4 s, 13 x 0.8 s
    assertThat(third.first()).isEqualTo(1_024_000 - 166_400);
  }

  @Test
  void theLastChunkEndsAtTheFileEnd() throws Exception {
    WavChunks wav = file();
    ChunkWindow last = ChunkWindow.of(wav, 3, 512_000, 64, 512);
    assertThat(last.reportCount()).isEqualTo(64_800);
    assertThat(last.first() + last.count()).isEqualTo(wav.frames());
  }
}
