package io.audioinsight.audio.speakers.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.audioinsight.audio.AnalysisCancelledException;
import io.audioinsight.audio.AnalysisParams;
import io.audioinsight.audio.AudioAnalyzer;
import io.audioinsight.audio.Cancellation;
import io.audioinsight.audio.Operation;
import io.audioinsight.audio.SpeakerHints;
import io.audioinsight.audio.SpeakerResult;
import io.audioinsight.audio.SpeakerSegment;
import io.audioinsight.audio.SpeakerTime;
import io.audioinsight.audio.Spectrogram;
import io.audioinsight.audio.vad.DspVad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The embedding counter end to end through {@link AudioAnalyzer}, on recordings of real people it never trained on. */
class EmbeddingSpeakerCounterTest {

  private static final SpeakerEmbeddingModel MODEL = SpeakerEmbeddingModel.fromClasspath();
  private static final AudioAnalyzer ANALYZER = new AudioAnalyzer(new DspVad(), new EmbeddingSpeakerCounter(MODEL));
  private static final AnalysisParams PARAMS = AnalysisParams.defaults(Operation.SPEAKERS, 3_600);

  /** Two narrators of tuxpaint-stamps-default (Russian, Spanish) taking 4 s turns for 60 s. */
  private static final byte[] TWO_VOICES = RealVoices.wav(RealVoices.turns(4.0, 60, RealVoices.TUX_RU,
      RealVoices.TUX_ES));
  private static final byte[] ONE_VOICE_60S = RealVoices.wav(RealVoices.samples(RealVoices.JUNE));

  @AfterAll
  static void close() {
    MODEL.close();
  }

  private static SpeakerResult speakers(byte[] wav, SpeakerHints hints) {
    return ANALYZER.analyze(wav, PARAMS.withSpeakerHints(hints), Cancellation.NONE).speakers();
  }

  @Test
  void twoRealVoicesTakingTurnsAreCountedAsTwo() {
    SpeakerResult r = speakers(TWO_VOICES, SpeakerHints.NONE);
    assertThat(r.speakerCount()).isEqualTo(2);
    assertThat(r.speakerEngine()).isEqualTo("embedding");
    assertThat(r.speakerSegments()).extracting(SpeakerSegment::speaker).containsOnly(1, 2);
  }

  @Test
  void oneRealVoiceForSixtySecondsIsCountedAsOne() {
    SpeakerResult r = speakers(ONE_VOICE_60S, SpeakerHints.NONE);
    assertThat(r.speakerCount()).isEqualTo(1);
    assertThat(r.speakingTime()).hasSize(1);
    assertThat(r.speakingTime().get(0).seconds()).isBetween(30.0, 60.0);
  }

  @Test
  void oneRealVoiceForTenMinutesIsCountedAsOne() {
    float[] tenMinutes = RealVoices.samples(RealVoices.JUNE_TEN_MINUTES);
    assertThat(tenMinutes.length).isEqualTo(600 * RealVoices.RATE);
    SpeakerResult r = speakers(RealVoices.wav(tenMinutes), SpeakerHints.NONE);
    assertThat(r.speakerCount()).isEqualTo(1);
    assertThat(r.speakingTime().get(0).seconds()).isGreaterThan(300.0);
  }

  @Test
  void theSegmentsFollowTheTurns() {
    SpeakerResult r = speakers(TWO_VOICES, SpeakerHints.NONE);
    // RealVoices.turns: voice k % 2 speaks [4.3 k, 4.3 k + 4) s; speakers are numbered by first appearance
    double agree = 0;
    double total = 0;
    for (SpeakerSegment s : r.speakerSegments()) {
      for (double t = s.start() + 0.005; t < s.end(); t += 0.01) {
        int turn = (int) Math.floor(t / 4.3);
        if (t - turn * 4.3 < 4.0) {
          total++;
          agree += (turn % 2) + 1 == s.speaker() ? 1 : 0;
        }
      }
    }
    assertThat(total).isGreaterThan(20 / 0.01);
    // run 3 agreed 0.88 of the time here, model2 over 0.9; a wrong voice per turn would be 0.5
    assertThat(agree / total).isGreaterThan(0.85);
  }

  @Test
  void eachSpeakersSpeakingTimeIsItsSpeechAndTheSegmentsHoldIt() {
    SpeakerResult r = speakers(TWO_VOICES, SpeakerHints.NONE);
    assertThat(r.speakingTime()).extracting(SpeakerTime::speaker).containsExactly(1, 2);
    for (SpeakerTime t : r.speakingTime()) {
      double inSegments = r.speakerSegments().stream().filter(s -> s.speaker() == t.speaker())
          .mapToDouble(s -> s.end() - s.start()).sum();
      assertThat(t.seconds()).isGreaterThan(1.0).isLessThanOrEqualTo(inSegments + 1e-6);
    }
    double total = r.speakingTime().stream().mapToDouble(SpeakerTime::seconds).sum();
    assertThat(total).isBetween(20.0, 60.0);
  }

  @Test
  void numSpeakersIsObeyedAboveAndBelowWhatTheCounterFinds() {
    assertThat(speakers(ONE_VOICE_60S, new SpeakerHints(2, 0, 0)).speakerCount()).isEqualTo(2);
    assertThat(speakers(ONE_VOICE_60S, new SpeakerHints(3, 0, 0)).speakerCount()).isEqualTo(3);
    assertThat(speakers(TWO_VOICES, new SpeakerHints(1, 0, 0)).speakerCount()).isEqualTo(1);
  }

  @Test
  void minAndMaxSpeakersBoundTheCount() {
    assertThat(speakers(TWO_VOICES, new SpeakerHints(0, 3, 0)).speakerCount()).isEqualTo(3);
    assertThat(speakers(TWO_VOICES, new SpeakerHints(0, 0, 1)).speakerCount()).isEqualTo(1);
    assertThat(speakers(TWO_VOICES, new SpeakerHints(0, 1, 4)).speakerCount()).isEqualTo(2);
    assertThat(speakers(ONE_VOICE_60S, new SpeakerHints(0, 1, 3)).speakerCount()).isEqualTo(1);
  }

  @Test
  void hintsDoNotInventSpeakersInSilence() {
    byte[] silence = RealVoices.wav(new float[10 * RealVoices.RATE]);
    SpeakerResult r = speakers(silence, new SpeakerHints(2, 0, 0));
    assertThat(r.speakerCount()).isZero();
    assertThat(r.speakerSegments()).isEmpty();
    assertThat(r.speakingTime()).isEmpty();
  }

  @Test
  void theSameInputGivesTheSameResultOnEightThreadsAtOnceAndAcrossRuns() throws Exception {
    SpeakerResult reference = speakers(TWO_VOICES, SpeakerHints.NONE);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<SpeakerResult>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte[] wav = i % 2 == 0 ? TWO_VOICES : ONE_VOICE_60S;
        calls.add(() -> speakers(wav, SpeakerHints.NONE));
      }
      List<Future<SpeakerResult>> results = pool.invokeAll(calls);
      SpeakerResult one = speakers(ONE_VOICE_60S, SpeakerHints.NONE);
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? reference : one);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theCounterStopsBetweenWindowsOnceCancelled() {
    float[] samples = RealVoices.looped(RealVoices.JUNE, 120);
    Spectrogram spec = Spectrogram.of(samples, Cancellation.NONE);
    boolean[] allSpeech = new boolean[spec.frames()];
    Arrays.fill(allSpeech, true);
    AtomicInteger polls = new AtomicInteger();
    Cancellation afterTenPolls = () -> polls.incrementAndGet() > 10;
    assertThatThrownBy(() -> new EmbeddingSpeakerCounter(MODEL).count(samples, spec, allSpeech, SpeakerHints.NONE,
        afterTenPolls)).isInstanceOf(AnalysisCancelledException.class);
    // 159 windows, checked every 16: cancelled while embedding, long before the end
    assertThat(polls.get()).isEqualTo(11);
  }
}
