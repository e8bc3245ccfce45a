package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.audioinsight.audio.AudioFormatException;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.decode.AudioDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusBuilderTest {

  static Path dir;

  static List<ManifestEntry> entries;

  @BeforeAll
  static void build() throws IOException {
    dir = TinyCorpus.dir();
    entries = TinyCorpus.entries();
  }

  private static List<ManifestEntry> set(String name) {
    return entries.stream().filter(e -> e.set().equals(name)).toList();
  }

  @Test
  void everySetHasItsFiles() {
    assertThat(set(ManifestEntry.SET_SINGLE)).hasSize(CorpusBuilder.NOISES.size() * CorpusBuilder.SNRS_DB.size());
    assertThat(set(ManifestEntry.SET_SPEAKERS)).hasSize(4 * TinyCorpus.OPTIONS.speakerFilesPerCount());
    assertThat(set(ManifestEntry.SET_EDGE)).extracting(ManifestEntry::condition).contains("silence", "noise_only_pink",
        "clipped", "dc_offset", "rate_8k", "rate_44k_stereo", "pcm24", "float32", "short_0.1s", "truncated_header",
        "not_a_wav");
    for (ManifestEntry e : entries) {
      assertThat(dir.resolve(e.file())).exists();
    }
  }

  @Test
  void singleSetFilesHaveExactlyTheirTargetActiveSpeechSnr() {
    for (ManifestEntry e : set(ManifestEntry.SET_SINGLE)) {
      assertThat(e.snrDb()).as(e.file()).isCloseTo(e.targetSnrDb(), within(1e-4));
      assertThat(e.globalSnrDb()).as(e.file()).isLessThan(e.snrDb());
      assertThat(e.speechSegments()).isNotEmpty();
      assertThat(e.speakerCount()).isEqualTo(1);
    }
  }

  @Test
  void speakerFilesCountTheirVoicesAndNumberThemByFirstAppearance() {
    for (ManifestEntry e : set(ManifestEntry.SET_SPEAKERS)) {
      int voices = Integer.parseInt(e.condition().substring(0, 1));
      assertThat(e.speakerCount()).as(e.file()).isEqualTo(voices);
      assertThat(e.speakers()).hasSize(voices).doesNotHaveDuplicates();
      int seen = 0;
      for (SpeakerSegment s : e.turns()) {
        assertThat(s.speaker()).isLessThanOrEqualTo(seen + 1);
        seen = Math.max(seen, s.speaker());
      }
      assertThat(seen).isEqualTo(voices);
      if (e.targetSnrDb() == null) {
        assertThat(e.snrDb()).isEqualTo(100.0);
      } else {
        assertThat(e.snrDb()).isCloseTo(e.targetSnrDb(), within(1e-4));
      }
    }
  }

  @Test
  void writtenFilesMatchTheirManifestFormat() throws IOException {
    for (ManifestEntry e : entries) {
      if (e.encoding().equals("broken")) {
        continue;
      }
      WavIo.Audio a = WavIo.read(Files.readAllBytes(dir.resolve(e.file())));
      assertThat(a.sampleRate()).as(e.file()).isEqualTo(e.sampleRate());
      assertThat(a.channels()).as(e.file()).isEqualTo(e.channels());
      if (!e.condition().equals("data_overclaim")) {
        assertThat(a.samples().length / (double) a.sampleRate()).as(e.file()).isCloseTo(e.durationS(), within(1e-5));
      }
    }
  }

  @Test
  void silenceAndNoiseOnlyHaveNoSpeechAndBrokenFilesExpectTheirErrorKind() throws IOException {
    ManifestEntry silence = entries.stream().filter(e -> e.condition().equals("silence")).findFirst().orElseThrow();
    assertThat(silence.expect()).isEqualTo(ManifestEntry.EXPECT_NO_SPEECH);
    assertThat(silence.snrDb()).isNull();
    assertThat(WavIo.read(Files.readAllBytes(dir.resolve(silence.file()))).samples()).containsOnly(0f);
    ManifestEntry truncated = entries.stream().filter(e -> e.condition().equals("truncated_header")).findFirst().orElseThrow();
    assertThat(truncated.errorKind()).isEqualTo("TRUNCATED");
    assertThat(Files.size(dir.resolve(truncated.file()))).isEqualTo(30);
  }

  /**
   * What the manifest expects of a broken file is what the engine says of it: since other formats are read too
   * (issue 18), a plain text file is an unsupported format (415), not a broken WAV.
   */
  @Test
  void everyBrokenFileIsRejectedByTheDecoderWithTheKindItsManifestExpects() throws IOException {
    List<ManifestEntry> broken = entries.stream().filter(e -> e.expect().equals(ManifestEntry.EXPECT_ERROR)).toList();
    assertThat(broken).extracting(ManifestEntry::condition).contains("not_a_wav", "truncated_header");
    for (ManifestEntry e : broken) {
      byte[] bytes = Files.readAllBytes(dir.resolve(e.file()));
      assertThatThrownBy(() -> AudioDecoder.decode(bytes, 3600, Cancellation.NONE))
          .as(e.file())
          .isInstanceOfSatisfying(AudioFormatException.class,
              x -> assertThat(x.kind().name()).as(e.file()).isEqualTo(e.errorKind()));
    }
  }

  @Test
  void theManifestReadsBackUnchanged() throws IOException {
    assertThat(Manifest.read(dir.resolve(Manifest.FILE_NAME))).isEqualTo(entries);
  }

  @Test
  void buildingAgainGivesTheSameBytes(@TempDir Path again) throws IOException {
    TinyCorpus.build(again);
    assertThat(Files.readString(again.resolve(Manifest.FILE_NAME)))
        .isEqualTo(Files.readString(dir.resolve(Manifest.FILE_NAME)));
    for (ManifestEntry e : entries) {
      assertThat(Files.readAllBytes(again.resolve(e.file()))).as(e.file())
          .isEqualTo(Files.readAllBytes(dir.resolve(e.file())));
    }
  }
}
