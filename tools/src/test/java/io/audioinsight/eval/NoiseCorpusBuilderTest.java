package io.audioinsight.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseCorpusBuilderTest {

  @TempDir
  static Path tmp;

  static List<ManifestEntry> entries;

  /** Recordings made in code stand in for the Debian packages: a beep, a click and a chord per split. */
  @BeforeAll
  static void build() throws IOException {
    Path rec = tmp.resolve("recordings");
    for (String category : List.of("alarm", "sfx", "music")) {
      Files.createDirectories(rec.resolve(category));
      for (int i = 0; i < 4; i++) {
        float[] x = new float[(category.equals("music") ? 3 : 1) * NoiseCorpusBuilder.RATE / (i + 1)];
        for (int k = 0; k < x.length; k++) {
          x[k] = (float) (0.2 * Math.sin(2 * Math.PI * (440 + 110 * i) * k / NoiseCorpusBuilder.RATE));
        }
        Files.write(rec.resolve(category).resolve(category + i + ".wav"),
            WavIo.write(x, NoiseCorpusBuilder.RATE, WavIo.Encoding.PCM16));
      }
    }
    NoiseCorpusBuilder.Recordings recordings = NoiseCorpusBuilder.Recordings.load(rec, "tune");
    entries = new NoiseCorpusBuilder(UtterancePool.synthetic(3, 4, 7), recordings, tmp.resolve("out"), 1, 1).build();
  }

  @Test
  void everyNoiseTypeComesAtEverySnrAndTheNoiseOnlyFilesExpectNoSpeech() {
    List<ManifestEntry> single = entries.stream().filter(e -> e.set().equals(ManifestEntry.SET_SINGLE)).toList();
    assertThat(single).hasSize(NoiseCorpusBuilder.NOISES.size() * NoiseCorpusBuilder.SNRS_DB.size());
    assertThat(single).extracting(ManifestEntry::noise).containsAll(NoiseCorpusBuilder.NOISES);
    List<ManifestEntry> edge = entries.stream().filter(e -> e.set().equals(ManifestEntry.SET_EDGE)).toList();
    assertThat(edge).extracting(ManifestEntry::condition).contains("noise_only_phone_music", "silence");
    assertThat(edge).allMatch(e -> e.expect().equals(ManifestEntry.EXPECT_NO_SPEECH) && e.snrDb() == null);
    for (ManifestEntry e : entries) {
      assertThat(tmp.resolve("out").resolve(e.file())).exists();
    }
  }

  @Test
  void singleFilesHaveTheirTargetSnrAndMixturesNameTheirTwoNoises() {
    for (ManifestEntry e : entries) {
      if (e.set().equals(ManifestEntry.SET_SINGLE)) {
        assertThat(e.snrDb()).as(e.file()).isCloseTo(e.targetSnrDb(), within(1e-4));
        assertThat(e.speechSegments()).isNotEmpty();
        if (e.noise().equals("mix2")) {
          assertThat(e.condition().split("\\+")).hasSize(2).allMatch(NoiseCorpusBuilder.MIXABLE::contains);
        }
      }
    }
  }

  @Test
  void theTwoSplitsTakeDifferentRecordings() throws IOException {
    Path rec = tmp.resolve("recordings");
    float[] tuneFirst = NoiseCorpusBuilder.Recordings.load(rec, "tune").alarm().get(0);
    float[] reportFirst = NoiseCorpusBuilder.Recordings.load(rec, "report").alarm().get(0);
    assertThat(tuneFirst.length).isNotEqualTo(reportFirst.length);
  }

  @Test
  void madeNoisesHaveUnitRmsAndAreRepeatable() {
    int n = 3 * NoiseCorpusBuilder.RATE;
    for (float[] x : List.of(RealWorldNoise.keyboard(n, 16_000, 5), RealWorldNoise.traffic(n, 16_000, 5),
        RealWorldNoise.rumble(n, 16_000, 5))) {
      assertThat(GroundTruth.meanPower(x)).isCloseTo(1.0, within(1e-3));
    }
    assertThat(RealWorldNoise.keyboard(n, 16_000, 5)).containsExactly(RealWorldNoise.keyboard(n, 16_000, 5));
  }

  @Test
  void eventsComeAndGoOverAQuietHiss() {
    float[] beep = new float[1600];
    for (int i = 0; i < beep.length; i++) {
      beep[i] = (float) Math.sin(2 * Math.PI * 1000 * i / 16_000.0);
    }
    float[] x = RealWorldNoise.events(List.of(beep), 10 * 16_000, 16_000, new Random(3));
    double loudest = 0;
    double quietest = Double.MAX_VALUE;
    for (int from = 0; from + 320 <= x.length; from += 320) {
      double p = GroundTruth.meanPower(java.util.Arrays.copyOfRange(x, from, from + 320));
      loudest = Math.max(loudest, p);
      quietest = Math.min(quietest, p);
    }
    assertThat(10 * Math.log10(loudest / quietest)).isGreaterThan(20); // events well above the hiss
    assertThat(quietest).isGreaterThan(0); // but never digital silence
  }
}
